/**
 * Checking a library against its index: recorded files are re-hashed (all, or one `--subset`
 * slice), every recorded file is checked to exist with its size, and the folders are walked for
 * unknown files and dangling album links, leaving out what NAS systems and desktops drop there.
 *
 * @module
 */
import { join } from "node:path";
import type { FileRow, StoredFile } from "../catalog/items/rows.ts";
import { type Catalog, openCatalog } from "../catalog/mod.ts";
import { UsageError } from "../../errors.ts";
import type { IgnoreRules } from "../../config/ignore.ts";
import { type DanglingLink, scanLibrary } from "./scan.ts";
import { inSubset, type Subset } from "./subset.ts";
import { type FileHash, HashPool } from "./hash_pool.ts";
import { checkSidecars, type SidecarProblems } from "../sidecars/check.ts";
import { relativePathInside } from "../disk/paths.ts";
import { holdsMediaFiles, isUnreadable } from "../disk/walk.ts";
import { nextTurn } from "../../time/next_turn.ts";

/** What `verify` found. */
export interface VerifyReport {
  /** Recorded files re-hashed. */
  checked: number;
  /** Re-hashed files whose bytes match the index. */
  ok: number;
  /** Recorded files outside the `--subset` slice: only their presence and size were checked. */
  notRead: number;
  /** Recorded files that are gone. */
  missing: FileRow[];
  /** Recorded files whose size or SHA-256 changed. */
  changed: FileRow[];
  /** Files in the library folders that the index does not know (ignore list applied). */
  unknown: string[];
  /** Album links whose file is gone. */
  danglingLinks: DanglingLink[];
  /** Recorded files and folders this user may not read. */
  unreadable: string[];
  /** XMP sidecars that are gone or not readable as XMP. */
  sidecars: SidecarProblems;
}

/** Where `verify` tells how far it got (the progress display). */
export interface VerifyProgress {
  /** Files to re-hash. */
  setTotal(items: number): void;
  /** Bytes read. */
  bytesProgress(delta: number): void;
  /** One file re-hashed. */
  itemDone(bytes: number, outcome: "skipped" | "failed"): void;
}

