/**
 * `deno task bench [--quick] [--only SECTION]… [--out FILE] [--readme]`: speed and memory, measured
 * side by side in one run on this machine, each row reported as a ratio to a baseline measured in
 * the same run. Every simulator runs as its own process shaped like a home link (API latency drawn
 * per call from a range, a per-connection media bandwidth cap), so its work is not counted in the
 * CLI's time or memory. One file per section:
 *
 * - `throughput` (transfer.ts): a backup against `curl` with the same parallelism and one
 *   at a time; peak RSS at concurrency 16 against the default.
 * - `memory` (transfer.ts): peak RSS streaming one large video.
 * - `incremental` (incremental.ts): a no-change re-run over a 10k- and a 100k-item library
 *   against bare sequential paging of the same listing.
 * - `takeout` (takeout.ts): a first import against `unzip`, without and with a final `sync`;
 *   its peak RSS, and on compression bombs; start-up against an empty `deno run`.
 * - `scale` (scale.ts): date-sliced against sequential listing, `verify` against `sha256sum`.
 * - `index` (index.ts): a 1M-item index: open, no-change decision, `status`, verify's plan.
 * - `reimport` (reimport.ts): a re-import of an export +5% new against the first import.
 * - `many` (many.ts): 100,000 small files in 20 zip parts: import against `unzip` + `sync`,
 *   re-import +5%, `verify`, `status`, `index rebuild`; the export as `.tgz` parts and as a
 *   folder, `serve`'s overview, a pick, a backup, `gc` (many_commands.ts): peak RSS of each
 *   against 10,000 files.
 *
 * Results go to bench-results/results.json, the table to stdout; `--readme` then rewrites the
 * table in README.md and docs/PERFORMANCE.md (readme.ts).
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchListing, benchVerify } from "./scale.ts";
import { benchIndex } from "./index.ts";
import { benchReimport } from "./reimport.ts";
import { benchIncremental } from "./incremental.ts";
import { benchMany } from "./many.ts";
import { benchTakeout } from "./takeout.ts";
import { benchBigVideo, benchThroughput } from "./transfer.ts";
import { BENCH_FILES, type BenchResults, renderBench, rewriteBenchFiles } from "./readme.ts";
import { MB, ROOT, type Row, type Shape } from "./support.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean" },
    out: { type: "string" },
    only: { type: "string", multiple: true },
    readme: { type: "boolean" },
  },
  strict: true,
});
const quick = values.quick ?? false;
/**
 * `--only NAME` (repeatable) runs only those sections: throughput, memory, takeout, scale, index,
 * reimport, many, incremental.
 */
const want = (section: string) => !values.only || values.only.includes(section);
const outFile = values.out ?? join(ROOT, "bench-results", "results.json");

/** A home link: every row runs behind it unless its section says why not. */
const shape: Shape = { latencyMs: [40, 100], bandwidth: 8 * MB };

/** Parameters: the full run fits in about 20 minutes on 2 cores; quick in about a minute. */
const P = quick
  ? {
    items: 40,
    photo: [50_000, 200_000],
    video: [500_000, 1_000_000],
    bigVideo: 64 * MB,
    incremental: [300, 600],
    takeoutPhotos: 40,
    takeoutSize: [100_000, 300_000],
    bombs: { count: 4, size: 16 * MB },
    many: {
      photos: 400,
      smallPhotos: 100,
      parts: 4,
      size: [24 * 1024, 56 * 1024] as [number, number],
      picked: 200,
    },
    scale: {
      listingItems: 2_000,
      listingLatencyMs: 100,
      verifyItems: 30,
      verifySize: [100_000, 300_000] as [number, number],
    },
  }
  : {
    items: 160,
    photo: [2 * MB, 6 * MB],
    video: [50 * MB, 150 * MB],
    bigVideo: 2048 * MB,
    incremental: [10_000, 100_000],
    // ~1 GiB in 3 parts: 400 photos of 1.5–3.5 MiB (deflated, as Takeout delivers them).
    takeoutPhotos: 400,
    takeoutSize: [1.5 * MB, 3.5 * MB],
    bombs: { count: 16, size: 96 * MB },
    // A real library's count: 100,000 messenger-sized JPEGs with sidecars in 20 parts (~4 GiB).
    many: {
      photos: 100_000,
      smallPhotos: 10_000,
      parts: 20,
      size: [24 * 1024, 56 * 1024] as [number, number],
      picked: 2_000,
    },
    scale: {
      listingItems: 20_000,
      listingLatencyMs: 100,
      verifyItems: 150,
      verifySize: [3 * MB, 5 * MB] as [number, number],
    },
  };
