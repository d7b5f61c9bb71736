/**
 * The XMP sidecar beside each media file (`NAME.EXT.xmp`, docs/XMP.md): built from what the index
 * holds for the file (every item's source metadata, its albums, the capture offset), written to a
 * temp file and renamed into place, and recorded in the index. gphotos-nas replaces only its own
 * sidecar (the one whose SHA-256 the index recorded): a sidecar another program rewrote (digiKam,
 * darktable) or put there first is left as it is.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import {
  compactMetadata,
  fromMediaItem,
  fromTakeoutSidecar,
  type PhotoMetadata,
} from "../../metadata/photo_metadata.ts";
import { toXmp } from "../../metadata/xmp.ts";
import type { Catalog } from "../catalog/mod.ts";
import type { ItemMetadata, SidecarFile } from "../catalog/sidecars.ts";
import { placeNoOverwrite, statOrNull } from "../disk/place.ts";
import type { Logger } from "../../ui/log.ts";
import { relativePathInside } from "../disk/paths.ts";
import { discardTemp, type TempRegistry } from "../disk/files.ts";
import { ItemError, stopsRun } from "../../errors.ts";
import { fatalIo } from "../disk/fs_errors.ts";

/** The sidecar's path for a media file's library-relative path. */
export function sidecarPath(relPath: string): string {
  return `${relPath}.xmp`;
}

/** One item's metadata in the shared shape, from whichever source recorded it. */
function itemMetadata(item: ItemMetadata): PhotoMetadata {
  const meta = item.metadata ?? {};
  if (item.source === "takeout") return fromTakeoutSidecar(meta);
  // The index keeps the API's fields without the id, which is the item's source id.
  if (item.source === "picker") return fromMediaItem({ id: item.sourceId, mediaFile: meta });
  return fromMediaItem({ ...meta, id: item.sourceId });
}

/**
 * What the sidecar of `file` says: the first item to know a field gives it (Takeout's sidecar
 * first, as it describes the original), the capture time is the one the file was filed under, and
 * the albums are all the file's albums.
 */
export function fileMetadata(index: Catalog, file: SidecarFile): PhotoMetadata {
  const merged: PhotoMetadata = {};
  for (const item of index.sidecars.itemsOf(file.id)) {
    const meta = itemMetadata(item) as Record<string, unknown>;
    for (const [key, value] of Object.entries(meta)) {
      const target = merged as Record<string, unknown>;
      if (target[key] === undefined) target[key] = value;
    }
  }
  const albums = index.sidecars.albumsOf(file.id);
  const offset = index.sidecars.captureOffset(file.id);
  return compactMetadata({
    ...merged,
    captureTime: file.captureTime ? new Date(file.captureTime) : merged.captureTime,
    captureOffsetMinutes: offset ?? merged.captureOffsetMinutes,
    albums: albums.length ? albums : undefined,
  });
}

/** What {@linkcode writeSidecar} did. */
export type SidecarOutcome = "written" | "unchanged" | "foreign" | "too-long";

/**
 * Moves a media file's sidecar along with it (absolute paths of the media file's old and new
 * places), never onto a sidecar already there: a sidecar never describes another file.
 */
export async function moveSidecar(from: string, to: string): Promise<void> {
  const [source, target] = [sidecarPath(from), sidecarPath(to)];
  if (await statOrNull(source) === null || await statOrNull(target) !== null) return;
  await Deno.mkdir(dirname(target), { recursive: true });
  await Deno.rename(source, target);
}

/** Whether `NAME.EXT.xmp` would pass the 255 bytes a file name may have (a 252-byte media name). */
export function sidecarNameTooLong(relPath: string): boolean {
  const name = sidecarPath(relPath.slice(relPath.lastIndexOf("/") + 1));
  return new TextEncoder().encode(name).length > 255;
}

