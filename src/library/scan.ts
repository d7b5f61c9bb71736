/**
 * The folder walks of `verify`: files in the day folders that the index does not know, and album
 * links whose file is gone. What NAS systems and desktops drop there is left out (see ignore.ts).
 *
 * @module
 */
import { join } from "node:path";
import { STATE_DIR } from "./index_db.ts";
import type { IgnoreRules } from "./ignore.ts";

/** The folder of album links (`import --albums links`). */
export const ALBUMS_DIR = "albums";

/** Folders inside DEST that are not library content. */
const NOT_CONTENT = new Set([STATE_DIR, ALBUMS_DIR]);

/** An album link that points at nothing. */
export interface DanglingLink {
  /** The link, relative to DEST. */
  path: string;
  /** Where it points (as written in the link). */
  target: string;
}

/** Entries under `DEST/<prefix>`, folders descended, with paths relative to DEST. */
async function* walk(
  dest: string,
  prefix: string,
  rules: IgnoreRules,
): AsyncGenerator<{ rel: string; entry: Deno.DirEntry }> {
  for await (const entry of Deno.readDir(prefix === "" ? dest : join(dest, prefix))) {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (prefix === "" && NOT_CONTENT.has(entry.name)) continue;
    if (rules.ignores(rel)) continue;
    if (entry.isDirectory) yield* walk(dest, rel, rules);
    else yield { rel, entry };
  }
}

/** Regular files under DEST (outside the state and album folders) that `isKnown` rejects. */
export async function unknownFiles(
  dest: string,
  rules: IgnoreRules,
  isKnown: (relPath: string) => boolean,
): Promise<string[]> {
  const unknown: string[] = [];
  for await (const { rel, entry } of walk(dest, "", rules)) {
    if (entry.isFile && !isKnown(rel)) unknown.push(rel);
  }
  return unknown.sort();
}

/** Symbolic links under `DEST/albums/` whose target does not exist. */
export async function danglingAlbumLinks(
  dest: string,
  rules: IgnoreRules,
): Promise<DanglingLink[]> {
  const dangling: DanglingLink[] = [];
  const albums = join(dest, ALBUMS_DIR);
  if (!(await Deno.lstat(albums).then((i) => i.isDirectory, () => false))) return dangling;
  for await (const { rel, entry } of walk(dest, ALBUMS_DIR, rules)) {
    if (!entry.isSymlink) continue;
    const path = join(dest, rel);
    const exists = await Deno.stat(path).then(() => true, () => false);
    if (!exists) dangling.push({ path: rel, target: await Deno.readLink(path) });
  }
  return dangling.sort((a, b) => a.path.localeCompare(b.path));
}
