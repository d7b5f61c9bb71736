/**
 * Upgrading a lesser copy to its original. A Picker or Library API download is Google's re-encoded
 * copy (`=d`: no GPS, recompressed); a Takeout import brings the original. When the original of a
 * photo the library holds only as such a copy arrives, it takes the copy's place (same path, so
 * album links and habits keep working) and the copy moves to `.gphotos-nas/superseded/`, recorded
 * in the index for `gc`. It is the same photo when the Takeout sidecar's Google Photos URL names
 * the media item id the copy was fetched under (whatever the copy's name or time; a video's `=dv`
 * transcode too); else, for photos, when the capture time agrees to the second, the file name
 * without its extension agrees (case aside), and the pixel dimensions agree; when any of them is
 * unknown nothing is replaced. Either way the two
 * must have the same extension, because the original takes the copy's very name. Never the other
 * way round: only a Takeout original replaces, only an API copy is replaced.
 *
 * @module
 */
import { dirname, join } from "node:path";
import type { MediaRecord } from "../../media/record.ts";
import { extensionOf, foldedStem } from "../../media/stem.ts";
import { fileHead } from "../../metadata/head.ts";
import { fromMediaItem, googleIdOfUrl } from "../../metadata/photo_metadata.ts";
import type { Catalog } from "../catalog/mod.ts";
import type { CopyCandidate } from "../catalog/upgrades.ts";
import { existsSync, setCaptureTime } from "../disk/place.ts";
import { fileCaptureOffset, knownInstant } from "../layout/day_zone.ts";
import { ItemError } from "../../errors.ts";
import { fatalIo } from "../disk/fs_errors.ts";
import { relativePathInside, STATE_DIR } from "../disk/paths.ts";
import { discardTemp, hashFile, type TempRegistry } from "../disk/files.ts";

/** Where superseded copies are kept, relative to DEST. */
export const SUPERSEDED_DIR = `${STATE_DIR}/superseded`;

/** Width and height from a JPEG's frame header (SOFn), or undefined for anything else. */
export function jpegDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    // SOF0-SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const height = (bytes[at + 5] << 8) | bytes[at + 6];
      const width = (bytes[at + 7] << 8) | bytes[at + 8];
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    if (marker === 0xda || length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}

/** How many leading bytes of a photo are searched for its JPEG frame header (after EXIF, XMP). */
const JPEG_HEAD_BYTES = 512 * 1024;

function sameExtension(a: string, b: string): boolean {
  return extensionOf(a).toLowerCase() === extensionOf(b).toLowerCase();
}

/** The dimensions the API reported for a copy (Picker `mediaFileMetadata`, Library `mediaMetadata`). */
function copyDimensions(copy: CopyCandidate): { width?: number; height?: number } {
  const meta = copy.metadata ?? {};
  return copy.source === "picker" ? fromMediaItem({ mediaFile: meta }) : fromMediaItem(meta);
}

/**
 * Claims the API copy of the photo whose original `record` brought into `temp` (or, settling a
 * provisional original, the file that holds it), if exactly one file is it and no other record
 * claimed it: its id is added to `claimed` in the same step as the last look at the index, so two
 * records of one Google id (an original and a copy of it) never take one copy. The caller removes
 * the claim once done. An edited copy claims nothing.
 */
export async function claimLesserCopy(
  index: Catalog,
  record: MediaRecord,
  temp: string,
  claimed: Set<number>,
): Promise<CopyCandidate | undefined> {
  if (record.source !== "takeout" || record.editedCopy) return;
  const claim = (copy: CopyCandidate | undefined) => {
    if (copy) claimed.add(copy.id);
    return copy;
  };
  const sameFormat = (c: CopyCandidate) =>
    !claimed.has(c.id) && sameExtension(c.relPath, record.filename);
  const url = record.metadata?.url;
  const googleId = typeof url === "string" ? googleIdOfUrl(url) : undefined;
  if (googleId) {
    const byId = index.upgrades.copiesOfGoogleId(googleId).filter(sameFormat);
    if (new Set(byId.map((c) => c.id)).size === 1) return claim(byId[0]);
  }
  // Without the URL, dimensions tell a photo from another one; a video has none to read.
  if (record.kind !== "photo" || !record.captureTime) return;
  const captureTime = record.captureTime;
  const candidates = () =>
    index.upgrades.copiesCapturedIn(captureTime).filter((c) =>
      sameFormat(c) && foldedStem(c.filename) === foldedStem(record.filename)
    );
  if (candidates().length === 0) return undefined;
  const size = jpegDimensions(await fileHead(temp, JPEG_HEAD_BYTES));
  if (!size) return undefined;
  // Looked up again after the read, and claimed in the same step.
  const matching = candidates().filter((c) => {
    const { width, height } = copyDimensions(c);
    return width === size.width && height === size.height;
  });
  const files = new Set(matching.map((c) => c.id));
  return files.size === 1 ? claim(matching[0]) : undefined;
}

