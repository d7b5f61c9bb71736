/**
 * The bench's Takeout and start-up rows: a first import of a 3-part zip export against `unzip`
 * extracting the same parts to the same disk, each timed without and with a final `sync`; the
 * import's peak RSS on that export and on compression bombs inflated at once; and start-up against
 * an empty `deno run`.
 *
 * @module
 */
import { join } from "node:path";
import { firstExport, writeBombZip, writeExport } from "../../src/simulator/takeout/mod.ts";
import { photoBytesSync } from "../../src/simulator/media.ts";
import { f1, f2, log, MB, measure, ratio, RUN, type Section } from "./support.ts";

/** Sizes of the Takeout rows. */
export interface TakeoutParameters {
  /** Photos in the export (each with its sidecar). */
  takeoutPhotos: number;
  /** Their size range in bytes; the export is about `takeoutPhotos` × the mean. */
  takeoutSize: number[];
  /** Compression bombs imported at once, and the size of each once inflated. */
  bombs: { count: number; size: number };
}

/** A 3-part zip export of `p.takeoutPhotos` photos with sidecars, written under `dir`. */
async function writeBenchExport(dir: string, p: TakeoutParameters): Promise<string[]> {
  const base = await firstExport("UTC", "bench");
  const files = [...base.files];
  const [low, high] = p.takeoutSize;
  for (let i = 0; i < p.takeoutPhotos; i++) {
    const name = `IMG_BENCH_${String(i).padStart(5, "0")}.jpg`;
    const size = low + ((i * 7919) % (high - low));
    const taken = String(1_600_000_000 + i * 86_400);
    files.splice(files.length - 1, 0, {
      path: `Takeout/Google Photos/Photos from 2020/${name}`,
      bytes: photoBytesSync(`bench:${i}`, size),
    }, {
      path: `Takeout/Google Photos/Photos from 2020/${name}.supplemental-metadata.json`,
      bytes: new TextEncoder().encode(
        JSON.stringify({ title: name, photoTakenTime: { timestamp: taken } }),
      ),
    });
  }
  return await writeExport(dir, "takeout-20261101T000000Z", files, { format: "zip", parts: 3 });
}

/** Runs `import` measured, with its own config folder. */
function importMeasured(parts: string[], dest: string, configDir: string, extra: string[] = []) {
  return measure(
    Deno.execPath(),
    [...RUN, "import", ...parts, "--dest", dest, "--json", "--quiet", ...extra],
    { GPHOTOS_NAS_CONFIG_DIR: configDir, TZ: "UTC" },
  );
}

/** `sync`, timed: what writing back the page cache costs after a command. */
const sync = () => measure("sync", []);

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Start-up: `--help` and `status` on `lib`, against an empty `deno run` (medians of 5). */
async function startup(work: string, lib: string, configDir: string) {
  const empty = join(work, "empty.ts");
  await Deno.writeTextFile(empty, "");
  const times = { empty: [] as number[], help: [] as number[], status: [] as number[] };
  let helpPeakMiB = 0;
  for (let i = 0; i < 5; i++) {
    times.empty.push((await measure(Deno.execPath(), ["run", "-A", RUN[2], empty])).seconds);
    const help = await measure(Deno.execPath(), [...RUN, "--help"]);
    times.help.push(help.seconds);
    helpPeakMiB = Math.max(helpPeakMiB, help.peakRssMiB);
    const env = { GPHOTOS_NAS_CONFIG_DIR: configDir };
    times.status.push(
      (await measure(Deno.execPath(), [...RUN, "status", "--dest", lib], env)).seconds,
    );
  }
  return {
    emptySeconds: median(times.empty),
    helpSeconds: median(times.help),
    statusSeconds: median(times.status),
    helpPeakRssMiB: helpPeakMiB,
  };
}

