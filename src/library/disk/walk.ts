/**
 * Walking the library's content: each folder's files, one folder at a time, without the state
 * folder, album links, temp files, sidecars and NAS litter. Rebuilding the index adopts what this
 * walk yields, and `verify` asks it whether a folder without an index holds photos at all.
 *
 * @module
 */
import { join } from "node:path";
import { ignoreRules } from "../../config/ignore.ts";
import { mediaTypeOfName } from "../../media/mime.ts";
import { ALBUMS_DIR, STATE_DIR, TEMP_FILE } from "./paths.ts";

// Not library content: the index's own folder, `import --albums links` symlinks, the writer's temp
// files of an interrupted run, XMP sidecars (they describe a media file, they are not one), and
// what NAS systems and desktops drop into every folder (`@eaDir`, `.DS_Store`…).
const SKIPPED_FOLDERS = new Set([STATE_DIR, ALBUMS_DIR]);
const NAS_LITTER = ignoreRules();

/**
 * The files of each folder under `dir`, one folder at a time (its files sorted, then its
 * sub-folders in name order): a library of 100,000 files is never listed in memory at once.
 */
export async function* contentFolders(dir: string, prefix = ""): AsyncGenerator<string[]> {
  const files: string[] = [];
  const subfolders: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (prefix === "" && SKIPPED_FOLDERS.has(entry.name)) continue;
    if (NAS_LITTER.ignores(`${prefix}${entry.name}`) || entry.name.endsWith(".xmp")) continue;
    if (entry.isDirectory) subfolders.push(entry.name);
    else if (entry.isFile && !TEMP_FILE.test(entry.name)) files.push(`${prefix}${entry.name}`);
  }
  if (files.length > 0) yield files.sort();
  for (const name of subfolders.sort()) yield* contentFolders(join(dir, name), `${prefix}${name}/`);
}

/** Whether `root` holds any media file (outside the index's folder and album links). */
export async function holdsMediaFiles(root: string): Promise<boolean> {
  for await (const files of contentFolders(root)) {
    if (files.some((relPath) => mediaTypeOfName(relPath) !== undefined)) return true;
  }
  return false;
}