/** Options of {@linkcode verifyLibrary}. */
export interface VerifyOptions {
  /** What the walk leaves out. */
  rules: IgnoreRules;
  /** Re-hash only this slice. */
  subset?: Subset;
  /** Progress display. */
  progress?: VerifyProgress;
  /** Stops between files (SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

/** Done files a page of the index holds: enough to keep the disk busy, few enough to be small. */
const PAGE = 1000;

/** The done files of the index in path order, a page at a time. */
function* donePages(index: Catalog): Generator<StoredFile[]> {
  for (let page = index.items.doneFilesAfter("", PAGE); page.length > 0;) {
    yield page;
    page = index.items.doneFilesAfter(page[page.length - 1].relPath, PAGE);
  }
}

/** The done files of the index in path order. */
function* doneFiles(index: Catalog): Generator<StoredFile> {
  for (const page of donePages(index)) yield* page;
}

/** A file's size on disk, or why there is none. */
function presence(path: string): Deno.FileInfo | "missing" | "unreadable" {
  try {
    return Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "missing";
    if (isUnreadable(error)) return "unreadable";
    throw error;
  }
}

/**
 * Checks every recorded file and walks the folders. The index is read a page at a time and the
 * walk asks it folder by folder, so memory stays flat whatever the library's size: only the
 * slice to re-hash (1/M of the files with `--subset N/M`) and the problems found are held.
 */
export async function verifyLibrary(
  dest: string,
  index: Catalog,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const report: VerifyReport = {
    checked: 0,
    ok: 0,
    notRead: 0,
    missing: [],
    changed: [],
    unknown: [],
    danglingLinks: [],
    unreadable: [],
    sidecars: { missing: [], unreadable: [] },
  };
  const { subset, progress, signal } = options;
  // A problem is reported with the file's whole row (`--repair` needs it); they are few.
  const row = (file: StoredFile) => index.items.file(file.id)!;
  let toRead: Iterator<StoredFile>;
  if (subset) {
    // Presence and size cost one stat: every file gets them, whatever slice is read tonight.
    const slice: StoredFile[] = [];
    for (const page of donePages(index)) {
      signal?.throwIfAborted();
      for (const file of page) {
        if (inSubset(file.sha256 ?? file.relPath, subset)) {
          slice.push(file);
          continue;
        }
        report.notRead++;
        const info = presence(relativePathInside(dest, file.relPath));
        if (info === "missing") report.missing.push(row(file));
        else if (info === "unreadable") report.unreadable.push(file.relPath);
        else if (info.size !== file.size) report.changed.push(row(file));
      }
      // A synchronous stat costs an eighth of an awaited one; a pause per page lets a stop in.
      await nextTurn();
    }
    progress?.setTotal(slice.length);
    toRead = slice.values();
  } else {
    progress?.setTotal(index.items.countDone());
    toRead = doneFiles(index);
  }
  await hashAll(dest, toRead, options, (file, actual) => {
    report.checked++;
    if (actual === "missing") report.missing.push(row(file));
    else if (actual === "unreadable") report.unreadable.push(file.relPath);
    else if (actual.size === file.size && actual.sha256 === file.sha256) report.ok++;
    else report.changed.push(row(file));
  });
  const gone = new Set([...report.missing, ...report.changed].map((f) => f.id));
  report.sidecars = await checkSidecars(dest, index, gone, signal);
  // A sidecar belongs to the library, ours or one photo software wrote beside a media file.
  const knownIn = (folder: string) => {
    const known = index.items.pathsIn(folder);
    return (rel: string) => known.has(rel) || (/\.xmp$/i.test(rel) && known.has(rel.slice(0, -4)));
  };
  const scan = await scanLibrary(dest, options.rules, knownIn);
  report.unknown = scan.unknown;
  report.danglingLinks = scan.danglingLinks;
  report.unreadable.push(...scan.unreadable);
  const byPath = (a: FileRow, b: FileRow) => a.relPath.localeCompare(b.relPath);
  report.missing.sort(byPath);
  report.changed.sort(byPath);
  return report;
}

/** Re-hashes the files `files` hands out on every core; `outcome` hears each as it comes. */
async function hashAll(
  dest: string,
  files: Iterator<StoredFile>,
  options: VerifyOptions,
  outcome: (file: StoredFile, actual: FileHash | "missing" | "unreadable") => void,
): Promise<void> {
  const { progress, signal } = options;
  let next = files.next();
  if (next.done) return;
  using pool = new HashPool();
  const lane = async () => {
    while (!next.done) {
      signal?.throwIfAborted();
      const file = next.value;
      next = files.next();
      try {
        // Bytes count as they are read, so a long video moves the rate and the bar too.
        const actual = await pool.hash(
          relativePathInside(dest, file.relPath),
          (delta) => progress?.bytesProgress(delta),
        );
        outcome(file, actual);
        const ok = actual.size === file.size && actual.sha256 === file.sha256;
        progress?.itemDone(actual.size, ok ? "skipped" : "failed");
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) outcome(file, "missing");
        else if (isUnreadable(error)) outcome(file, "unreadable");
        else throw error;
        progress?.itemDone(0, "failed");
      }
    }
  };
  // One lane more than threads keeps a file queued at each worker while another is handed back.
  // A stop (SIGTERM) lets every lane finish its file, so verify stops between files, not in one.
  const lanes = await Promise.allSettled(Array.from({ length: pool.threads + 1 }, lane));
  const stopped = lanes.find((l) => l.status === "rejected");
  if (stopped) throw stopped.reason;
}

/**
 * Refuses (exit 2, like a missing index) an index that can vouch for nothing: an empty file (a copy
 * gone wrong, a truncated file: refused by the read-only open) or one that records no files while
 * the library holds media files. Rebuilding it from the disk here would report every file "ok".
 */
export async function refuseLostIndex(dest: string, dir: string): Promise<void> {
  const index = openCatalog(dest, { readonly: true, dir });
  try {
    if (index.items.hasFiles()) return;
  } finally {
    index.close();
  }
  if (!(await holdsMediaFiles(dest))) return;
  throw new UsageError(
    `Cannot verify ${dest}: its index ${join(dir, "index.sqlite")} records no files, yet the ` +
      "folder holds media files; restore the index from a backup, or record the files on disk " +
      `with \`gphotos-nas index rebuild --dest ${dest}\` (verify then checks them against that)`,
  );
}