/**
 * The large video comes over a fast (~330 Mbit/s) link: at 8 MiB/s 2 GiB would take minutes, and a
 * fast link is the worst case for memory (hashing and writing, not the link, set the pace).
 */
const bigVideoShape: Shape = { ...shape, bandwidth: 40 * MB };

const work = await Deno.makeTempDir({ prefix: "gphotos-nas-bench-" });
const results: Record<string, unknown> = { parameters: P, shape };
const rows: Row[] = [];

/** Writes what is measured so far to results.json: a run cut short still leaves its rows. */
async function save(): Promise<BenchResults> {
  const memory = Deno.systemMemoryInfo();
  const finished: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cores: navigator.hardwareConcurrency,
      ramGiB: Math.round((memory.total / 1024 ** 3) * 10) / 10,
      deno: Deno.version.deno,
      os: Deno.build.os,
      quick,
    },
    shape,
    rows,
  };
  await Deno.mkdir(join(outFile, ".."), { recursive: true });
  await Deno.writeTextFile(outFile, JSON.stringify({ ...finished, ...results }, null, 2) + "\n");
  return finished;
}

if (want("throughput")) {
  const throughput = await benchThroughput(work, { ...P, shape });
  Object.assign(results, throughput.result);
  rows.push(...throughput.rows);
  await save();
}

if (want("memory")) {
  const baseline = (results.throughput as { peakRssMiB?: number } | undefined)?.peakRssMiB;
  const big = await benchBigVideo(work, { ...P, shape: bigVideoShape }, baseline);
  results.memoryBigVideo = big.result;
  rows.push(...big.rows);
  await save();
}

if (want("takeout")) {
  const takeout = await benchTakeout(work, P);
  Object.assign(results, takeout.result);
  rows.push(...takeout.rows);
  await save();
}

if (want("scale")) {
  const listing = await benchListing(work, P.scale);
  const verify = await benchVerify(work, P.scale);
  results.scale = { listing: listing.result, verify: verify.result };
  rows.push(listing.row, ...verify.rows);
  await save();
}

// A lifetime library's index: 1M items (quick: 20k)
if (want("index")) {
  const index = await benchIndex(work, { items: quick ? 20_000 : 1_000_000 });
  results.index = index.result;
  rows.push(...index.rows);
  await save();
}

// Re-import of an export that adds 5% to one imported before
if (want("reimport")) {
  const reimport = await benchReimport(work, {
    photos: quick ? 20 : P.takeoutPhotos,
    size: quick ? [50_000, 150_000] : P.takeoutSize as [number, number],
    newShare: 0.05,
  });
  results.reimport = reimport.result;
  rows.push(...reimport.rows);
  await save();
}

// 100,000 small files: the longest section after the incremental one
if (want("many")) {
  const many = await benchMany(work, P.many);
  results.many = many.result;
  rows.push(...many.rows);
  await save();
}

// Last: building the 100k-item library is the longest part of the run.
if (want("incremental")) {
  const incremental = await benchIncremental(work, P.incremental, shape);
  results.incremental = incremental.result;
  rows.push(...incremental.rows);
}

await Deno.remove(work, { recursive: true });
const finished = await save();
console.log(renderBench(finished));
console.log(`\nresults: ${outFile}`);
if (values.readme) {
  await rewriteBenchFiles(finished, BENCH_FILES.map((file) => join(ROOT, file)));
  console.log(`table rewritten in ${BENCH_FILES.join(", ")}`);
}
