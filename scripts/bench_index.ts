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
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { indexPath } from "../src/library/catalog/mod.ts";
import { openLibrary, type OpenLibraryOptions } from "../src/library/library.ts";
import { nameKey } from "../src/library/naming.ts";
import type { MediaRecord } from "../src/media/record.ts";
import { defaultRetryPolicy } from "../src/net/retry.ts";
import { createLogger } from "../src/ui/log.ts";
import { f1, f2, log, measure, RUN } from "./bench_support.ts";

/** One row of the README's table: measurement, result, ratio, target. */
export type Row = [string, string, string, string];

/** Size of the index section. */
export interface IndexParameters {
  /** Items (and files) in the index. */
  items: number;
}

const DAYS = 20 * 365;
const FIRST_DAY = Date.UTC(2006, 0, 1);
const DAY_MS = 86_400_000;
const ENTRIES_PER_PART = 10_000;
const EXPORT = "takeout-20260101T000000Z";
const TARGET_MIB = 150;

/** The i-th of n items: its name, day folder, size, capture time and recorded SHA-256. */
function synth(i: number, n: number) {
  const day = Math.floor(i * DAYS / n);
  const taken = new Date(FIRST_DAY + day * DAY_MS + (i * 7919 % DAY_MS));
  const iso = taken.toISOString();
  const ymd = iso.slice(0, 10);
  const serial = String(i % 100_000).padStart(5, "0");
  const name = i % 10 === 9
    ? `VID_${ymd.replaceAll("-", "")}_${serial}.mp4`
    : i % 10 === 5
    ? `PXL_${ymd.replaceAll("-", "")}_${serial}.jpg`
    : `IMG_${serial}.jpg`;
  const video = name.endsWith(".mp4");
  const size = video ? 20_000_000 + i % 50_000_000 : 1_500_000 + i % 4_000_000;
  const relPath = `${ymd.slice(0, 4)}/${ymd}/${name}`;
  const part = `${EXPORT}-${String(Math.floor(i / ENTRIES_PER_PART) + 1).padStart(3, "0")}.zip`;
  const seconds = String(Math.floor(taken.getTime() / 1000));
  const entry = `Takeout/Google Photos/Photos from ${ymd.slice(0, 4)}/${name}`;
  return {
    name,
    relPath,
    size,
    iso,
    video,
    part,
    entry,
    sourceId: `${name}|${size}|${seconds}`,
    metadata: {
      ...(i % 20 === 0 ? { description: "Birthday at the lake" } : {}),
      geo: { latitude: 48.85 + i % 100 / 1000, longitude: 2.35 },
      takeout: { set: EXPORT, path: entry, dateFrom: "sidecar photoTakenTime" },
    },
    sha256: outsideFirstSlice(createHash("sha256").update(String(i)).digest("hex")),
  };
}

/** A SHA-256 hex that `verify --subset 1/30` does not read (slice of the first 48 bits). */
function outsideFirstSlice(hex: string): string {
  while (parseInt(hex.slice(0, 12), 16) % 30 === 0) {
    hex = createHash("sha256").update(hex).digest("hex");
  }
  return hex;
}

/**
 * As a run opens the library, without XMP sidecars: this index records none, as a library kept
 * with `--no-xmp` (with them, every file would need a sidecar on disk for `verify`).
 */
