/**
 * `DEST/albums/<Album>/`: relative symbolic links into the day folders, one per album member, so
 * albums cost no space and the files stay where the layout puts them. Existing entries are never
 * replaced.
 *
 * @module
 */
import { join, relative } from "node:path";
import type { Catalog } from "../catalog/mod.ts";
import { freeName, nameKey, safeFilename } from "./names.ts";
import { existsSync } from "../disk/place.ts";
import { ALBUMS_DIR, relativePathInside } from "../disk/paths.ts";
import { MISSING_IS_EMPTY, PASS_OVER, readFolder } from "../disk/walk.ts";

/**
 * Creates the missing album links; resolves to how many were made. A link already pointing at the
 * file counts as present whatever its name (a layout migration keeps link names, and a suffix
 * comes from the file's path, which the migration changed).
 */
export async function buildAlbumLinks(dest: string, index: Catalog): Promise<number> {
  let made = 0;
  // One album at a time: what holds memory is its members, its folder's links and its names.
  for (const album of index.items.albumNames()) {
    const folder = join(dest, ALBUMS_DIR, safeFilename(album, "album"));
    // What each link name (by case-insensitive key) points at, as far as this album has seen
    // (a name given for an earlier album is on disk by now, where the check below finds it).
    const used = new Map<string, string>();
    const present = await linkTargets(folder);
    for (const relPath of index.items.albumMembers(album)) {
      const wanted = relative(folder, relativePathInside(dest, relPath));
      if (present.has(wanted)) continue;
      // A name is free for this file when nothing holds it or it already links to this file. The
      // file's path is the id, so a suffixed link keeps its name from run to run.
      const name = relPath.slice(relPath.lastIndexOf("/") + 1);
      const link = freeName(folder, name, relPath, (path, key) => {
        const claimed = used.get(key);
        if (claimed !== undefined) return claimed !== wanted;
        return existsSync(path) && linkTarget(path) !== wanted;
      });
      if (link === undefined) throw new Error(`no free name for ${relPath} in ${folder}`);
      used.set(nameKey(link), wanted);
      if (existsSync(link)) continue;
      await Deno.mkdir(folder, { recursive: true });
      await Deno.symlink(wanted, link);
      present.add(wanted);
      made++;
    }
  }
  return made;
}

/** The targets of the symbolic links in `folder` (none when it does not exist yet). */
async function linkTargets(folder: string): Promise<Set<string>> {
  const targets = new Set<string>();
  for (const entry of await readFolder(folder, MISSING_IS_EMPTY)) {
    if (entry.isSymlink) targets.add(Deno.readLinkSync(join(folder, entry.name)));
  }
  return targets;
}

function linkTarget(path: string): string | undefined {
  try {
    return Deno.readLinkSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Points the album links of a file that moved from `oldRel` to `newRel` at its new place. Only
 * links that point at the old place are touched: each is replaced by a new link in one rename.
 */
export async function relinkAlbums(
  dest: string,
  albums: readonly string[],
  oldRel: string,
  newRel: string,
): Promise<void> {
  for (const album of albums) {
    const folder = join(dest, ALBUMS_DIR, safeFilename(album, "album"));
    const stale = relative(folder, relativePathInside(dest, oldRel));
    // An album folder that cannot be listed has no link to point elsewhere.
    for (const entry of await readFolder(folder, PASS_OVER)) {
      const link = join(folder, entry.name);
      if (!entry.isSymlink || linkTarget(link) !== stale) continue;
      const fresh = `${link}.${crypto.randomUUID()}.relink`;
      await Deno.symlink(relative(folder, relativePathInside(dest, newRel)), fresh);
      await Deno.rename(fresh, link);
    }
  }
}
