/**
 * Files the library writes and reads whole: the record of temporary files while they exist (so a
 * killed run's leftovers are found), their removal, and streamed SHA-256 and CRC-32 of a file.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Where temporary files are recorded while they exist, so that the run after a killed one finds and
 * removes them (the index).
 */
export interface TempRegistry {
  /**
   * A fresh temp file path (absolute) in the folder `dir`; resolves once the journal that finds it
   * is on disk, before the caller creates the file.
   */
  create(dir: string): Promise<string>;
  /** Forgets a temp file once it is renamed or removed. */
  remove(path: string): void;
  /**
   * Gives a complete, synced temp file its name with the next batch (`commit_group.ts`): `place`
   * renames it into `at.dir` once the index's deferred commits up to `at.relies` (its
   * reservation) are on disk, `record` (synchronous) records it in the batch's one transaction.
   */
  commit(
    at: { dir: string; relies?: number },
    place: () => Promise<void> | void,
    record: () => void,
  ): Promise<void>;
}

/** Removes a temp file (if still there) and forgets it. */
export function discardTemp(temp: string, temps: TempRegistry): void {
  try {
    Deno.removeSync(temp);
  } catch {
    // Already gone, or the disk refuses: the journal finds it next run.
  }
  temps.remove(temp);
}

/** Hashes a file on disk by streaming it; `onBytes` hears each chunk as it is read. */
export async function hashFile(
  path: string,
  onBytes?: (delta: number) => void,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) {
    hash.update(chunk);
    size += chunk.length;
    onBytes?.(chunk.length);
  }
  return { size, sha256: hash.digest("hex") };
}

/** The CRC-32 of a file on disk, streamed. */
export async function crc32File(path: string): Promise<number> {
  let crc = 0;
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) crc = crc32(chunk, crc);
  return crc >>> 0;
}
