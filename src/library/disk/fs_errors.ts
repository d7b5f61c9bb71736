/**
 * Filesystem and SQLite failures that no retry can cure, mapped onto a run-stopping
 * {@linkcode FatalIoError} whose one line names the library (the user acts on the disk, not on one
 * temp file): a full disk or quota, a destination not writable, an index SQLite cannot use, any
 * other failed system call where every operation is on the library.
 *
 * @module
 */
import { statfs } from "node:fs/promises";
import { FatalIoError, isOsError } from "../../errors.ts";

const DISK_FULL = new Set(["ENOSPC", "EDQUOT"]);
const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);

/**
 * Whether `error` is the disk at `path` being full: {@linkcode isDiskFull}, or SQLite's bare
 * "disk I/O error" (it cannot create its shared-memory file) while nothing is free there.
 */
export async function isDiskFullAt(error: unknown, path: string): Promise<boolean> {
  if (isDiskFull(error)) return true;
  if (!/disk I\/O error/.test((error as Error)?.message ?? "")) return false;
  const fs = await statfs(path).catch(() => undefined);
  return fs !== undefined && Number(fs.bavail) * Number(fs.bsize) < 1024 * 1024;
}

/** Whether `error` is a full disk or quota, from the filesystem or from SQLite. */
export function isDiskFull(error: unknown): boolean {
  const cause = error instanceof FatalIoError ? error.cause : error;
  return DISK_FULL.has((cause as { code?: string })?.code ?? "") ||
    /database or disk is full|No space left on device/.test((cause as Error)?.message ?? "");
}

/** The one line of a full disk, naming `path` (the library root where the caller knows it). */
export function diskFullError(path: string, cause: unknown): FatalIoError {
  const code = (cause as { code?: string })?.code ?? "";
  return new FatalIoError(
    `Cannot write to ${path}: the disk is full${DISK_FULL.has(code) ? ` (${code})` : ""}; ` +
      "free some space and run again — completed files and the index are intact",
    { cause },
  );
}

/**
 * Maps a filesystem failure that no retry can cure into a run-stopping error naming `path` (the
 * library root where the caller knows it: the user acts on the disk, not on one temp file). An
 * error already mapped for a deeper path is mapped again for `path`.
 */
export function fatalIo(error: unknown, path: string): FatalIoError | undefined {
  const cause = error instanceof FatalIoError ? error.cause : error;
  const code = (cause as { code?: string })?.code ?? "";
  if (isDiskFull(cause)) return diskFullError(path, cause);
  if (
    UNWRITABLE.has(code) || cause instanceof Deno.errors.PermissionDenied ||
    cause instanceof Deno.errors.NotCapable
  ) {
    return new FatalIoError(
      `Cannot write to ${path}: ${code || (cause as Error).name}; check that the destination ` +
        "is mounted read-write and that this user may write to it",
      { cause },
    );
  }
  const sqlite = /disk I\/O error|unable to open database file/.exec(
    (cause as Error)?.message ?? "",
  );
  if (!(error instanceof FatalIoError) && sqlite) {
    // SQLite's words (an fsync or an open of the index or its journal failed): only the index
    // meets them.
    return new FatalIoError(
      `Cannot use the index of ${path}: SQLite reports ` +
        (sqlite[0] === "disk I/O error" ? "a disk I/O error" : "it cannot open the index file") +
        "; check the disk holding " +
        "it (dmesg, SMART), then run gphotos-nas verify",
      { cause },
    );
  }
  return error instanceof FatalIoError ? error : undefined;
}

/**
 * {@linkcode fatalIo}, and any other failed system call (EIO…) under `path`, for commands whose
 * every file operation is on the library (`gc`, `verify`, `index rebuild`): a download's EIO may
 * be its source's, and fails only that item.
 */
export function libraryIoError(error: unknown, path: string): FatalIoError | undefined {
  const mapped = fatalIo(error, path);
  if (mapped) return mapped;
  if (!isOsError(error)) return undefined;
  return new FatalIoError(
    `Cannot read or write ${path}: ${(error as Error).message}; check the disk holding it ` +
      "(dmesg, SMART), then run gphotos-nas verify",
    { cause: error },
  );
}
