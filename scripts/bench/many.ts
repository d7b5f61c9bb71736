/**
 * The bench's many-files section (issue 22): a library is 20,000–200,000 items, many of them small
 * (messenger images, screenshots), delivered by Takeout in many parts. An export of small JPEGs
 * (24–56 KB, each with its sidecar) in 20 zip parts is imported against `unzip` + `sync` of the same
 * parts; the same export plus 5% new is imported again; `verify`, `index rebuild` (of a lost index)
 * and `status` run on that library. Each command's peak RSS is sampled, and the first import's peak
 * is compared with the same import of a tenth of the files: memory must not grow with the count. So
 * are the peaks of the other commands (many_commands.ts): the export imported as `.tgz` parts and
 * as an extracted folder, the console's overview, a pick and a backup of 2,000 items, `gc`.
 *
 * @module
 */
import { join } from "node:path";
import { writeManyExport } from "../../src/simulator/takeout/mod.ts";
import { f1, f2, log, MB, measure, ratio, RUN, type Section } from "./support.ts";
import { commandPeaks, formImports } from "./many_commands.ts";

/** Sizes of the many-files rows. */
export interface ManyParameters {
  /** Photos of the large export (each with its sidecar: twice as many entries). */
  photos: number;
  /** Photos of the small export whose peak RSS the large one's is compared with. */
  smallPhotos: number;
  /** Zip parts of each export. */
  parts: number;
  /** Photo sizes in bytes. */
  size: [number, number];
  /** Items of the pick and the backup into each library (Google's cap on a session: 2,000). */
  picked: number;
}

const FIRST = "takeout-20261101T000000Z";
const SECOND = "takeout-20261201T000000Z";

/** Runs a CLI command measured (time, peak RSS), with its config folder, in UTC. */
async function cliMeasured(args: string[], configDir: string) {
  const run = await measure(Deno.execPath(), [...RUN, ...args, "--quiet"], {
    GPHOTOS_NAS_CONFIG_DIR: configDir,
    TZ: "UTC",
  });
  if (run.code !== 0 && run.code !== 1) throw new Error(`${args[0]} exited ${run.code}`);
  return run;
}

const sync = () => measure("sync", []);

/** First import of `photos` small files (+ its `sync`), in a fresh library under `dir`. */
async function firstImport(dir: string, p: ManyParameters, photos: number) {
  const parts = await writeManyExport(dir, { ...p, photos, stem: FIRST });
  const configDir = await Deno.makeTempDir({ dir });
  const dest = join(dir, "lib");
  await sync();
  const run = await cliMeasured(["import", ...parts, "--dest", dest, "--json"], configDir);
  const after = await sync();
  return { parts, configDir, dest, run, syncSeconds: after.seconds, json: JSON.parse(run.stdout) };
}

