/**
 * The bench's re-import row: a first import of a 3-part Takeout export, then an import of the next
 * export, which holds the first one plus 5% new files, into the same library. Time and bytes read
 * are compared with the first import; the same pair as `.tgz` parts shows what skipping known
 * entries without hashing or writing them saves on a stream that cannot seek.
 *
 * @module
 */
import { join } from "node:path";
import { firstExport, type FixtureFile, writeExport } from "../../src/simulator/takeout/mod.ts";
import { photoBytesSync } from "../../src/simulator/media.ts";
import { f1, f2, log, MB, ratio, type Row, RUN } from "./support.ts";

/** Sizes of the re-import row. */
export interface ReimportParameters {
  /** Photos in the first export (besides the fixture's quirks). */
  photos: number;
  /** Their size range in bytes. */
  size: [number, number];
  /** Share of new photos the second export adds. */
  newShare: number;
}

/** `count` photos with their sidecars, numbered from `from`, in a year folder. */
function benchPhotos(from: number, count: number, size: [number, number]): FixtureFile[] {
  const files: FixtureFile[] = [];
  for (let i = from; i < from + count; i++) {
    const name = `IMG_BENCH_${String(i).padStart(5, "0")}.jpg`;
    const bytes = size[0] + ((i * 7919) % (size[1] - size[0]));
    const taken = String(1_600_000_000 + i * 86_400);
    files.push({
      path: `Takeout/Google Photos/Photos from 2020/${name}`,
      bytes: photoBytesSync(`bench:${i}`, bytes),
    }, {
      path: `Takeout/Google Photos/Photos from 2020/${name}.supplemental-metadata.json`,
      bytes: new TextEncoder().encode(
        JSON.stringify({ title: name, photoTakenTime: { timestamp: taken } }),
      ),
    });
  }
  return files;
}

/**
 * Writes two exports as 3-part archives in `dir`: the first, and a later one that holds the first
 * plus `newShare` more photos, ahead of the fixture's files (whose last one opens the last part).
 */
export async function reimportExports(
  dir: string,
  p: ReimportParameters,
  format: "zip" | "tgz",
): Promise<{ first: string[]; second: string[] }> {
  const base = (await firstExport("UTC", "bench")).files;
  const known = benchPhotos(0, p.photos, p.size);
  const added = benchPhotos(p.photos, Math.ceil(p.photos * p.newShare), p.size);
  const build = (photos: FixtureFile[]) => [...photos, ...base];
  const first = await writeExport(dir, "takeout-20261101T000000Z", build(known), {
    format,
    parts: 3,
  });
  const second = await writeExport(dir, "takeout-20261201T000000Z", build([...known, ...added]), {
    format,
    parts: 3,
  });
  return { first, second };
}

/** A measured import: time, bytes read, its JSON summary (none when it was stopped, hung). */
interface Measured {
  seconds: number;
  readBytes: number;
  summary: Record<string, number>;
  hung?: boolean;
}

/**
 * Runs the CLI, timing it and sampling the bytes it read (`rchar` of /proc/<pid>/io). A run still
 * going after `limitMs` is killed and reported as hung, so that the bench always ends.
 */
async function measureImport(
  args: string[],
  configDir: string,
  limitMs = 600_000,
): Promise<Measured> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [...RUN, "import", ...args, "--json", "--quiet"],
    env: { GPHOTOS_NAS_CONFIG_DIR: configDir, TZ: "UTC" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let readBytes = 0;
  const sample = async () => {
    const io = await Deno.readTextFile(`/proc/${child.pid}/io`).catch(() => "");
    const rchar = Number(/rchar:\s+(\d+)/.exec(io)?.[1] ?? 0);
    if (rchar > readBytes) readBytes = rchar;
  };
  const timer = setInterval(sample, 10);
  let hung = false;
  const limit = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, limitMs);
  const [status, stdout, stderr] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  clearInterval(timer);
  clearTimeout(limit);
  const seconds = (performance.now() - started) / 1000;
  if (hung) return { seconds, readBytes, summary: {}, hung };
  if (!status.success) throw new Error(`import exited ${status.code}: ${stderr.slice(-500)}`);
  return { seconds, readBytes, summary: JSON.parse(stdout) };
}

async function sizeOf(paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) total += (await Deno.stat(path)).size;
  return total;
}

/** First import and re-import of one format, in a fresh library; each run stopped after `limitMs`. */
async function pair(
  work: string,
  p: ReimportParameters,
  format: "zip" | "tgz",
  limitMs?: number,
) {
  const dir = await Deno.makeTempDir({ dir: work, prefix: `reimport-${format}-` });
  try {
    const { first, second } = await reimportExports(dir, p, format);
    const configDir = await Deno.makeTempDir({ dir: work });
    const dest = join(dir, "lib");
    const firstRun = await measureImport([...first, "--dest", dest], configDir, limitMs);
    const again = firstRun.hung
      ? firstRun
      : await measureImport([...second, "--dest", dest], configDir, limitMs);
    return {
      archiveBytes: await sizeOf(second),
      first: firstRun,
      again,
      speedup: ratio(firstRun.seconds, again.seconds),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Measures the re-import row for zip parts, and the same pair as tgz parts. */
export async function benchReimport(work: string, p: ReimportParameters) {
  const zip = await pair(work, p, "zip");
  log(
    `re-import (zip): first ${f1(zip.first.seconds)} s, again ${f2(zip.again.seconds)} s ` +
      `(${zip.again.summary.recognized} recognised, ${zip.again.summary.downloaded} new), ` +
      `read ${f1(zip.again.readBytes / MB)} of ${f1(zip.archiveBytes / MB)} MiB`,
  );
  // Two decompression passes make a tgz import slower than a zip one, but not six times slower.
  const tgz = await pair(work, p, "tgz", Math.max(60_000, zip.first.seconds * 6_000));
  const tgzResult = tgz.again.hung
    ? `hung: killed after ${f1(tgz.again.seconds)} s (the .tgz reader stalls on some exports)`
    : `${f2(tgz.again.seconds)} vs ${f1(tgz.first.seconds)} s`;
  log(`re-import (tgz): ${tgzResult}`);
  const share = ratio(zip.again.readBytes, zip.archiveBytes);
  const result = {
    zip: { ...zip, readShare: share },
    tgz,
  };
  const rows: Row[] = [
    [
      `Re-import of an export +${Math.round(p.newShare * 100)}% new (3 zip parts) vs first import`,
      `${f2(zip.again.seconds)} vs ${f1(zip.first.seconds)} s, read ${f1(share * 100)}% of ${
        f1(zip.archiveBytes / MB)
      } MiB`,
      `${f1(zip.speedup)}×`,
      "≥ 20×",
    ],
    [
      "Re-import, 3 tgz parts: known entries skipped unhashed",
      tgzResult,
      tgz.again.hung ? "" : `${f1(tgz.speedup)}×`,
      "",
    ],
  ];
  return { result, rows };
}

if (import.meta.main) {
  // Builds the exports for profiling by hand: `deno run -A scripts/bench/reimport.ts DIR [PHOTOS]`.
  const [dir, photos = "300"] = Deno.args;
  const p: ReimportParameters = { photos: Number(photos), size: [MB, 3 * MB], newShare: 0.05 };
  console.log(JSON.stringify(await reimportExports(dir, p, "zip")));
}