function libraryOptions(command: string): OpenLibraryOptions {
  return {
    command,
    timeZone: "UTC",
    log: createLogger({ quiet: true }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(),
    stallTimeoutMs: 60_000,
    xmp: false,
  };
}

/** The library's own first run creates its index, identity and layout; the rows go in by SQL. */
async function buildLibrary(dest: string, n: number): Promise<void> {
  const first = await openLibrary(dest, libraryOptions("import"));
  await first.finish(0, {});
  const db = new DatabaseSync(indexPath(dest));
  const now = new Date().toISOString();
  // A throwaway copy: no journal, no syncs, and a cache that holds the indexes being filled.
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
  db.exec("BEGIN");
  const file = db.prepare(
    `INSERT INTO files (id, rel_path, name_key, state, size, sha256, capture_time, mime_type,
       kind, fetched_at, day_zone) VALUES (?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, 'UTC')`,
  );
  const item = db.prepare(
    `INSERT INTO items (source, source_id, file_id, filename, metadata, first_seen)
     VALUES ('takeout', ?, ?, ?, ?, ?)`,
  );
  const entry = db.prepare(
    `INSERT INTO takeout_entries (part_path, path, size, role, source_id, used)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const album = db.prepare("INSERT INTO albums (album, file_id) VALUES (?, ?)");
  const part = db.prepare(
    `INSERT INTO takeout_parts (path, export_key, size, mtime_ms, seen_at, imported_at)
     VALUES (?, ?, 0, 0, ?, ?)`,
  );
  for (let p = 0; p * ENTRIES_PER_PART < n; p++) {
    const path = `/volume1/takeout/${EXPORT}-${String(p + 1).padStart(3, "0")}.zip`;
    part.run(path, EXPORT, now, now);
  }
  for (let i = 0; i < n; i++) {
    const s = synth(i, n);
    const id = i + 1;
    file.run(
      id,
      s.relPath,
      nameKey(s.relPath),
      s.size,
      s.sha256,
      s.iso,
      s.video ? "video/mp4" : "image/jpeg",
      s.video ? "video" : "photo",
      now,
    );
    item.run(s.sourceId, id, s.name, JSON.stringify(s.metadata), now);
    const partPath = `/volume1/takeout/${s.part}`;
    entry.run(partPath, s.entry, s.size, "media", s.sourceId, 0);
    entry.run(partPath, `${s.entry}.supplemental-metadata.json`, 900, "sidecar", null, 1);
    if (i % 10 === 0) album.run(`Album ${i % 500}`, id);
  }
  const run = db.prepare(
    `INSERT INTO runs (command, started_at, finished_at, exit_code, summary)
     VALUES ('backup', ?, ?, 0, '{"listed":120,"skipped":118,"downloaded":2}')`,
  );
  for (let d = 0; d < DAYS; d++) {
    const at = new Date(FIRST_DAY + d * DAY_MS).toISOString();
    run.run(at, at);
  }
  db.exec("COMMIT");
  db.exec("PRAGMA journal_mode = WAL");
  db.close();
  createFiles(dest, n);
}

/** Sparse files of the recorded sizes: present with their size, no data blocks written. */
function createFiles(dest: string, n: number): void {
  // Synchronous calls: a million of them is five times faster than awaiting each.
  let folder = "";
  for (let i = 0; i < n; i++) {
    const s = synth(i, n);
    const dir = s.relPath.slice(0, s.relPath.lastIndexOf("/"));
    if (dir !== folder) Deno.mkdirSync(join(dest, folder = dir), { recursive: true });
    using f = Deno.openSync(join(dest, s.relPath), { create: true, write: true });
    f.truncateSync(s.size);
  }
}

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
    open: opened,
    decision,
    status: { seconds: status.seconds, peakRssMiB: status.peakRssMiB },
    verifyPlan: { seconds: verify.seconds, peakRssMiB: verify.peakRssMiB },
  };
  const k = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
  const rss = (r: { peakRssMiB: number }) => `${f1(r.peakRssMiB)} MiB`;
  const rows: Row[] = [
    [`Index ${k} items: open for writing`, `${f2(opened.seconds)} s, ${rss(opened)}`, "", "≤ 2 s"],
    [
      `Index ${k} items: no-change import decision`,
      `${f1(decision.seconds)} s (${f1(n / decision.seconds / 1000)}k items/s), ${rss(decision)}`,
      "",
      `≤ ${TARGET_MIB} MiB`,
    ],
    [
      `Index ${k} items: status`,
      `${f2(status.seconds)} s, ${rss(status)}`,
      "",
      `≤ ${TARGET_MIB} MiB`,
    ],
    [
      `Index ${k} items: verify --subset 1/30 plan`,
      `${f1(verify.seconds)} s, ${rss(verify)}`,
      "",
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
  else throw new Error("usage: bench_index.ts build|decide|open DEST N");
}
