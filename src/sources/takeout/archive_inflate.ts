/**
 * Inflating with a bound on memory, whatever the compression ratio. `DecompressionStream` turns each
 * input chunk into all of its output at once, so a 256 KiB chunk of a compression bomb becomes
 * 256 MiB in one step. Here the compressed bytes are handed over in small slices, and the next
 * slice is read only when the consumer asks for more (back-pressure from the file to the disk).
 *
 * @module
 */

/**
 * Compressed bytes per inflate step. Deflate expands at most 1,032 times, so one step yields at most
 * ~16 MiB, even from a bomb. The price is speed on media that barely compresses (measured: 200 MiB of
 * deflated random bytes in ~6 s on a loaded 2-core box), which the disk usually caps anyway.
 */
export const SLICE = 16 * 1024;

/** Reads `length` bytes at `offset` (fewer only at the end of the file). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/** Reads `length` bytes of `file` at `offset` (fewer only at its end); callers serialize calls. */
export async function readRange(
  file: Deno.FsFile,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  await file.seek(offset, Deno.SeekMode.Start);
  const data = new Uint8Array(length);
  let read = 0;
  while (read < length) {
    const n = await file.read(data.subarray(read));
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
 * Inflates the raw-deflate bytes `[offset, offset + size)` read through `read`, one
 * {@linkcode SLICE} per step, no step before the consumer asks.
 */
export function boundedInflate(
  read: RangeReader,
  offset: number,
  size: number,
): ReadableStream<Uint8Array> {
  return rangeStream(read, offset, size, SLICE).pipeThrough<Uint8Array>(
    new DecompressionStream("deflate-raw") as ReadableWritablePair<Uint8Array, Uint8Array>,
  );
}
