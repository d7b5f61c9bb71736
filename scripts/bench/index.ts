/**
 * The bench's `index` section: a lifetime library's index (1M items, 20 years of days, a Takeout
 * export's parts and entries, album memberships, a run a night) built by direct inserts through
 * the catalog's own schema, then measured the way the commands use it, each in its own process so
 * each has its own peak RSS: opening the index, a no-change import's "known, skip" decision for
 * every item, `status`, and `verify --subset 1/30`'s planning.
 *
 * The files exist on disk as sparse files of their recorded size (no blocks written), and every
 * recorded SHA-256 lies outside slice 1 of 30, so `verify --subset 1/30` plans and checks presence
 * and size of every file but hashes none: what is measured is the plan, not the reading.
 *
 * Run alone: `deno task bench --only index [--quick]`.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { indexPath } from "../../src/library/catalog/mod.ts";
import { openLibrary } from "../../src/library/mod.ts";
import type { MediaRecord } from "../../src/media/record.ts";
import { f1, f2, log, measure, ratio, type Row, RUN } from "./support.ts";
import { buildLibrary, libraryOptions, synth } from "./index_library.ts";

/** Size of the index section. */
export interface IndexParameters {
  /** Items (and files) in the index. */
  items: number;
}

const TARGET_MIB = 150;

/** In a child process: a no-change import's decision for every item, through the writer. */
async function decide(dest: string, n: number): Promise<void> {
  const library = await openLibrary(dest, libraryOptions("import"));
  const started = performance.now();
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const s = synth(i, n);
    const record: MediaRecord = {
      source: "takeout",
      match: "id",
      sourceId: s.sourceId,
      filename: s.name,
      captureTime: new Date(s.iso),
      mimeType: s.video ? "video/mp4" : "image/jpeg",
      kind: s.video ? "video" : "photo",
      ready: true,
      size: s.size,
      metadata: s.metadata,
      open: () => Promise.reject(new Error("a known item must not be read")),
    };
    if ((await library.writer.store(record)).status === "skipped") skipped++;
  }
  const seconds = (performance.now() - started) / 1000;
  await library.finish(0, { skipped });
  console.log(JSON.stringify({ seconds, skipped }));
}

/** In a child process: the time to open the index for writing (as every writing run does). */
async function open(dest: string): Promise<void> {
  const started = performance.now();
  const library = await openLibrary(dest, libraryOptions("import"));
  const seconds = (performance.now() - started) / 1000;
  await library.finish(0, {});
  console.log(JSON.stringify({ seconds }));
}

/** In a child process: SQLite's quick_check of the whole index file, alone (what verify runs). */
function check(dest: string): void {
  const db = new DatabaseSync(indexPath(dest), { readOnly: true });
  const started = performance.now();
  db.prepare("PRAGMA quick_check").all();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  console.log(JSON.stringify({ seconds }));
}

const SELF = fileURLToPath(import.meta.url);

/**
 * Runs a probe of this file in its own process, with the compiled binary's V8 flags (as `RUN`);
 * its stdout's JSON, its peak RSS.
 */
async function probe(what: string, dest: string, n: number) {
  const run = await measure(Deno.execPath(), [...RUN.slice(0, -1), SELF, what, dest, String(n)]);
  if (run.code !== 0) throw new Error(`index bench: the ${what} probe failed`);
  return { ...JSON.parse(run.stdout), peakRssMiB: run.peakRssMiB };
}

/** Runs the CLI on the library, measured (time of the whole process and peak RSS). */
async function command(work: string, args: string[]) {
  const configDir = await Deno.makeTempDir({ dir: work, prefix: "config-" });
  const run = await measure(Deno.execPath(), [...RUN, ...args, "--quiet"], {
    GPHOTOS_NAS_CONFIG_DIR: configDir,
    TZ: "UTC",
  });
  return { seconds: run.seconds, peakRssMiB: run.peakRssMiB, code: run.code, stdout: run.stdout };
}