function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function hashOfFile(path: string): Promise<string | undefined> {
  try {
    return sha256Of(await Deno.readFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Brings the sidecar of a done file up to date with the index. Writes it when it is absent or is
 * the one gphotos-nas wrote last and the metadata changed; leaves a sidecar that is not ours
 * ("foreign"). The media file itself is never opened for writing.
 */
export async function writeSidecar(
  dest: string,
  index: Catalog,
  file: SidecarFile,
  temps: TempRegistry,
): Promise<SidecarOutcome> {
  if (sidecarNameTooLong(file.relPath)) return "too-long";
  const bytes = new TextEncoder().encode(toXmp(fileMetadata(index, file)));
  const sha256 = sha256Of(bytes);
  const rel = sidecarPath(file.relPath);
  const target = relativePathInside(dest, rel);
  const recorded = index.sidecars.recorded(file.id);
  const onDisk = await hashOfFile(target);
  if (onDisk === sha256) {
    if (recorded !== sha256) index.sidecars.record(file.id, sha256);
    return "unchanged";
  }
  if (onDisk !== undefined && onDisk !== recorded) return "foreign";
  const temp = await temps.create(dirname(target));
  try {
    await Deno.writeFile(temp, bytes, { createNew: true });
    // The media file's mtime, set on the temp file so the rename carries it.
    const info = await statOrNull(relativePathInside(dest, file.relPath));
    if (info?.mtime) await Deno.utime(temp, new Date(), info.mtime);
    const handle = await Deno.open(temp, { write: true });
    try {
      await handle.sync();
    } finally {
      handle.close();
    }
  } catch (error) {
    await discardTemp(temp, temps);
    throw fatalIo(error, target) ?? error;
  }
  await temps.commit({ dir: dirname(target) }, async () => {
    if (onDisk === undefined) return await placeNoOverwrite(temp, target, rel, temps);
    // Our own earlier sidecar: replaced in one rename, so a reader sees the old or the new one.
    await Deno.rename(temp, target).catch(async (error) => {
      await discardTemp(temp, temps);
      throw fatalIo(error, target) ?? error;
    });
    temps.remove(temp);
  }, () => index.sidecars.record(file.id, sha256));
  return "written";
}

/** {@linkcode writeSidecar}, saying on stderr when a sidecar that is not ours was left alone. */
export async function updateSidecar(
  dest: string,
  index: Catalog,
  file: SidecarFile,
  temps: TempRegistry,
  log: Logger,
): Promise<SidecarOutcome> {
  const outcome = await writeSidecar(dest, index, file, temps);
  if (outcome === "too-long") {
    log.warn(
      `${file.relPath}: its name leaves no room for ".xmp" within 255 bytes; ` +
        "no sidecar was written (the file itself is stored)",
    );
  }
  if (outcome === "foreign") {
    log.warn(
      `${sidecarPath(file.relPath)} was not written by gphotos-nas (or was edited since); ` +
        "it was left as it is: move it away to get gphotos-nas's sidecar",
    );
  }
  return outcome;
}

/** Files a page of the index holds while sidecars are written. */
const PAGE = 1000;

/**
 * Writes the sidecars the library lacks: files stored before sidecars existed, under `--no-xmp`,
 * or whose sidecar failed earlier. Returns how many were written.
 */
export async function writeMissingSidecars(
  dest: string,
  index: Catalog,
  temps: TempRegistry,
  log: Logger,
  signal: AbortSignal,
): Promise<number> {
  let written = 0;
  const failed: string[] = [];
  for (let page = index.sidecars.filesWithout(0, PAGE); page.length > 0;) {
    for (const file of page) {
      signal.throwIfAborted();
      // A name too long for a sidecar was told about when the file was stored.
      if (sidecarNameTooLong(file.relPath)) continue;
      try {
        if (!await statOrNull(relativePathInside(dest, file.relPath))) continue;
        if (await updateSidecar(dest, index, file, temps, log) === "written") written++;
      } catch (error) {
        // One file's trouble (an unreadable folder) is not the others': they are still written.
        if (stopsRun(error)) throw error;
        failed.push(`${sidecarPath(file.relPath)}: ${(error as Error).message}`);
        log.warn(`Cannot write ${failed.at(-1)}; the next run writes it again`);
      }
    }
    page = index.sidecars.filesWithout(page[page.length - 1].id, PAGE);
  }
  if (failed.length > 0) {
    throw new ItemError(
      `Cannot write ${failed.length} XMP sidecar(s) (${failed[0]}); the next run writes them again`,
    );
  }
  return written;
}
