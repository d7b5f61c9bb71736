/**
 * The folder walks of `verify`: files in the day folders that the index does not know, album links
 * whose file is gone, and folders the user running it may not read. What NAS systems and desktops drop there is left out (see ignore.ts).
 *
 * @module
 */
import { join } from "node:path";
import type { IgnoreRules } from "../../config/ignore.ts";
import { ALBUMS_DIR, STATE_DIR } from "../disk/paths.ts";

/** Folders inside DEST that are not library content. */
const NOT_CONTENT = new Set([STATE_DIR, ALBUMS_DIR]);

/** An album link that points at nothing. */
export interface DanglingLink {
  /** The link, relative to DEST. */
  path: string;
  /** Where it points (as written in the link). */
  target: string;
}

/** What the walks found. */
export interface ScanResult {
  /** Regular files the index does not know, sorted. */
  unknown: string[];
  /** Album links whose target does not exist, sorted by path. */
  danglingLinks: DanglingLink[];
  /** Folders the walk could not read (relative to DEST). */
  unreadable: string[];
}

/** An error that means "this user may not read it" (the OS, or Deno's permissions). */
export function isUnreadable(error: unknown): boolean {
  return error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable;
}

/** Entries under `DEST/<prefix>`, folders descended, with paths relative to DEST. */
async function* walk(
  dest: string,
  prefix: string,
  rules: IgnoreRules,
  unreadable: string[],
): AsyncGenerator<{ rel: string; folder: string; entry: Deno.DirEntry }> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(prefix === "" ? dest : join(dest, prefix)));
  } catch (error) {
    // One unreadable folder (a NAS service's, owned by root) must not hide the rest.
    if (prefix === "" || !isUnreadable(error)) throw error;
    unreadable.push(prefix);
    return;
  }
  for (const entry of entries) {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (prefix === "" && NOT_CONTENT.has(entry.name)) continue;
    if (rules.ignores(rel)) continue;
    if (entry.isDirectory) yield* walk(dest, rel, rules, unreadable);
    else yield { rel, folder: prefix, entry };
  }
}

/**
 * Walks the day folders for regular files that the folder's `knownIn` rejects, and
 * `DEST/albums/` for symbolic links whose target does not exist. `knownIn(folder)` is asked once
 * per folder holding files (a folder at a time, so a library of any size is never in memory).
 */
export async function scanLibrary(
  dest: string,
  rules: IgnoreRules,
  knownIn: (folder: string) => (relPath: string) => boolean,
): Promise<ScanResult> {
  const result: ScanResult = { unknown: [], danglingLinks: [], unreadable: [] };
  let folder: string | undefined;
  let isKnown = (_rel: string) => false;
  for await (const { rel, folder: at, entry } of walk(dest, "", rules, result.unreadable)) {
    if (!entry.isFile) continue;
    if (at !== folder) isKnown = knownIn(folder = at);
    if (!isKnown(rel)) result.unknown.push(rel);
  }
  const albums = join(dest, ALBUMS_DIR);
  if (await Deno.lstat(albums).then((i) => i.isDirectory, () => false)) {
    for await (const { rel, entry } of walk(dest, ALBUMS_DIR, rules, result.unreadable)) {
      if (!entry.isSymlink) continue;
      const path = join(dest, rel);
      const exists = await Deno.stat(path).then(() => true, () => false);
      if (!exists) result.danglingLinks.push({ path: rel, target: await Deno.readLink(path) });
    }
  }
  result.unknown.sort();
  result.danglingLinks.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}
