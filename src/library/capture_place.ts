/**
 * Which zone decides a photo's day folder. A photo whose EXIF records the UTC offset of the place
 * where it was taken (`OffsetTimeOriginal`) goes into the local day there: a photo taken in Tokyo
 * at 06:30 on the 20th belongs to the 20th, even though it was still the 19th in Berlin. Without an
 * offset the library's `--timezone` decides; `--day-zone` makes one zone decide for every item. The
 * zone used is recorded per file, so a later `--migrate-layout` keeps each file's day.
 *
 * @module
 */
import { join } from "node:path";
import { readCaptureOffset } from "../metadata/capture_offset.ts";
import { formatOffset } from "../metadata/photo_metadata.ts";
import { EXIF_PEEK_BYTES } from "../sources/takeout/capture_time.ts";

/** The capture offset of a complete file on disk (its EXIF head), when it records one. */
export async function fileCaptureOffset(path: string): Promise<number | undefined> {
  const file = await Deno.open(path, { read: true });
  try {
    const head = new Uint8Array(EXIF_PEEK_BYTES);
    let filled = 0;
    while (filled < head.length) {
      const n = await file.read(head.subarray(filled));
      if (n === null) break;
      filled += n;
    }
    return await readCaptureOffset(head.subarray(0, filled));
  } finally {
    file.close();
  }
}

/**
 * The zone of a file's day folder: the forced `--day-zone`, else the capture offset as a fixed
 * zone ("+09:00"), else the library's zone.
 */
export function dayZoneFor(
  offsetMinutes: number | undefined,
  libraryZone: string,
  forcedZone?: string,
): string {
  if (forcedZone) return forcedZone;
  return offsetMinutes === undefined ? libraryZone : formatOffset(offsetMinutes);
}

/**
 * Removes each of `folders` (DEST-relative) and then its parents, as long as they are empty; a
 * folder with anything in it stays.
 */
export async function removeEmptyFolders(dest: string, folders: Iterable<string>): Promise<void> {
  for (const folder of folders) {
    const parts = folder.split("/");
    for (let n = parts.length; n > 0; n--) {
      // Without `recursive`, removing a folder that holds anything fails: that is the check.
      const removed = await Deno.remove(join(dest, ...parts.slice(0, n))).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
  }
}
