/**
 * Inflating with a bound on memory, whatever the compression ratio. `DecompressionStream` turns each
 * input chunk into all of its output at once, so a 256 KiB chunk of a compression bomb becomes
 * 256 MiB in one step. Here the compressed bytes are handed over in small slices, sized so that
 * each step yields about {@linkcode STEP_OUTPUT} at the ratio the entry shows, and the next slice is
 * read only when the consumer asks for more (back-pressure from the file to the disk).
 *
 * @module
 */

/**
 * The most compressed bytes per inflate step. Deflate expands at most 1,032 times, so one step yields
 * at most ~16 MiB, even from a bomb. The price is speed on media that barely compresses (measured:
 * 200 MiB of deflated random bytes in ~6 s on a loaded 2-core box), which the disk usually caps anyway.
 */
export const SLICE = 16 * 1024;

/**
 * The output one step aims at. Each entry in flight holds a few steps' output in its pipe (inflater,
 * checks, hashing, the file write), and up to 32 entries may be in flight: at 16 MiB a step that was
 * 500 MiB for 16 bombs at once. So each slice is sized from the ratio the entry has shown so far, and
 * a bomb's steps stay near this size whatever its ratio.
 */
export const STEP_OUTPUT = 512 * 1024;

/** The first slice of an entry, before its ratio is known: at most ~1 MiB out, even from a bomb. */
const FIRST_SLICE = 1024;

/** The smallest slice: 64 bytes yield at most 66 KiB, so a bomb's steps are never tiny in output. */
const MIN_SLICE = 64;

/**
 * The slice after a step that turned `input` compressed bytes into `output` bytes (the last slice
 * being `last`): about {@linkcode STEP_OUTPUT} out at that ratio, at most {@linkcode SLICE}, and at
 * most twice the last one. An entry that turns from noise to zeros thus yields one large step, then
 * small slices; one that turns back grows its slices again within a few steps.
 */
export function nextSlice(last: number, input: number, output: number): number {
  const fit = Math.floor(STEP_OUTPUT / Math.max(1, output / Math.max(1, input)));
  return Math.max(MIN_SLICE, Math.min(SLICE, fit, last * 2));
}

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
 * Inflates the raw-deflate bytes `[offset, offset + size)` read through `read`, one slice per step
 * (sized by {@linkcode nextSlice}), no step before the consumer asks.
 */
export function boundedInflate(
  read: RangeReader,
  offset: number,
  size: number,
): ReadableStream<Uint8Array> {
  const inflater = new DecompressionStream("deflate-raw") as ReadableWritablePair<
    Uint8Array,
    Uint8Array
  >;
  const writer = inflater.writable.getWriter();
  const reader = inflater.readable.getReader();
  let input = 0;
  let stepInput = 0;
  let slice = FIRST_SLICE;
  let closing: Promise<void> | undefined;
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  // Feeds slices until the inflater yields bytes (a slice may yield none) or the input ends. The
  // inflater's output side has no queue, so it inflates a slice only while a read waits for it.
  const step = async (): Promise<ReadableStreamReadResult<Uint8Array>> => {
    while (true) {
      if (!pending) {
        pending = reader.read();
        // A stop (cancel) can fail this read while the file is being read, before it is awaited:
        // marked as handled here, it still throws where it is awaited.
        pending.catch(() => {});
      }
      if (input >= size) {
        closing ??= writer.close();
        closing.catch(() => {});
        const last = await pending;
        pending = undefined;
        return last;
      }
      const data = await read(offset + input, Math.min(slice, size - input));
      if (data.length === 0) {
        throw new RangeError(`the file ends ${size - input} bytes before the entry does`);
      }
      input += data.length;
      stepInput += data.length;
      const written = writer.write(data).then(() => undefined);
      written.catch(() => {});
      const next = await Promise.race([pending, written]);
      if (next) {
        pending = undefined;
        slice = nextSlice(slice, stepInput, next.value?.length ?? 0);
        stepInput = 0;
        return next;
      }
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await step();
      if (next.done) return controller.close();
      controller.enqueue(next.value);
    },
    async cancel(reason) {
      await writer.abort(reason).catch(() => {});
      await reader.cancel(reason).catch(() => {});
    },
  }, { highWaterMark: 0 });
}
