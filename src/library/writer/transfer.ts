/**
 * Getting a record's bytes onto the disk: each attempt streams (Web Streams) through a
 * SHA-256/counting transform into a temporary file beside the target and is flushed to disk and
 * checked against the promised size. This is the network policy inside the library (retries from
 * scratch, the stall timer), so it is the library's only user of the retry module.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import type { MediaRecord } from "../../media/record.ts";
import { isRoutineRetry, RetryableError, type RetryPolicy, withRetry } from "../../net/retry.ts";
import type { Logger } from "../../ui/log.ts";
import { ItemError } from "../../errors.ts";
import { fatalIo } from "../disk/fs_errors.ts";
import { discardTemp, type TempRegistry } from "../disk/files.ts";
import { HeadKeeper } from "../../metadata/head.ts";
import { nextTurn } from "../../time/next_turn.ts";

// Re-exported so that this module stays the library's one door to the network retry policy.
export type { RetryPolicy };

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
  /**
   * A photo's leading bytes, where EXIF lives (up to `EXIF_PEEK_BYTES`), kept as they streamed
   * by: placing it needs them, and reading them back from the temp file cost an open, a read and
   * a close per file.
   */
  head?: Uint8Array;
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
    // Synchronous: a folder that exists costs microseconds, an async call a thread hand-off.
    Deno.mkdirSync(dir, { recursive: true });
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
    discardTemp(temp, temps);
    throw fatalIo(error, target) ?? error;
  }
}

/**
 * Bytes gathered before a write: a stream's chunks are small (inflating gives 8 KiB at a time), and
 * each write is a system call.
 */
const WRITE_BLOCK = 256 * 1024;

/**
 * The longest the writing loop keeps the event loop waiting. An inflater answers reads from its
 * queue at once, and synchronous writes never leave the microtask queue: 3.5 GiB of inflated zeros
 * kept a SIGTERM (and the stall timer) waiting 10–13 s, measured. A turn every 50 ms costs nothing.
 */
const TURN_MS = 50;

/**
 * One attempt: a fresh body into a truncated temp file; it is given up as stalled once no byte has
 * come for `stallTimeoutMs`. Writes are synchronous: into the page cache they take microseconds,
 * while an async write hands each chunk to a thread and back (a 437 MB export of 8 KiB chunks
 * spent 42% of its time there, measured).
 */
async function attempt(
  record: MediaRecord,
  temp: string,
  options: TransferOptions,
): Promise<{ size: number; sha256: string; head?: Uint8Array }> {
  const { signal, stallTimeoutMs, onBytes } = options;
  const stalled = new AbortController();
  const combined = AbortSignal.any([signal, stalled.signal]);
  // One timer, not one per chunk: when it fires it looks at when the last byte came.
  let lastByte = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = (delay: number) => {
    timer = setTimeout(() => {
      const idle = performance.now() - lastByte;
      if (idle < stallTimeoutMs) return watch(stallTimeoutMs - idle);
      stalled.abort(
        new RetryableError("stall", `no bytes for ${stallTimeoutMs / 1000} s, starting over`),
      );
    }, delay);
  };
  const hash = createHash("sha256");
  let size = 0;
  const head = record.kind === "photo" ? new HeadKeeper() : undefined;
  watch(stallTimeoutMs);
  try {
    const opened = await record.open(combined);
    using file = Deno.openSync(temp, { write: true, create: true, truncate: true });
    const take = (chunk: Uint8Array) => {
      head?.keep(chunk);
      size += chunk.length;
      onBytes?.(chunk.length);
    };
    // Hashed as written, a block at a time: each update call has a cost of its own.
    const write = (bytes: Uint8Array) => {
      hash.update(bytes);
      writeAllSync(file, bytes);
    };
    if ("bytes" in opened) {
      // A few hundred KB at most, into the page cache.
      take(opened.bytes);
      write(opened.bytes);
    } else {
      const reader = opened.body.getReader();
      const cancel = () => reader.cancel(combined.reason).catch(() => {});
      combined.addEventListener("abort", cancel, { once: true });
      const block = new Uint8Array(WRITE_BLOCK);
      let filled = 0;
      try {
        let turn = performance.now();
        for (let next = await reader.read(); !next.done; next = await reader.read()) {
          const chunk = next.value;
          lastByte = performance.now();
          if (lastByte - turn > TURN_MS) {
            await nextTurn();
            turn = performance.now();
          }
          take(chunk);
          if (filled + chunk.length > WRITE_BLOCK) {
            write(block.subarray(0, filled));
            filled = 0;
          }
          if (chunk.length >= WRITE_BLOCK) write(chunk);
          else {
            block.set(chunk, filled);
            filled += chunk.length;
          }
        }
        combined.throwIfAborted();
        write(block.subarray(0, filled));
      } catch (error) {
        // Whatever stopped the writing, the source stops too (a response, an inflater).
        await reader.cancel(error).catch(() => {});
        if (stalled.signal.aborted) throw stalled.signal.reason;
        if (signal.aborted) throw signal.reason;
        if (fatalIo(error, temp)) throw error;
        // A source that knows its bytes are bad (a damaged archive entry) says so with an
        // ItemError: no attempt cures it, so it is not retried as a network error would be.
        if (error instanceof ItemError) throw error;
        throw new RetryableError("network", `download interrupted: ${(error as Error).message}`);
      } finally {
        combined.removeEventListener("abort", cancel);
        reader.releaseLock();
      }
    }
    await file.syncData();
    const expected = opened.size ?? record.size;
    if (expected !== undefined && expected !== size) {
      throw new RetryableError("truncated", `got ${size} of ${expected} bytes`);
    }
    if (size === 0) throw new RetryableError("truncated", "got an empty body");
    return { size, sha256: hash.digest("hex"), head: head?.bytes() };
  } finally {
    clearTimeout(timer);
  }
}

function writeAllSync(file: Deno.FsFile, bytes: Uint8Array): void {
  for (let written = 0; written < bytes.length;) {
    written += file.writeSync(bytes.subarray(written));
  }
}
