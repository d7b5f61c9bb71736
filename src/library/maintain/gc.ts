/**
 * Removing Google's copies that originals replaced (`.gphotos-nas/superseded/`), by `gc
 * --superseded` or, past a configured age, at the end of a run. Only recorded copies are removed,
 * only while they hash to the copy's recorded bytes (and those are not the original's), and only
 * while their original is in the library as the index records it: present, complete, and hashing
 * to the recorded SHA-256 (a copy is the last other version of a photo whose original went missing
 * or rotted). Nothing outside `superseded/` is touched; the caller holds the lock.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import type { Catalog } from "../catalog/mod.ts";
import type { SupersededCopy } from "../catalog/superseded.ts";
import { removeEmptyFolders } from "../disk/empty_folders.ts";
import { SUPERSEDED_DIR } from "../writer/upgrade.ts";
import { relativePathInside } from "../disk/paths.ts";
import { hashFile } from "../disk/files.ts";
import { PASS_OVER, walkFolders } from "../disk/walk.ts";

/** How many copies a collection removed (or, in a dry run, would remove) and left. */
export interface GcResult {
  /** Copies removed (would be removed). */
  removed: number;
  /** Their bytes. */
  bytes: number;
  /** Copies kept because their original is not in the library as recorded. */
  kept: number;
  /** Recorded copies already gone from disk (their records are dropped). */
  gone: number;
  /** Files under `superseded/` the index does not record (left alone; `gc` lists them). */
  unrecorded: number;
}

/**
 * What a collection says about each copy as it decides, DEST-relative paths: told one at a time,
 * never gathered, so its memory does not grow with the number of copies.
 */
export interface GcEvents {
  /** A copy removed (would be removed), with its size. */
  removed?(path: string, bytes: number): void;
  /** A copy kept, and why. */
  kept?(path: string, reason: string): void;
  /** A file under `superseded/` that the index does not record (left alone). */
  unrecorded?(path: string): void;
}

/** Options of {@linkcode collectSuperseded}. */
export interface GcOptions {
  /** Only copies superseded before this instant (all when absent). */
  before?: Date;
  /** Count and list, remove nothing. */
  dryRun?: boolean;
  /** Also list the files under `superseded/` that the index does not record. */
  listUnrecorded?: boolean;
  /**
   * Remove the files but leave their records (an index opened read-only on a full disk): the next
   * collection finds them gone and drops the records.
   */
  keepRecords?: boolean;
  /** Told of each copy as it is decided. */
  on?: GcEvents;
}

/** Recorded copies read from the index at a time. */
const PAGE = 500;

/** Why an original cannot vouch for its copy's removal, or undefined when it can. */
async function originalProblem(
  dest: string,
  original: SupersededCopy["original"],
): Promise<string | undefined> {
  const where = `its original ${original.relPath}`;
  if (original.state !== "done" || original.sha256 === null) return `${where} is not complete`;
  let actual: { size: number; sha256: string };
  try {
    actual = await hashFile(relativePathInside(dest, original.relPath));
  } catch {
    return `${where} is missing or unreadable`;
  }
  if (actual.size !== original.size || actual.sha256 !== original.sha256) {
    return `${where} no longer matches the index (run gphotos-nas verify)`;
  }
  return undefined;
}

/**
 * Why a file under `superseded/` may not be a copy at all, or undefined when it is the copy the
 * index recorded and the original's recorded bytes are others: a fault during an upgrade must
 * never make `gc` delete an original kept there.
 */
async function copyProblem(path: string, copy: SupersededCopy): Promise<string | undefined> {
  if (copy.original.sha256 === copy.sha256) {
    return `the index records the copy's own bytes at ${copy.original.relPath}`;
  }
  const actual = await hashFile(path).catch(() => undefined);
  if (actual?.size !== copy.size || actual.sha256 !== copy.sha256) {
    return "its bytes are not the copy the index recorded (run gphotos-nas verify)";
  }
  return undefined;
}

/** Removes (or lists) the superseded copies `options` selects; see the module doc for the rules. */
export async function collectSuperseded(
  dest: string,
  index: Catalog,
  options: GcOptions = {},
): Promise<GcResult> {
  const result: GcResult = { removed: 0, bytes: 0, kept: 0, gone: 0, unrecorded: 0 };
  const on = options.on ?? {};
  const keep = (path: string, reason: string) => {
    result.kept++;
    on.kept?.(path, reason);
  };
  const root = join(dest, SUPERSEDED_DIR);
  // A page of records at a time, in path order (records are dropped behind the page, so the next
  // page starts after the last path seen, not at an offset).
  for (let after = "";;) {
    const page = index.superseded.list(options.before, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1].relPath;
    // One check of an original serves its copies on the page (a photo's copies sort together).
    const verdicts = new Map<string, Promise<string | undefined>>();
    // Forgotten together once the page's files are removed: the index is written after the disk
    // has room.
    const forget: string[] = [];
    for (const copy of page) {
      const path = relativePathInside(dest, copy.relPath);
      if (!copy.relPath.startsWith(`${SUPERSEDED_DIR}/`)) {
        keep(copy.relPath, "it is not under superseded/");
        continue;
      }
      const stat = await Deno.lstat(path).catch(() => undefined);
      if (!stat) {
        forget.push(copy.relPath);
        result.gone++;
        continue;
      }
      if (!stat.isFile) {
        keep(copy.relPath, "it is not a plain file");
        continue;
      }
      const key = copy.original.relPath;
      if (!verdicts.has(key)) verdicts.set(key, originalProblem(dest, copy.original));
      const problem = await verdicts.get(key) ?? await copyProblem(path, copy);
      if (problem) {
        keep(copy.relPath, problem);
        continue;
      }
      if (!options.dryRun) {
        // Removed first, forgotten after: a stop between leaves a record of a file gone (dropped
        // by the next collection), never a file unrecorded; and on a full disk the removals make
        // room.
        await Deno.remove(path);
        forget.push(copy.relPath);
        const folder = relative(root, dirname(path));
        if (folder !== "") await removeEmptyFolders(root, [folder]);
      }
      result.removed++;
      result.bytes += stat.size;
      on.removed?.(copy.relPath, stat.size);
    }
    if (!options.dryRun && !options.keepRecords) index.superseded.forgetAll(forget);
  }
  if (options.listUnrecorded) {
    // One folder's listing at a time; each file asked of the index by its path.
    for await (const { folder, entries } of walkFolders(root, { unlistable: PASS_OVER })) {
      for (const entry of entries) {
        if (entry.isDirectory) continue;
        const relPath = relative(dest, join(root, folder, entry.name)).split("\\").join("/");
        if (index.superseded.isRecorded(relPath)) continue;
        result.unrecorded++;
        on.unrecorded?.(relPath);
      }
    }
  }
  return result;
}
