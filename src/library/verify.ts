/**
 * Checking a library against its index: recorded files are re-hashed (all, or one `--subset`
 * slice), every recorded file is checked to exist with its size, and the folders are walked for
 * unknown files and dangling album links, leaving out what NAS systems and desktops drop there.
 *
 * @module
 */
import type { FileRow } from "./catalog/items.ts";
import type { Catalog } from "./catalog/mod.ts";
import type { IgnoreRules } from "./ignore.ts";
import { relativePathInside } from "./layout.ts";
import { type DanglingLink, isUnreadable, scanLibrary } from "./scan.ts";
import { inSubset, type Subset } from "./subset.ts";
import { type FileHash, HashPool } from "./hash_pool.ts";
import { checkSidecars, type SidecarProblems } from "./verify_sidecars.ts";

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

/** Checks every recorded file and walks the folders. */
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
  const files = index.items.allFiles();
  const known = new Set(files.map((f) => f.relPath));
  const done = files.filter((f) => f.state === "done");
  const { subset, progress, signal } = options;
  const toRead = subset ? done.filter((f) => inSubset(f.sha256 ?? f.relPath, subset)) : done;
  const reading = new Set(toRead);
  progress?.setTotal(toRead.length);
  // Presence and size cost one stat: every file gets them, whatever slice is read tonight.
  for (const file of done) {
    if (reading.has(file)) continue;
    signal?.throwIfAborted();
    report.notRead++;
    const info = await Deno.stat(relativePathInside(dest, file.relPath)).catch((error) => {
      if (error instanceof Deno.errors.NotFound) return "missing" as const;
      if (isUnreadable(error)) return "unreadable" as const;
      throw error;
    });
    if (info === "missing") report.missing.push(file);
    else if (info === "unreadable") report.unreadable.push(file.relPath);
    else if (info.size !== file.size) report.changed.push(file);
  }
  const outcomes = await hashAll(dest, toRead, options);
  toRead.forEach((file, i) => {
    const actual = outcomes[i];
    report.checked++;
    if (actual === "missing") report.missing.push(file);
    else if (actual === "unreadable") report.unreadable.push(file.relPath);
    else if (actual.size === file.size && actual.sha256 === file.sha256) report.ok++;
    else report.changed.push(file);
  });
  const gone = new Set([...report.missing, ...report.changed].map((f) => f.id));
  report.sidecars = await checkSidecars(dest, index, done.filter((f) => !gone.has(f.id)), signal);
  // A sidecar belongs to the library, ours or one photo software wrote beside a media file.
  const isKnown = (rel: string) =>
    known.has(rel) || (/\.xmp$/i.test(rel) && known.has(rel.slice(0, -4)));
  const scan = await scanLibrary(dest, options.rules, isKnown);
  report.unknown = scan.unknown;
  report.danglingLinks = scan.danglingLinks;
  report.unreadable.push(...scan.unreadable);
  const byPath = (a: FileRow, b: FileRow) => a.relPath.localeCompare(b.relPath);
  report.missing.sort(byPath);
  report.changed.sort(byPath);
  return report;
}

/** Re-hashes `files` on every core; each outcome at its file's index. */
async function hashAll(
  dest: string,
  files: FileRow[],
  options: VerifyOptions,
): Promise<(FileHash | "missing" | "unreadable")[]> {
  const { progress, signal } = options;
  const outcomes: (FileHash | "missing" | "unreadable")[] = new Array(files.length);
  if (files.length === 0) return outcomes;
  using pool = new HashPool();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      signal?.throwIfAborted();
      const i = next++;
      try {
        // Bytes count as they are read, so a long video moves the rate and the bar too.
        const actual = await pool.hash(
          relativePathInside(dest, files[i].relPath),
          (delta) => progress?.bytesProgress(delta),
        );
        outcomes[i] = actual;
        const ok = actual.size === files[i].size && actual.sha256 === files[i].sha256;
        progress?.itemDone(actual.size, ok ? "skipped" : "failed");
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) outcomes[i] = "missing";
        else if (isUnreadable(error)) outcomes[i] = "unreadable";
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
  return outcomes;
}
