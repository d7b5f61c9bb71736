/**
 * The errors of the library writer (`store.ts`, `transfer.ts`, `place.ts`): an item that fails alone,
 * and the filesystem failures that stop a run.
 *
 * @module
 */
import { statfs } from "node:fs/promises";
import { FatalIoError } from "../errors.ts";

/** An item that failed alone; the run goes on. */
export class ItemError extends Error {
  /** Builds an item error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ItemError";
  }
}

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
  return error instanceof FatalIoError ? error : undefined;
}
