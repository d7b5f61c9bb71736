/**
 * `--log-file PATH`: the lines a run prints, appended to a file a scheduler's operator can read
 * later, with size-capped rotation so that a nightly job never fills the disk with its own log:
 * at 10 MiB `PATH` becomes `PATH.1` (`PATH.1` → `PATH.2`, `PATH.2` → `PATH.3`, the oldest is
 * dropped), so at most 4 files of 10 MiB each exist.
 *
 * @module
 */
import { UsageError } from "../errors.ts";

/** The size at which the log file is rotated. */
export const LOG_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** How many rotated files (`PATH.1` … `PATH.3`) are kept. */
export const LOG_FILE_KEEP = 3;

/** An open log file. */
export interface LogFile {
  /** Appends whole lines (already stamped). */
  append(text: string): void;
  /** Closes the file. */
  close(): void;
}

/**
 * Opens `path` for appending (created 0600: the lines name folders and files of the family's
 * library). A path that cannot be opened is a usage error, before anything else runs.
 */
export function openLogFile(
  path: string,
  options: { maxBytes?: number; keep?: number; onError?: (message: string) => void } = {},
): LogFile {
  const maxBytes = options.maxBytes ?? LOG_FILE_MAX_BYTES;
  const keep = options.keep ?? LOG_FILE_KEEP;
  const encoder = new TextEncoder();
  const open = () => Deno.openSync(path, { append: true, create: true, mode: 0o600 });
  let file: Deno.FsFile;
  let size: number;
  try {
    file = open();
    size = file.statSync().size;
  } catch (error) {
    throw new UsageError(
      `Cannot open --log-file ${path}: ${(error as Error).message}; name a file in a folder ` +
        "that exists and is writable",
    );
  }
  let failed = false;
  const rotate = () => {
    file.close();
    for (let n = keep; n >= 1; n--) {
      const from = n === 1 ? path : `${path}.${n - 1}`;
      try {
        Deno.renameSync(from, `${path}.${n}`);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
    file = open();
    size = 0;
  };
  return {
    append(text) {
      if (failed) return;
      const bytes = encoder.encode(text);
      try {
        if (size > 0 && size + bytes.length > maxBytes) rotate();
        for (let done = 0; done < bytes.length;) done += file.writeSync(bytes.subarray(done));
        size += bytes.length;
      } catch (error) {
        // A log that cannot be written must not stop a backup: said once, then left alone.
        failed = true;
        options.onError?.(`Cannot write --log-file ${path}: ${(error as Error).message}`);
      }
    },
    close() {
      file.close();
    },
  };
}