/** The many-files rows. */
export async function benchMany(work: string, p: ManyParameters): Promise<Section> {
  // The small export first: its peak RSS is the baseline of the large one's.
  const smallDir = await Deno.makeTempDir({ dir: work, prefix: "many-small-" });
  log(`many: importing ${p.smallPhotos} small photos`);
  const small = await firstImport(smallDir, p, p.smallPhotos);
  const smallForms = await formImports(smallDir, small.parts);
  const smallCommands = await commandPeaks(smallDir, small.dest, small.configDir, p.picked);
  await Deno.remove(smallDir, { recursive: true });

  const dir = await Deno.makeTempDir({ dir: work, prefix: "many-" });
  log(`many: writing ${p.photos} small photos in ${p.parts} parts`);
  const probe = await writeManyExport(dir, { ...p, photos: p.photos, stem: FIRST });
  let archiveBytes = 0;
  for (const part of probe) archiveBytes += (await Deno.stat(part)).size;
  await sync();
  const unzip = await measure("bash", [
    "-c",
    probe.map((part) => `unzip -q -o ${part} -d ${join(dir, "unzipped")}`).join(" && "),
  ]);
  const unzipSync = await sync();
  await Deno.remove(join(dir, "unzipped"), { recursive: true });
  for (const part of probe) await Deno.remove(part);
  log(`many: unzip ${f1(unzip.seconds)} s + sync ${f1(unzipSync.seconds)} s`);

  const first = await firstImport(dir, p, p.photos);
  log(
    `many: import ${f1(first.run.seconds)} s + sync ${f1(first.syncSeconds)} s, peak ` +
      `${f1(first.run.peakRssMiB)} MiB (${p.smallPhotos}: ${f1(small.run.peakRssMiB)} MiB)`,
  );
  log(`many: importing the ${p.photos} photos as .tgz parts and as an extracted folder`);
  const forms = await formImports(dir, first.parts);
  for (const part of first.parts) await Deno.remove(part);
  const newShare = 0.05;
  const second = await writeManyExport(dir, {
    ...p,
    photos: Math.round(p.photos * (1 + newShare)),
    stem: SECOND,
  });
  const again = await cliMeasured(
    ["import", ...second, "--dest", first.dest, "--json"],
    first.configDir,
  );
  const againSync = await sync();
  const againJson = JSON.parse(again.stdout);
  log(`many: re-import ${f1(again.seconds)} s, ${againJson.recognized} recognised`);
  for (const part of second) await Deno.remove(part);

  const verify = await cliMeasured(["verify", "--dest", first.dest], first.configDir);
  const status = await cliMeasured(["status", "--dest", first.dest], first.configDir);
  // A lost index: everything on disk recorded again.
  for (const suffix of ["", "-wal", "-shm"]) {
    await Deno.remove(join(first.dest, ".gphotos-nas", `index.sqlite${suffix}`)).catch(() => {});
  }
  const rebuild = await cliMeasured(["index", "rebuild", "--dest", first.dest], first.configDir);
  log(
    `many: verify ${f1(verify.seconds)} s, status ${f2(status.seconds)} s, rebuild ` +
      `${f1(rebuild.seconds)} s`,
  );
  log("many: the console, a pick, a backup and gc on that library");
  const commands = await commandPeaks(dir, first.dest, first.configDir, p.picked);
  await Deno.remove(dir, { recursive: true });

  const files = first.json.downloaded as number;
  const importTotal = first.run.seconds + first.syncSeconds;
  const unzipTotal = unzip.seconds + unzipSync.seconds;
  const speedup = ratio(first.run.seconds, again.seconds + againSync.seconds);
  const rss = (run: { peakRssMiB: number }) => `${f1(run.peakRssMiB)} MiB`;
  const k = (n: number) => n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);
  // A large run's peak against the small one's: memory must not grow with the count.
  const versus = (
    name: string,
    large: { peakRssMiB: number },
    base: { peakRssMiB: number },
  ): [string, string, string, string] => [
    name,
    `${rss(large)} vs ${rss(base)}`,
    `${f2(ratio(large.peakRssMiB, base.peakRssMiB))}×`,
    "≤ 1.15×, ≤ 150 MiB",
  ];
  return {
    result: {
      parameters: p,
      archiveBytes,
      files,
      unzipSeconds: unzip.seconds,
      unzipSyncSeconds: unzipSync.seconds,
      importSeconds: first.run.seconds,
      importSyncSeconds: first.syncSeconds,
      importPeakRssMiB: first.run.peakRssMiB,
      smallImportPeakRssMiB: small.run.peakRssMiB,
      smallImportSeconds: small.run.seconds,
      reimportSeconds: again.seconds,
      reimportSyncSeconds: againSync.seconds,
      reimportPeakRssMiB: again.peakRssMiB,
      reimport: againJson,
      verify: { seconds: verify.seconds, peakRssMiB: verify.peakRssMiB },
      status: { seconds: status.seconds, peakRssMiB: status.peakRssMiB },
      rebuild: { seconds: rebuild.seconds, peakRssMiB: rebuild.peakRssMiB },
      forms,
      smallForms,
      commands,
      smallCommands,
    },
    rows: [
      [
        `${k(files)} small files (${f1(archiveBytes / (1024 * MB))} GiB, ${p.parts} zip parts): ` +
        "import vs unzip, both ending with sync",
        `${f1(importTotal)} vs ${f1(unzipTotal)} s (${f1(files / importTotal)} files/s)`,
        `${f2(ratio(unzipTotal, importTotal))}×`,
        "≥ 0.5× (goal 0.8×)",
      ],
      [
        `Peak RSS of that import vs the same import of ${k(p.smallPhotos)} files`,
        `${rss(first.run)} vs ${rss(small.run)}`,
        `${f2(ratio(first.run.peakRssMiB, small.run.peakRssMiB))}×`,
        "≤ 1.15×, ≤ 150 MiB",
      ],
      [
        `Re-import of that export +${Math.round(newShare * 100)}% new vs the first import`,
        `${f1(again.seconds + againSync.seconds)} vs ${f1(first.run.seconds)} s, peak ${
          rss(again)
        }`,
        `${f1(speedup)}×`,
        "≥ 10×",
      ],
      [
        `verify / status / index rebuild (lost index) of ${k(files)} files`,
        `${f1(verify.seconds)} / ${f2(status.seconds)} / ${f1(rebuild.seconds)} s`,
        `peak ${rss(verify)} / ${rss(status)} / ${rss(rebuild)}`,
        "≤ 150 MiB each",
      ],
      ...(["tgz", "folder"] as const).map((form) =>
        versus(
          `Peak RSS of the first import of that export as ${
            form === "tgz" ? ".tgz parts" : "an extracted folder"
          } vs ${k(p.smallPhotos)} files`,
          forms[form],
          smallForms[form],
        )
      ),
      versus(
        `Peak RSS of serve (its first page and /api/overview) on ${k(files)} vs ${
          k(p.smallPhotos)
        } files`,
        commands.serve,
        smallCommands.serve,
      ),
      ...(["pick", "backup"] as const).map((command) =>
        versus(
          `Peak RSS of a ${command} of ${k(p.picked)} items into ${k(files)} vs ${
            k(p.smallPhotos)
          } files`,
          commands[command],
          smallCommands[command],
        )
      ),
      versus(
        `Peak RSS of gc removing ${k(commands.gc.removed)} vs ${
          k(smallCommands.gc.removed)
        } superseded copies`,
        commands.gc,
        smallCommands.gc,
      ),
    ],
  };
}

if (import.meta.main) {
  // One section by hand: `deno run -A scripts/bench/many.ts PHOTOS SMALL_PHOTOS [PARTS]`.
  const [photos = "2000", smallPhotos = "200", parts = "20"] = Deno.args;
  const work = await Deno.makeTempDir({ prefix: "gphotos-nas-bench-many-" });
  try {
    const p = { photos: +photos, smallPhotos: +smallPhotos, parts: +parts };
    const section = await benchMany(work, { ...p, size: [24 * 1024, 56 * 1024], picked: 2_000 });
    console.log(JSON.stringify(section, null, 2));
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}