/** Builds the index and measures it; the rows name each target. */
export async function benchIndex(work: string, p: IndexParameters) {
  const n = p.items;
  const dest = join(work, `lib-index-${n}`);
  log(`index: building a ${n}-item index and its ${n} sparse files`);
  const built = await probe("build", dest, n);
  const buildSeconds = built.seconds;
  let bytes = 0;
  for (const suffix of ["", "-wal"]) {
    bytes += await Deno.stat(indexPath(dest) + suffix).then((i) => i.size, () => 0);
  }
  const opened = await probe("open", dest, n);
  const decision = await probe("decide", dest, n);
  if (decision.skipped !== n) throw new Error(`index bench: ${decision.skipped} of ${n} skipped`);
  const status = await command(work, ["status", "--dest", dest, "--json"]);
  const verify = await command(work, ["verify", "--dest", dest, "--subset", "1/30", "--json"]);
  // Baselines side by side: SQLite's own check of the whole file (which `verify` runs and every
  // open used to), and `find` giving every file's size (what verify's presence pass learns).
  const check = await probe("check", dest, n);
  const find = await measure("bash", ["-c", `find "${dest}" -type f -printf '%s\n' | wc -l`]);
  const verified = JSON.parse(verify.stdout || "{}");
  if (verified.notRead !== n || verified.missing?.length) {
    throw new Error(`index bench: verify planned ${verified.notRead} of ${n}`);
  }
  log(`index: built in ${f1(buildSeconds)} s; decision ${f1(decision.seconds)} s`);
  await Deno.remove(dest, { recursive: true });
  const result = {
    items: n,
    buildSeconds,
    bytesPerItem: bytes / n,
    indexMiB: bytes / 1024 / 1024,
    quickCheckSeconds: check.seconds,
    findSeconds: find.seconds,
    open: opened,
    decision,
    status: { seconds: status.seconds, peakRssMiB: status.peakRssMiB },
    verifyPlan: { seconds: verify.seconds, peakRssMiB: verify.peakRssMiB },
  };
  const k = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
  const rss = (r: { peakRssMiB: number }) => `${f1(r.peakRssMiB)} MiB`;
  const vs = (seconds: number, base: number) => `${f2(ratio(seconds, base))}×`;
  const rows: Row[] = [
    [
      `Index ${k} items: open for writing (cheap checks) vs verify's quick_check`,
      `${f2(opened.seconds)} vs ${f2(check.seconds)} s, ${rss(opened)}`,
      vs(opened.seconds, check.seconds),
      `≤ 1 s, ≤ ${TARGET_MIB} MiB`,
    ],
    [
      `Index ${k} items: no-change import decision`,
      `${f1(decision.seconds)} s (${f1(n / decision.seconds / 1000)}k items/s), ${rss(decision)}`,
      "",
      `≤ ${TARGET_MIB} MiB`,
    ],
    [
      `Index ${k} items: status vs the index's quick_check`,
      `${f2(status.seconds)} vs ${f2(check.seconds)} s, ${rss(status)}`,
      vs(status.seconds, check.seconds),
      `≤ 2.5×, ≤ ${TARGET_MIB} MiB`,
    ],
    [
      `Index ${k} items: verify --subset 1/30 plan vs find`,
      `${f1(verify.seconds)} vs ${f1(find.seconds)} s, ${rss(verify)}`,
      vs(verify.seconds, find.seconds),
      `≤ ${TARGET_MIB} MiB`,
    ],
    [`Index ${k} items: size on disk`, `${f1(bytes / n)} B/item`, "", "≤ 1 KiB/item"],
  ];
  return { result, rows };
}

if (import.meta.main) {
  const [what, dest, n] = Deno.args;
  if (what === "build") {
    const started = performance.now();
    await buildLibrary(dest, Number(n));
    console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
  } else if (what === "decide") await decide(dest, Number(n));
  else if (what === "open") await open(dest);
  else if (what === "check") check(dest);
  else throw new Error("usage: scripts/bench/index.ts build|decide|open|check DEST N");
}
