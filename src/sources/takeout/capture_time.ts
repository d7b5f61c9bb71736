/**
 * When a Takeout item was taken: the sidecar's `photoTakenTime` (UTC seconds); else the file's EXIF
 * `DateTimeOriginal`, a wall-clock time without zone that is used as it stands (it becomes the
 * instant at which the library's zone shows that wall time, so the day folder is the EXIF day);
 * else the sidecar's `creationTime` (upload time); else unknown.
 *
 * @module
 */
import exifr from "exifr";

/** How many leading bytes of a file are searched for EXIF. */
export const EXIF_PEEK_BYTES = 256 * 1024;

/**
 * Keeps the first `limit` bytes of a stream. The rest is read and dropped rather than cancelled:
 * a zip entry's reader must run to its end, or zip.js leaves later reads of the archive waiting.
 */
export async function peek(stream: ReadableStream<Uint8Array>, limit = EXIF_PEEK_BYTES) {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    if (size < limit) parts.push(chunk);
    size += chunk.length;
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

/** `DateTimeOriginal` from a file's leading bytes, as "YYYY:MM:DD HH:MM:SS". */
export async function exifDateTimeOriginal(head: Uint8Array): Promise<string | undefined> {
  try {
    const tags = await exifr.parse(head, { pick: ["DateTimeOriginal"], reviveValues: false });
    const value = tags?.DateTimeOriginal;
    return typeof value === "string" && /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}:\d{2}/.test(value) &&
        !value.startsWith("0000")
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormatters.set(timeZone, format);
  }
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which `timeZone` shows the EXIF wall time "YYYY:MM:DD HH:MM:SS". */
export function exifToInstant(exif: string, timeZone: string): Date | undefined {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(exif);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(wall)) return undefined;
  let instant = wall - zoneOffset(wall, timeZone);
  instant = wall - zoneOffset(instant, timeZone);
  return new Date(instant);
}
