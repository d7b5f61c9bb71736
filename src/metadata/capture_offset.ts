/**
 * The UTC offset a camera recorded with the capture time (EXIF 2.31 `OffsetTimeOriginal`, 0x9011),
 * so a capture time can be shown and written to XMP in the zone where the photo was taken. exifr
 * reads the tag by itself; it must be asked for raw values, because its revived `DateTimeOriginal`
 * ignores the offset and reads the wall time in the process's own zone. Without the tag, the offset
 * may follow from the local wall time and a UTC instant of the same moment
 * ({@linkcode offsetFromWallTime}).
 *
 * @module
 */
import exifr from "exifr";
import { parseOffset } from "./photo_metadata.ts";

/** One options object for every call: exifr caches its parsed options by object, forever. */
const OFFSET_OPTIONS = {
  pick: ["OffsetTimeOriginal", "OffsetTimeDigitized"],
  reviveValues: false,
};

/**
 * The capture time's UTC offset in minutes (`+09:00` → 540) from a file's leading bytes (JPEG,
 * HEIC, TIFF…): `OffsetTimeOriginal`, else `OffsetTimeDigitized` (the same moment on a camera).
 * `OffsetTime` is not used: it belongs to the file's modification time, often set by an editor.
 * Undefined when absent, blank or malformed.
 */
export async function readCaptureOffset(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const tags = await exifr.parse(bytes, OFFSET_OPTIONS);
    for (const value of [tags?.OffsetTimeOriginal, tags?.OffsetTimeDigitized]) {
      const minutes = typeof value === "string" ? parseOffset(value) : undefined;
      if (minutes !== undefined) return minutes;
    }
    return undefined;
  } catch {
    // Not an image exifr knows, or truncated EXIF: no offset, never a failed item.
    return undefined;
  }
}

/** The widest offsets of real zones, in minutes: UTC−12:00 and UTC+14:00. */
const OFFSET_RANGE = { min: -12 * 60, max: 14 * 60 } as const;

/**
 * The UTC offset of the place where a photo was taken, from its local EXIF wall time
 * ("YYYY:MM:DD HH:MM:SS", no zone) and the UTC instant of the same moment that Google knows (a
 * Takeout sidecar's `photoTakenTime`): their difference, rounded to 15 minutes. Undefined when the
 * two do not describe one moment: a difference more than a minute off a quarter hour (the time was
 * edited in Google Photos, or the camera clock drifted), outside −12:00…+14:00, or one that would
 * put the photo on another day than the EXIF date (which docs/CONTRACT.md says is used as it stands).
 */
export function offsetFromWallTime(wall: string, instant: Date): number | undefined {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(wall);
  if (!m || Number.isNaN(instant.getTime())) return undefined;
  const [year, month, day, hours, minutes, seconds] = m.slice(1).map(Number);
  const local = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  const difference = (local - instant.getTime()) / 60_000;
  const offset = Math.round(difference / 15) * 15;
  if (Math.abs(difference - offset) > 1) return undefined;
  if (offset < OFFSET_RANGE.min || offset > OFFSET_RANGE.max) return undefined;
  const shifted = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 10);
  if (shifted !== `${m[1]}-${m[2]}-${m[3]}`) return undefined;
  return offset === 0 ? 0 : offset;
}
