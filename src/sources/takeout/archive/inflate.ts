/**
 * Inflating with a bound on memory, whatever the compression ratio. `DecompressionStream` turns each
 * input chunk into all of its output at once, so a 256 KiB chunk of a compression bomb becomes
 * 256 MiB in one step. Here node's zlib inflates instead: it stops once its small output buffer is
 * full and resumes only when the consumer pulls, so output comes in {@linkcode OUT_CHUNK} pieces,
 * and the compressed bytes are read in small slices, only as inflating needs them (back-pressure
 * from the file to the disk).
 *
 * @module
 */
import { Readable, type Transform } from "node:stream";
import { createInflateRaw } from "node:zlib";

/**
 * The most an entry may hold, compressed and inflated, to be read whole (`readWhole`) instead of
 * streamed: one read instead of a slice at a time, and no stream (16 files in flight hold at most
 * 16 MiB this way).
 */
export const WHOLE_MAX = 512 * 1024;

/** Compressed bytes read at a time. */
export const SLICE = 16 * 1024;

/**
 * Inflated bytes per step: the most that inflating produces before the consumer pulls again. Small
 * on purpose: spent chunks wait for the garbage collector, which runs about every so many chunks
 * whatever their size, so on a 512 MiB bomb 64 KiB chunks left ~75 MiB waiting to be freed, 16 KiB
 * ~30 MiB and 8 KiB ~15 MiB (measured). Real media barely compress: one 16 KiB slice makes 2 chunks.
 */
export const OUT_CHUNK = 8 * 1024;

/** Reads `length` bytes at `offset` (fewer only at the end of the file). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/**
 * Reads `length` bytes of `file` at `offset` (fewer only at its end). Synchronous: a slice of a local
 * archive takes microseconds (mostly from the page cache), an async seek and read a thread hand-off
 * each, and no other read can move the file's position between the seek and the read.
 */
export function readRange(file: Deno.FsFile, offset: number, length: number): Uint8Array {
  file.seekSync(offset, Deno.SeekMode.Start);
  const data = new Uint8Array(length);
  let read = 0;
  while (read < length) {
    const n = file.readSync(data.subarray(read));
    if (n === null) return data.subarray(0, read);
    read += n;
  }
  return data;
}

/**
 * The bytes `[offset, offset + size)` read `slice` bytes at a time, each only when the consumer
 * pulls (nothing is read ahead).
 */
export function rangeStream(
  read: RangeReader,
  offset: number,
  size: number,
  slice: number,
): ReadableStream<Uint8Array> {
  let done = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done >= size) return controller.close();
      const data = await read(offset + done, Math.min(slice, size - done));
      if (data.length === 0) {
        throw new RangeError(`the file ends ${size - done} bytes before the entry does`);
      }
      done += data.length;
      controller.enqueue(data);
    },
  }, { highWaterMark: 0 });
}

/**
 * The output of `inflater` fed by `source`, pulled one {@linkcode OUT_CHUNK} at a time. An error of
 * either (a read error, damaged or cut compressed data) fails the stream with that error; once
 * `signal` is aborted, the next pull fails with its reason. Cancelling, or `close`, releases both.
 */
export function inflated(
  source: Readable,
  inflater: Transform,
  signal?: AbortSignal,
): { stream: ReadableStream<Uint8Array>; close(): void } {
  source.on("error", (error) => inflater.destroy(error));
  source.pipe(inflater);
  const chunks = inflater[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  const close = () => {
    source.destroy();
    inflater.destroy();
  };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      signal?.throwIfAborted();
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
    cancel: close,
  }, { highWaterMark: 0 });
  return { stream, close };
}

/** Inflates the raw-deflate bytes `[offset, offset + size)` read through `read`, within bounds. */
export function boundedInflate(
  read: RangeReader,
  offset: number,
  size: number,
): ReadableStream<Uint8Array> {
  const source = Readable.fromWeb(rangeStream(read, offset, size, SLICE) as never, {
    highWaterMark: SLICE,
  });
  return inflated(source, createInflateRaw({ chunkSize: OUT_CHUNK })).stream;
}
