/**
 * The library's own names and paths on disk: the state folder, the folder of undated items, and
 * the one way to turn a library-relative path into an absolute one without leaving DEST.
 *
 * @module
 */
import { isAbsolute, relative, resolve } from "node:path";

/** The folder inside DEST that holds the index, the lock and other state. */
export const STATE_DIR = ".gphotos-nas";

/** The folder of items without a capture time. */
export const UNKNOWN_DATE_FOLDER = "unknown-date";

/** The folder of album links (`import --albums links`). */
export const ALBUMS_DIR = "albums";

/**
 * A temp file's name is `TEMP_PREFIX<writer>-<random>TEMP_SUFFIX`, beside its target; a dot file,
 * so that a photo program looking at the folder passes over it.
 */
export const TEMP_PREFIX = ".gphotos-nas-";
/** See {@linkcode TEMP_PREFIX}. */
export const TEMP_SUFFIX = ".part";
/** Whether a file name is a writer's temp file. */
export const TEMP_FILE = /^\.gphotos-nas-.*\.part$/;

/** Joins `rel` onto `dest`, refusing anything that would land outside `dest`. */
export function relativePathInside(dest: string, rel: string): string {
  const root = resolve(dest);
  const full = resolve(root, rel);
  const back = relative(root, full);
  if (back === "" || back.startsWith("..") || isAbsolute(back)) {
    throw new Error(`refusing a path outside the library: ${JSON.stringify(rel)}`);
  }
  return full;
}
