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
import type { MediaRecord } from "../media/record.ts";
import { fromMediaItem, googleIdOfUrl } from "../metadata/photo_metadata.ts";
import type { Catalog } from "./catalog/mod.ts";
import { STATE_DIR } from "./catalog/mod.ts";
import type { CopyCandidate } from "./catalog/upgrades.ts";
import { relativePathInside } from "./layout.ts";
import { existsSync, setCaptureTime } from "./place.ts";
import { fileCaptureOffset, knownInstant } from "./capture_place.ts";
import type { TempRegistry } from "./transfer.ts";
import { fatalIo } from "../errors.ts";

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

async function readHead(path: string, limit = 512 * 1024): Promise<Uint8Array> {
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

function stem(name: string): string {
  const dot = name.lastIndexOf(".");
  return (dot > 0 ? name.slice(0, dot) : name).normalize("NFC").toLowerCase();
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** The dimensions the API reported for a copy (Picker `mediaFileMetadata`, Library `mediaMetadata`). */
function copyDimensions(copy: CopyCandidate): { width?: number; height?: number } {
  const meta = copy.metadata ?? {};
  return copy.source === "picker" ? fromMediaItem({ mediaFile: meta }) : fromMediaItem(meta);
}

/**
 * The API copy of the photo whose original `record` brought into `temp`, if exactly one file is
 * it. `busy` holds files being upgraded right now, which no other record may take.
 */
export async function findLesserCopy(
  index: Catalog,
  record: MediaRecord,
  temp: string,
  busy: ReadonlySet<number>,
): Promise<CopyCandidate | undefined> {
  if (record.source !== "takeout") return;
  const sameFormat = (c: CopyCandidate) =>
    !busy.has(c.id) && extension(c.relPath) === extension(record.filename);
  const url = record.metadata?.url;
  const googleId = typeof url === "string" ? googleIdOfUrl(url) : undefined;
  if (googleId) {
    const byId = index.upgrades.copiesOfGoogleId(googleId).filter(sameFormat);
    if (new Set(byId.map((c) => c.id)).size === 1) return byId[0];
  }
  // Without the URL, dimensions tell a photo from another one; a video has none to read.
  if (record.kind !== "photo" || !record.captureTime) return;
  const candidates = index.upgrades.copiesCapturedIn(record.captureTime).filter((c) =>
    sameFormat(c) && stem(c.filename) === stem(record.filename)
  );
  if (candidates.length === 0) return undefined;
  const size = jpegDimensions(await readHead(temp));
  if (!size) return undefined;
  const matching = candidates.filter((c) => {
    const { width, height } = copyDimensions(c);
    return width === size.width && height === size.height;
  });
  const files = new Set(matching.map((c) => c.id));
  return files.size === 1 ? matching[0] : undefined;
}

/**
 * Puts the original (`temp`) at the copy's path and keeps the copy under `superseded/`. The copy
 * is hard-linked aside first and the original renamed over it in one step, so the path always
 * holds one of them. Returns the copy's new DEST-relative path.
 */
export async function supersede(
  dest: string,
  relPath: string,
  temp: string,
  temps: TempRegistry,
): Promise<string> {
  const target = relativePathInside(dest, relPath);
  let aside = `${SUPERSEDED_DIR}/${relPath}`;
  // A copy superseded before under the same path (an earlier run) is kept too.
  if (existsSync(join(dest, aside))) aside = `${aside}.${Date.now()}`;
  const asidePath = relativePathInside(dest, aside);
  try {
    await Deno.mkdir(dirname(asidePath), { recursive: true });
    await Deno.link(target, asidePath).catch(() => Deno.copyFile(target, asidePath));
    await Deno.rename(temp, target);
  } catch (error) {
    throw fatalIo(error, target) ?? error;
  }
  temps.remove(temp);
  return aside;
}

/**
 * Replaces the copy with the original (see {@linkcode supersede}), records the copy kept aside,
 * and the original's bytes, mtime and capture offset for the copy's file. Returns where the copy
 * is kept.
 */
export async function replaceCopy(
  { dest, index, temps }: { dest: string; index: Catalog; temps: TempRegistry },
  copy: CopyCandidate,
  temp: string,
  record: MediaRecord,
  done: { size: number; sha256: string },
): Promise<string> {
  const aside = await supersede(dest, copy.relPath, temp, temps);
  index.superseded.record({ relPath: aside, size: copy.size, sha256: copy.sha256 }, copy.id);
  const target = relativePathInside(dest, copy.relPath);
  await setCaptureTime(target, record.captureTime);
  index.items.markDone(copy.id, done);
  const offset = await fileCaptureOffset(target, knownInstant(record));
  if (offset !== undefined) index.sidecars.setCaptureOffset(copy.id, offset);
  return aside;
}
