/**
 * Google's motion photos (`PXL_….MP.jpg`, `MVIMG_….jpg`) are JPEGs with the video appended after
 * the image; the camera says so in the XMP packet of an APP1 segment: `GCamera:MotionPhoto="1"`
 * (Pixels since 2020) or the older `GCamera:MicroVideo="1"`. exifr reads the GCamera namespace
 * itself, so no scanner of our own is needed.
 *
 * @module
 */
import exifr from "exifr";

/** One options object for every call: exifr caches its parsed options by object, forever. */
const XMP_OPTIONS = { xmp: true, tiff: false, exif: false, gps: false, mergeOutput: false };

/** Whether a file's leading bytes (its APP1 segments) mark it as a photo with its video inside. */
export async function isMotionPhoto(head: Uint8Array): Promise<boolean> {
  // XMP sits in an APP1 segment, so only a JPEG (FF D8) can carry the marker this way.
  if (head[0] !== 0xff || head[1] !== 0xd8) return false;
  try {
    const tags = await exifr.parse(head, XMP_OPTIONS);
    const camera = tags?.GCamera;
    return Number(camera?.MotionPhoto) === 1 || Number(camera?.MicroVideo) === 1;
  } catch {
    // Unreadable XMP: an ordinary photo, never a failed item.
    return false;
  }
}
