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
import { hashFile } from "./transfer.ts";
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
  for (const file of toRead) {
    signal?.throwIfAborted();
    report.checked++;
    let actual: { size: number; sha256: string };
    try {
      // Bytes count as they are read, so a long video moves the rate and the bar too.
      actual = await hashFile(
        relativePathInside(dest, file.relPath),
        (delta) => progress?.bytesProgress(delta),
      );
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) report.missing.push(file);
      else if (isUnreadable(error)) report.unreadable.push(file.relPath);
      else throw error;
      progress?.itemDone(0, "failed");
      continue;
    }
    const ok = actual.size === file.size && actual.sha256 === file.sha256;
    if (ok) report.ok++;
    else report.changed.push(file);
    progress?.itemDone(actual.size, ok ? "skipped" : "failed");
  }
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
