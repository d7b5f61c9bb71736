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

// A temp file's name is `.gphotos-nas-<writer>-<random>.part`, beside its target; a dot file, so
// that a photo program looking at the folder passes over it. A writer is 8 hex digits.
const TEMP_PREFIX = ".gphotos-nas-";
const TEMP_SUFFIX = ".part";
const WRITER = /^[0-9a-f]{8}$/;

/** A new writer's id for its temp files' names. */
export function newTempWriter(): string {
  return crypto.randomUUID().slice(0, 8);
}

/** The name of a temp file of `writer`; `random` as `*`: the pattern of all its temp files. */
export function tempFileName(writer: string, random: string): string {
  return `${TEMP_PREFIX}${writer}-${random}${TEMP_SUFFIX}`;
}

/** Whether a file name is a writer's temp file (of `writer`, when given). */
export function isTempFile(name: string, writer?: string): boolean {
  const start = writer === undefined ? TEMP_PREFIX : `${TEMP_PREFIX}${writer}-`;
  return name.startsWith(start) && name.endsWith(TEMP_SUFFIX);
}

/** The writer whose pattern (`tempFileName(writer, "*")`) `name` is, else undefined. */
export function patternWriter(name: string): string | undefined {
  const end = `-*${TEMP_SUFFIX}`;
  if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(end)) return undefined;
  const writer = name.slice(TEMP_PREFIX.length, -end.length);
  return WRITER.test(writer) ? writer : undefined;
}

/** The last library root resolved: a run asks for paths in one library, several times per file. */
let resolved = { dest: "", root: "" };

/** Whether `rel` is names only: no empty, `.` or `..` segment, no leading or trailing `/`. */
function isPlain(rel: string): boolean {
  if (rel === "" || rel.startsWith("/") || rel.endsWith("/")) return false;
  for (const segment of rel.split("/")) {
    if (segment === "" || segment === "." || segment === "..") return false;
  }
  return true;
}

/** Joins `rel` onto `dest`, refusing anything that would land outside `dest`. */
export function relativePathInside(dest: string, rel: string): string {
  if (resolved.dest !== dest) resolved = { dest, root: resolve(dest) };
  const { root } = resolved;
  // Names only (every path the library makes): the join is the answer, without resolving twice.
  if (root !== "/" && isPlain(rel)) return `${root}/${rel}`;
  const full = resolve(root, rel);
  const back = relative(root, full);
  if (back === "" || back.startsWith("..") || isAbsolute(back)) {
    throw new Error(`refusing a path outside the library: ${JSON.stringify(rel)}`);
  }
  return full;
}
