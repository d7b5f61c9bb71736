/**
 * The folder walks of `verify`: files in the day folders that the index does not know, album links
 * whose file is gone, and folders the user running it may not read (recorded, and the walk goes
 * on: `disk/walk.ts` `recordUnreadable`). What NAS systems and desktops drop there is left out
 * (see ignore.ts).
 *
 * @module
 */
import { join } from "node:path";
import type { IgnoreRules } from "../../config/ignore.ts";
import { ALBUMS_DIR } from "../disk/paths.ts";
import {
  isStateOrAlbums,
  pathIn,
  recordUnreadable,
  walkFolders,
  type WalkOptions,
} from "../disk/walk.ts";

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

/** What `verify` walks: not the state folder and album links at the top, not what `rules` ignore. */
function walkOf(from: string, rules: IgnoreRules, unreadable: string[]): WalkOptions {
  return {
    from,
    skip: (path) => isStateOrAlbums(path) || rules.ignores(path),
    unlistable: recordUnreadable(unreadable),
  };
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
  for await (const { folder, entries } of walkFolders(dest, walkOf("", rules, result.unreadable))) {
    const files = entries.filter((entry) => entry.isFile);
    if (files.length === 0) continue;
    const isKnown = knownIn(folder);
    for (const { name } of files) {
      const rel = pathIn(folder, name);
      if (!isKnown(rel)) result.unknown.push(rel);
    }
  }
  const albums = join(dest, ALBUMS_DIR);
  if (await Deno.lstat(albums).then((i) => i.isDirectory, () => false)) {
    const walk = walkOf(ALBUMS_DIR, rules, result.unreadable);
    for await (const { folder, entries } of walkFolders(dest, walk)) {
      for (const entry of entries) {
        if (!entry.isSymlink) continue;
        const rel = pathIn(folder, entry.name);
        const path = join(dest, rel);
        const exists = await Deno.stat(path).then(() => true, () => false);
        if (!exists) result.danglingLinks.push({ path: rel, target: await Deno.readLink(path) });
      }
    }
  }
  result.unknown.sort();
  result.danglingLinks.sort((a, b) => a.path.localeCompare(b.path));
  return result;
}