/** A free path under `superseded/` for a copy of `relPath` (one kept by an earlier run stays). */
function asidePathFor(dest: string, relPath: string): string {
  const base = `${SUPERSEDED_DIR}/${relPath}`;
  let aside = base;
  for (let n = 1; existsSync(join(dest, aside)); n++) aside = `${base}.${Date.now()}-${n}`;
  return aside;
}

/**
 * Puts the original (`temp`) at the copy's path and keeps the copy under `superseded/`. The copy
 * is recorded aside first, then hard-linked there (copied where links are missing), then the
 * original is renamed over it in one step, so the path always holds one of them and no copy kept
 * aside is unrecorded. When linking or renaming fails, the copy stays in its place and the aside
 * file and its record go again. Returns the copy's new DEST-relative path.
 */
async function supersede(
  dest: string,
  index: Catalog,
  copy: CopyCandidate,
  temp: string,
  temps: TempRegistry,
): Promise<string> {
  const target = relativePathInside(dest, copy.relPath);
  const aside = asidePathFor(dest, copy.relPath);
  const asidePath = relativePathInside(dest, aside);
  index.superseded.record({ relPath: aside, size: copy.size, sha256: copy.sha256 }, copy.id);
  let linked = false;
  try {
    await Deno.mkdir(dirname(asidePath), { recursive: true });
    await Deno.link(target, asidePath).catch((error) => {
      // Only a filesystem without hard links copies; an existing file is never overwritten.
      if (error instanceof Deno.errors.AlreadyExists) throw error;
      linked = true;
      return Deno.copyFile(target, asidePath);
    });
    linked = true;
    await Deno.rename(temp, target);
  } catch (error) {
    // The copy is still in its place: the file aside (ours only) and its record are not needed.
    const undone = !linked || await Deno.remove(asidePath).then(() => true, () => false);
    if (undone) {
      try {
        index.superseded.forget(aside);
      } catch {
        // A record left behind names a file that is gone: gc drops it.
      }
    }
    throw fatalIo(error, target) ?? error;
  }
  temps.remove(temp);
  return aside;
}

/**
 * Replaces the copy with the original (see {@linkcode supersede}), and records the original's
 * bytes, mtime and capture offset for the copy's file. The copy's place is hashed first: when it
 * already holds this original (an earlier run replaced it and stopped before recording it, its
 * copy recorded aside before), only the index is brought up to date; when it holds neither, nothing
 * is replaced. `recordDone` records the copy's file as holding the original (by default just
 * that; a provisional original merges its own row in the same transaction). Returns where the copy
 * is kept, or undefined when an earlier run kept it.
 */
export async function replaceCopy(
  { dest, index, temps }: { dest: string; index: Catalog; temps: TempRegistry },
  copy: CopyCandidate,
  temp: string,
  record: MediaRecord,
  done: { size: number; sha256: string },
  recordDone: () => void | Promise<void> = () => index.items.markDone(copy.id, done),
): Promise<string | undefined> {
  const target = relativePathInside(dest, copy.relPath);
  const now = await hashFile(target).catch((error) => {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  });
  let aside: string | undefined;
  if (now?.sha256 === done.sha256 && now.size === done.size) {
    discardTemp(temp, temps);
    setCaptureTime(target, record.captureTime);
  } else if (now?.sha256 === copy.sha256 && now.size === copy.size) {
    // The mtime is set before the original takes the copy's place, so no stop leaves it wrong.
    setCaptureTime(temp, record.captureTime);
    aside = await supersede(dest, index, copy, temp, temps);
  } else {
    throw new ItemError(
      `${copy.relPath} differs from the copy the index recorded; nothing was replaced — ` +
        "run `gphotos-nas verify`",
    );
  }
  await recordDone();
  const offset = await fileCaptureOffset(target, knownInstant(record));
  if (offset !== undefined) index.sidecars.setCaptureOffset(copy.id, offset);
  return aside;
}
