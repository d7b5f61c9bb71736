/**
 * A file's leading bytes (of a stream: `peek`; of a file on disk: `fileHead`; the one head reader)
 * and the EXIF capture time in them. Takeout's import uses it in its order
 * of capture times: the sidecar's `photoTakenTime` (UTC seconds); else the file's EXIF
 * `DateTimeOriginal`, a wall-clock time without zone that is used as it stands (it becomes the
 * instant at which the library's zone shows that wall time, so the day folder is the EXIF day);
 * else the sidecar's `creationTime` (upload time); else unknown. The library's day-zone pass reads
 * the same tag from files already on disk.
 *
 * @module
 */
import exifr from "exifr";
import { wallTimeToInstant } from "../time/zones.ts";

/** How many leading bytes of a file are searched for EXIF. */
export const EXIF_PEEK_BYTES = 256 * 1024;

/**
 * The first `limit` bytes of a stream, kept as its chunks pass by: what {@linkcode peek} returns,
 * and what the writer keeps of a photo while it streams the photo to disk. Each piece is copied: a
 * source may reuse a chunk's memory once the chunk is passed on.
 *
 * @example
 * ```ts
 * const head = new HeadKeeper(4);
 * head.keep(new Uint8Array([1, 2, 3])); // false: one byte still wanted
 * head.keep(new Uint8Array([4, 5])); // true: full
 * head.bytes(); // Uint8Array [1, 2, 3, 4]
 * ```
 */
export class HeadKeeper {
  readonly #limit: number;
  readonly #parts: Uint8Array[] = [];
  #size = 0;

  /** A keeper of the first `limit` bytes. */
  constructor(limit = EXIF_PEEK_BYTES) {
    this.#limit = limit;
  }

  /** Keeps what of `chunk` the head still lacks; returns whether the head is now full. */
  keep(chunk: Uint8Array): boolean {
    if (this.#size < this.#limit) {
      const piece = chunk.slice(0, this.#limit - this.#size);
      this.#parts.push(piece);
      this.#size += piece.length;
    }
    return this.#size >= this.#limit;
  }

  /** The bytes kept, at most `limit`. */
  bytes(): Uint8Array {
    if (this.#parts.length === 1) return this.#parts[0];
    const out = new Uint8Array(this.#size);
    let offset = 0;
    for (const part of this.#parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

/**
 * The first `limit` bytes of a stream; the rest is cancelled, not read. A stream that fails (a
 * damaged archive entry) gives what it gave before failing: reading the file for real fails it,
 * named, and that is the one place it is reported.
 */
export async function peek(
  stream: ReadableStream<Uint8Array>,
  limit = EXIF_PEEK_BYTES,
): Promise<Uint8Array> {
  const head = new HeadKeeper(limit);
  try {
    for await (const chunk of stream) {
      if (head.keep(chunk)) break;
    }
  } catch {
    // See above: the transfer reports it.
  }
  return head.bytes();
}

/** The first `limit` bytes of the file at `path` (fewer when it is shorter). */
export async function fileHead(path: string, limit = EXIF_PEEK_BYTES): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    const head = new Uint8Array(limit);
    let filled = 0;
    while (filled < limit) {
      const n = await file.read(head.subarray(filled));
      if (n === null) break;
      filled += n;
    }
    return head.subarray(0, filled);
  } finally {
    file.close();
  }
}

/**
 * One options object for every call: exifr 7.1.3 caches its parsed options in a Map keyed by the
 * object passed (`Options.useCached`), never emptied, so a literal per call kept ~10 KB per file.
 */
const DATE_OPTIONS = { pick: ["DateTimeOriginal"], reviveValues: false };

/** `DateTimeOriginal` from a file's leading bytes, as "YYYY:MM:DD HH:MM:SS". */
export async function exifDateTimeOriginal(head: Uint8Array): Promise<string | undefined> {
  try {
    const tags = await exifr.parse(head, DATE_OPTIONS);
    const value = tags?.DateTimeOriginal;
    return typeof value === "string" && /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}/.test(value) &&
        !value.startsWith("0000")
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The instant at which `timeZone` shows the EXIF wall time "YYYY:MM:DD HH:MM:SS" (a wall time
 * skipped or repeated by a DST change follows {@linkcode wallTimeToInstant}'s rule).
 */
export function exifToInstant(exif: string, timeZone: string): Date | undefined {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(exif);
  if (!m) return undefined;
  const [year, month, day, hours, minutes, seconds] = m.slice(1).map(Number);
  // Cameras with a lost clock write impossible fields (month 00, day 31 of a 30-day month,
  // 24:00:00); they roll over into the neighbouring month or day, as they always have, instead of
  // losing the item's date.
  const wall = Temporal.PlainDateTime.from({ year, month: 1, day: 1 })
    .add({ months: month - 1, days: day - 1, hours, minutes, seconds });
  return wallTimeToInstant(wall, timeZone);
}
