/**
 * The UTC offset a camera recorded with the capture time (EXIF 2.31 `OffsetTimeOriginal`, 0x9011),
 * so a capture time can be shown and written to XMP in the zone where the photo was taken. exifr
 * reads the tag by itself; it must be asked for raw values, because its revived `DateTimeOriginal`
 * ignores the offset and reads the wall time in the process's own zone.
 *
 * @module
 */
import exifr from "exifr";
import { parseOffset } from "./photo_metadata.ts";

/**
 * The capture time's UTC offset in minutes (`+09:00` → 540) from a file's leading bytes (JPEG,
 * HEIC, TIFF…): `OffsetTimeOriginal`, else `OffsetTimeDigitized` (the same moment on a camera).
 * `OffsetTime` is not used: it belongs to the file's modification time, often set by an editor.
 * Undefined when absent, blank or malformed.
 */
export async function readCaptureOffset(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const tags = await exifr.parse(bytes, {
      pick: ["OffsetTimeOriginal", "OffsetTimeDigitized"],
      reviveValues: false,
    });
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