/** The Takeout rows and the start-up row. */
export async function benchTakeout(work: string, p: TakeoutParameters): Promise<Section> {
  const dir = await Deno.makeTempDir({ dir: work, prefix: "takeout-" });
  log(`takeout: writing a 3-part export of ${p.takeoutPhotos} photos`);
  const parts = await writeBenchExport(dir, p);
  let archiveBytes = 0;
  for (const part of parts) archiveBytes += (await Deno.stat(part)).size;
  const configDir = await Deno.makeTempDir({ dir: work });
  const lib = join(dir, "lib");

  // Each side starts with nothing left to write back, and pays for its own write-back after.
  await sync();
  const unzip = await measure("bash", [
    "-c",
    parts.map((part) => `unzip -q -o ${part} -d ${join(dir, "unzipped")}`).join(" && "),
  ]);
  const unzipSync = await sync();
  await Deno.remove(join(dir, "unzipped"), { recursive: true });
  await sync();
  const imported = await importMeasured(parts, lib, configDir);
  const importSync = await sync();
  const summary = JSON.parse(imported.stdout);
  const plain = ratio(unzip.seconds, imported.seconds);
  const synced = ratio(unzip.seconds + unzipSync.seconds, imported.seconds + importSync.seconds);
  log(
    `import: ${f1(imported.seconds)} s + sync ${f1(importSync.seconds)} s (${summary.downloaded} ` +
      `items, peak ${f1(imported.peakRssMiB)} MiB); unzip: ${f1(unzip.seconds)} s + sync ` +
      `${f1(unzipSync.seconds)} s`,
  );

  const bombDir = await Deno.makeTempDir({ dir: work, prefix: "bombs-" });
  const head = new TextEncoder().encode("\0\0\0\x18ftypmp42\0\0\0\0mp42isom");
  const bombPart = join(bombDir, "takeout-20261102T000000Z-001.zip");
  await writeBombZip(
    bombPart,
    [],
    Array.from({ length: p.bombs.count }, (_, i) => ({
      path: `Takeout/Google Photos/VID_BOMB_${i}.mp4`,
      size: p.bombs.size,
      head: new Uint8Array([...head, i]),
    })),
  );
  const bombs = await importMeasured([bombPart], join(bombDir, "lib"), configDir, [
    "--concurrency",
    "16",
  ]);
  await Deno.remove(bombDir, { recursive: true });
  log(`bombs: ${f1(bombs.seconds)} s, peak ${f1(bombs.peakRssMiB)} MiB`);

  const start = await startup(work, lib, configDir);
  const gib = archiveBytes / (1024 * MB);
  const rate = (s: number) => `${f1(summary.bytes / MB / s)}`;
  const bombGiB = (p.bombs.count * p.bombs.size) / (1024 * MB);
  return {
    result: {
      takeout: {
        archiveBytes,
        parts: parts.length,
        items: summary.downloaded,
        bytes: summary.bytes,
        importSeconds: imported.seconds,
        importSyncSeconds: importSync.seconds,
        unzipSeconds: unzip.seconds,
        unzipSyncSeconds: unzipSync.seconds,
        itemsPerSecond: summary.downloaded / imported.seconds,
        mbPerSecond: summary.bytes / MB / imported.seconds,
        vsUnzip: plain,
        vsUnzipBothSynced: synced,
        importPeakRssMiB: imported.peakRssMiB,
        bombs: { ...p.bombs, peakRssMiB: bombs.peakRssMiB, seconds: bombs.seconds },
      },
      startup: start,
    },
    rows: [
      [
        `Takeout import vs unzip, ${f1(gib)} GiB in ${parts.length} zip parts, no final sync`,
        `${rate(imported.seconds)} vs ${rate(unzip.seconds)} MiB/s`,
        `${f2(plain)}×`,
        "",
      ],
      [
        "Takeout import vs unzip, both ending with sync",
        `${rate(imported.seconds + importSync.seconds)} vs ` +
        `${rate(unzip.seconds + unzipSync.seconds)} MiB/s`,
        `${f2(synced)}×`,
        "≥ 0.7×",
      ],
      [
        "Peak RSS, that import vs the program started (--help)",
        `${f1(imported.peakRssMiB)} vs ${f1(start.helpPeakRssMiB)} MiB`,
        `${f2(ratio(imported.peakRssMiB, start.helpPeakRssMiB))}×`,
        "≤ 150 MiB",
      ],
      [
        `Peak RSS, ${p.bombs.count} bombs (${f1(bombGiB)} GiB inflated) at --concurrency 16 vs ` +
        "that import",
        `${f1(bombs.peakRssMiB)} vs ${f1(imported.peakRssMiB)} MiB`,
        `${f2(ratio(bombs.peakRssMiB, imported.peakRssMiB))}×`,
        "≤ 200 MiB",
      ],
      [
        "Start-up: --help / status vs an empty deno run (median of 5)",
        `${f2(start.helpSeconds)} / ${f2(start.statusSeconds)} vs ${f2(start.emptySeconds)} s`,
        `${f2(ratio(start.helpSeconds, start.emptySeconds))}× / ` +
        `${f2(ratio(start.statusSeconds, start.emptySeconds))}×`,
        "",
      ],
    ],
  };
}
