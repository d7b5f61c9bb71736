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
 * The first `limit` bytes of a stream; the rest is cancelled, not read. A stream that fails (a
 * damaged archive entry) gives what it gave before failing: reading the file for real fails it,
 * named, and that is the one place it is reported.
 */
export async function peek(
  stream: ReadableStream<Uint8Array>,
  limit = EXIF_PEEK_BYTES,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch {
    // See above: the transfer reports it.
  }
  const out = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const part of parts) {
    const piece = part.subarray(0, Math.min(part.length, out.length - offset));
    out.set(piece, offset);
    offset += piece.length;
    if (offset >= out.length) break;
  }
  return out;
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
