/**
 * The errors of the library writer (`store.ts`, `transfer.ts`, `place.ts`): an item that fails alone,
 * and the filesystem failures that stop a run.
 *
 * @module
 */
import { dirname } from "node:path";
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

/** Maps a filesystem failure that no retry can cure into a run-stopping error. */
export function fatalIo(error: unknown, path: string): FatalIoError | undefined {
  if (error instanceof FatalIoError) return error;
  const code = (error as { code?: string }).code ?? "";
  if (DISK_FULL.has(code) || /database or disk is full/.test((error as Error)?.message ?? "")) {
    return new FatalIoError(
      `the disk holding ${path} is full (${code}); free some space and run again — ` +
        "completed files and the index are intact",
      { cause: error },
    );
  }
  if (
    UNWRITABLE.has(code) || error instanceof Deno.errors.PermissionDenied ||
    error instanceof Deno.errors.NotCapable
  ) {
    return new FatalIoError(
      `cannot write in ${dirname(path)} (${code || (error as Error).name}); check that the ` +
        "destination exists, is mounted read-write and that this user may write to it",
      { cause: error },
    );
  }
  return undefined;
}
