/**
 * Getting a record's bytes onto the disk: each attempt streams (Web Streams) through a
 * SHA-256/counting transform into a temporary file beside the target and is flushed to disk and
 * checked against the promised size. This is the network policy inside the library (retries from
 * scratch, the stall timer), so it is the library's only user of the retry module.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import { dirname } from "node:path";
import type { MediaRecord } from "../../media/record.ts";
import { isRoutineRetry, RetryableError, type RetryPolicy, withRetry } from "../../net/retry.ts";
import type { Logger } from "../../ui/log.ts";
import { fatalIo, ItemError } from "../../errors.ts";

// Re-exported so that this module stays the library's one door to the network retry policy.
export type { RetryPolicy };

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
    place: () => Promise<void>,
    record: () => void,
  ): Promise<void>;
}

/** What a transfer needs besides the record. */
export interface TransferOptions {
  /** Retry policy for downloads. */
  policy: RetryPolicy;
  /** Abort an attempt that delivers no bytes for this long. */
  stallTimeoutMs: number;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Warnings about retries. */
  log: Logger;
  /** Count bytes as they arrive (progress). */
  onBytes?: (delta: number) => void;
  /** The temp-file record. */
  temps: TempRegistry;
}

/** A complete, flushed temporary file and what it holds. */
export interface Transferred {
  /** Absolute path of the temp file, beside the target. */
  temp: string;
  /** Bytes received. */
  size: number;
  /** Hex SHA-256 of those bytes. */
  sha256: string;
}

/**
 * Streams one record into a temp file beside `target`, retrying from scratch on resets, truncation
 * and stalls. On failure nothing is left behind; filesystem failures no retry can cure become
 * {@linkcode fatalIo} errors.
 */
export async function transfer(
  record: MediaRecord,
  target: string,
  options: TransferOptions,
): Promise<Transferred> {
  const { policy, signal, log, temps } = options;
  const dir = dirname(target);
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (error) {
    throw fatalIo(error, target) ?? error;
  }
  const temp = await temps.create(dir);
  try {
    const result = await withRetry(() => attempt(record, temp, options), {
      policy,
      signal,
      onRetry: (error, delay, n) =>
        isRoutineRetry(error) ||
        log.warn(`${record.filename}: ${error.message}; retry ${n} in ${Math.round(delay)} ms`),
    });
    return { temp, ...result };
  } catch (error) {
    // On a full disk the index may not record the removal either; the next run's cleanup copes,
    // and the reason the transfer failed is what the user must see.
    await discardTemp(temp, temps).catch(() => {});
    throw fatalIo(error, target) ?? error;
  }
}

/** Removes a temp file (if still there) and forgets it. */
export async function discardTemp(temp: string, temps: TempRegistry): Promise<void> {
  await Deno.remove(temp).catch(() => {});
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

/** One attempt: a fresh body into a truncated temp file, the stall timer re-armed by every chunk. */
async function attempt(
  record: MediaRecord,
  temp: string,
  options: TransferOptions,
): Promise<{ size: number; sha256: string }> {
  const { signal, stallTimeoutMs, onBytes } = options;
  const stalled = new AbortController();
  const combined = AbortSignal.any([signal, stalled.signal]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        stalled.abort(
          new RetryableError("stall", `no bytes for ${stallTimeoutMs / 1000} s, starting over`),
        ),
      stallTimeoutMs,
    );
  };
  const hash = createHash("sha256");
  let size = 0;
  arm();
  try {
    const opened = await record.open(combined);
    using file = await Deno.open(temp, { write: true, create: true, truncate: true });
    try {
      await opened.body
        .pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              hash.update(chunk);
              size += chunk.length;
              onBytes?.(chunk.length);
              arm();
              controller.enqueue(chunk);
            },
          }),
          { signal: combined },
        )
        .pipeTo(new WritableStream({ write: (chunk) => writeAll(file, chunk) }), {
          signal: combined,
        });
    } catch (error) {
      if (stalled.signal.aborted) throw stalled.signal.reason;
      if (signal.aborted) throw signal.reason;
      if (fatalIo(error, temp)) throw error;
      // A source that knows its bytes are bad (a damaged archive entry) says so with an
      // ItemError: no attempt cures it, so it is not retried as a network error would be.
      if (error instanceof ItemError) throw error;
      throw new RetryableError("network", `download interrupted: ${(error as Error).message}`);
    }
    await file.syncData();
    const expected = opened.size ?? record.size;
    if (expected !== undefined && expected !== size) {
      throw new RetryableError("truncated", `got ${size} of ${expected} bytes`);
    }
    if (size === 0) throw new RetryableError("truncated", "got an empty body");
    return { size, sha256: hash.digest("hex") };
  } finally {
    clearTimeout(timer);
  }
}

async function writeAll(file: Deno.FsFile, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) offset += await file.write(chunk.subarray(offset));
}
