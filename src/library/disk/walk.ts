/**
 * The one walk of folders, and the library's content as it sees it. `walkFolders` lists a tree one
 * folder at a time (a folder's entries in name order, then each of its sub-folders in name order,
 * so a library of 100,000 files is never listed in memory at once and every walk sees the same
 * order); `readFolder` lists one folder. What a walk does at a folder it cannot list is each
 * caller's explicit policy ({@linkcode Unlistable}): stop (rebuilding the index), pass over a
 * missing folder only (album links, temp files), pass over any (`gc`'s superseded copies), record
 * the folders this user may not read and go on (`verify`).
 *
 * Rebuilding the index adopts what `contentFolders` yields, and `verify` asks it whether a folder
 * without an index holds photos at all.
 *
 * @module
 */
import { join } from "node:path";
import { ignoreRules } from "../../config/ignore.ts";
import { mediaTypeOfName } from "../../media/mime.ts";
import { ALBUMS_DIR, isTempFile, STATE_DIR } from "./paths.ts";

/**
 * What a walk does at a folder it cannot list, given that folder (relative to the walk's root, ""
 * for the root itself) and the error: return to pass over the folder as empty, throw to stop.
 */
export type Unlistable = (folder: string, error: unknown) => void;

/** Any folder that cannot be listed stops the walk (the default). */
export const STOP: Unlistable = (_folder, error) => {
  throw error;
};

/** A folder that does not exist is empty; any other failure stops the walk. */
export const MISSING_IS_EMPTY: Unlistable = (_folder, error) => {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
};

/** Any folder that cannot be listed (missing, unreadable, not a folder) is passed over as empty. */
export const PASS_OVER: Unlistable = () => {};

/** An error that means "this user may not read it" (the OS, or Deno's permissions). */
export function isUnreadable(error: unknown): boolean {
  return error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable;
}

/**
 * A folder below the root that this user may not read is added to `into` and passed over: one
 * unreadable folder (a NAS service's, owned by root) must not hide the rest. The root itself, and
 * any other failure, stop the walk.
 */
export function recordUnreadable(into: string[]): Unlistable {
  return (folder, error) => {
    if (folder === "" || !isUnreadable(error)) throw error;
    into.push(folder);
  };
}

/** The entries of the folder `path`, in name order; `folder` names it to `unlistable`. */
export async function readFolder(
  path: string,
  unlistable: Unlistable = STOP,
  folder = path,
): Promise<Deno.DirEntry[]> {
  return await list(path, unlistable, folder) ?? [];
}

/**
 * {@linkcode readFolder} for a caller that cannot wait (a constructor): the same order and policy.
 */
export function readFolderSync(
  path: string,
  unlistable: Unlistable = STOP,
  folder = path,
): Deno.DirEntry[] {
  try {
    return byName([...Deno.readDirSync(path)]);
  } catch (error) {
    unlistable(folder, error);
    return [];
  }
}

/** Entries in name order (code units, as the walk has always gone). */
function byName(entries: Deno.DirEntry[]): Deno.DirEntry[] {
  return entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** {@linkcode readFolder}, undefined for a folder passed over. */
async function list(
  path: string,
  unlistable: Unlistable,
  folder: string,
): Promise<Deno.DirEntry[] | undefined> {
  try {
    return byName(await Array.fromAsync(Deno.readDir(path)));
  } catch (error) {
    unlistable(folder, error);
    return undefined;
  }
}

/** `name` inside `folder`, both relative to a walk's root (`/`-separated). */
export function pathIn(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}

/** How {@linkcode walkFolders} walks. */
export interface WalkOptions {
  /** The folder the walk begins at, relative to the root ("", the root, unless given). */
  from?: string;
  /** Entries passed over (neither yielded nor entered), by their path relative to the root. */
  skip?: (path: string, entry: Deno.DirEntry) => boolean;
  /** What to do at a folder that cannot be listed: {@linkcode STOP} unless given. */
  unlistable?: Unlistable;
}

/** One folder of a walk: its path relative to the root and its entries, in name order. */
export interface WalkedFolder {
  /** The folder, relative to the walk's root ("" for the root). */
  folder: string;
  /** Its entries that the walk does not skip. */
  entries: Deno.DirEntry[];
}

/**
 * Every folder under `root` (from `options.from`), one at a time: a folder's entries, then each of
 * its sub-folders the same way, in name order. Symbolic links are entries, never entered; a
 * folder its `unlistable` passes over is not yielded.
 */
export async function* walkFolders(
  root: string,
  options: WalkOptions = {},
): AsyncGenerator<WalkedFolder> {
  const { from = "", skip, unlistable = STOP } = options;
  const listed = await list(from === "" ? root : join(root, from), unlistable, from);
  if (listed === undefined) return;
  const entries = skip ? listed.filter((entry) => !skip(pathIn(from, entry.name), entry)) : listed;
  yield { folder: from, entries };
  // Only the sub-folders' names are kept while they are walked, not the folder's entries.
  const subfolders = entries.filter((entry) => entry.isDirectory).map((entry) => entry.name);
  for (const name of subfolders) yield* walkFolders(root, { ...options, from: pathIn(from, name) });
}

/** Whether a path (relative to DEST) is the index's own folder or the album links', at the top. */
export function isStateOrAlbums(path: string): boolean {
  return !path.includes("/") && (path === STATE_DIR || path === ALBUMS_DIR);
}

// Not library content: the index's own folder, `import --albums links` symlinks, the writer's temp
// files of an interrupted run, XMP sidecars (they describe a media file, they are not one), and
// what NAS systems and desktops drop into every folder (`@eaDir`, `.DS_Store`…).
const NAS_LITTER = ignoreRules();

function notContent(path: string): boolean {
  return isStateOrAlbums(path) || NAS_LITTER.ignores(path) || path.endsWith(".xmp");
}

/**
 * The files of each folder under `dir` (paths relative to it, sorted), one folder at a time; a
 * folder that cannot be listed stops the walk.
 */
export async function* contentFolders(dir: string): AsyncGenerator<string[]> {
  for await (const { folder, entries } of walkFolders(dir, { skip: notContent })) {
    const files = entries.filter((entry) => entry.isFile && !isTempFile(entry.name))
      .map((entry) => pathIn(folder, entry.name));
    if (files.length > 0) yield files;
  }
}

/** Whether `root` holds any media file (outside the index's folder and album links). */
export async function holdsMediaFiles(root: string): Promise<boolean> {
  for await (const files of contentFolders(root)) {
    if (files.some((relPath) => mediaTypeOfName(relPath) !== undefined)) return true;
  }
  return false;
}
