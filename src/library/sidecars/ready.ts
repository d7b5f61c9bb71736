/**
 * One sidecar made ready and placed: its bytes built from what the index holds for the file (every
 * item's source metadata, its albums, the capture offset), written and synced in a temp file beside
 * the media file, then placed without overwriting anything that is not ours. The writer places a
 * new file's sidecar in the same batch as the file (one folder sync, one index transaction);
 * `write.ts` places the others on their own.
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
import { relativePathInside } from "../disk/paths.ts";
import { discardTemp, type TempRegistry } from "../disk/files.ts";
import { ItemError } from "../../errors.ts";
import { fatalIo } from "../disk/fs_errors.ts";

/** What bringing a sidecar up to date did. */
export type SidecarOutcome = "written" | "unchanged" | "foreign" | "too-long";

/** The sidecar's path for a media file's library-relative path. */
export function sidecarPath(relPath: string): string {
  return `${relPath}.xmp`;
}

/** Whether `NAME.EXT.xmp` would pass the 255 bytes a file name may have (a 252-byte media name). */
export function sidecarNameTooLong(relPath: string): boolean {
  const name = sidecarPath(relPath.slice(relPath.lastIndexOf("/") + 1));
  return new TextEncoder().encode(name).length > 255;
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

/** The bytes of the sidecar of `file` as the index describes it now. */
function sidecarBytes(index: Catalog, file: SidecarFile): Uint8Array {
  return new TextEncoder().encode(toXmp(fileMetadata(index, file)));
}

/**
 * What the sidecar already at the name of `file`'s is, found without writing one: exactly what
 * gphotos-nas would write now ("unchanged", then recorded as ours), or not ours ("foreign").
 */
export async function sidecarThere(
  dest: string,
  index: Catalog,
  file: SidecarFile,
): Promise<SidecarOutcome> {
  const target = relativePathInside(dest, sidecarPath(file.relPath));
  return found(
    index,
    { file, sha256: sha256Of(sidecarBytes(index, file)) },
    await hashOfFile(target),
  );
}

/** A sidecar's bytes synced in a temp file beside its media file, to be placed. */
export interface ReadySidecar {
  /** The media file it describes. */
  file: SidecarFile;
  /** The temp file holding it. */
  temp: string;
  /** Its absolute path once placed. */
  target: string;
  /** Its DEST-relative path. */
  rel: string;
  /** The SHA-256 of its bytes, recorded once placed. */
  sha256: string;
  /** Our own earlier sidecar is there and is replaced (else nothing is expected there). */
  replaces: boolean;
  /** What the index recorded before. */
  recorded?: string;
}

/** The SHA-256 of a sidecar's bytes, in hex, as the index records it. */
export function sha256Of(bytes: Uint8Array): string {
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
 * The sidecar of `file` as the index describes it now, synced in a temp file; or, when nothing is
 * to be written, why ("unchanged", "foreign", "too-long"). `mtime`: the media file's (else read
 * from the file in place), so that the sidecar carries its photo's date.
 */
export async function readySidecar(
  dest: string,
  index: Catalog,
  file: SidecarFile,
  temps: TempRegistry,
  mtime?: Date,
): Promise<ReadySidecar | SidecarOutcome> {
  if (sidecarNameTooLong(file.relPath)) return "too-long";
  const bytes = sidecarBytes(index, file);
  const sha256 = sha256Of(bytes);
  const rel = sidecarPath(file.relPath);
  const target = relativePathInside(dest, rel);
  const recorded = index.sidecars.recorded(file.id);
  // Without a sidecar of ours on record there is usually none on disk: placing without overwriting
  // finds one that is (the common case then costs no failed read of a missing file).
  const onDisk = recorded === undefined ? undefined : await hashOfFile(target);
  const ready: ReadySidecar = { file, temp: "", target, rel, sha256, replaces: false, recorded };
  if (onDisk === sha256 || (onDisk !== undefined && onDisk !== recorded)) {
    return found(index, ready, onDisk);
  }
  ready.replaces = onDisk !== undefined;
  ready.temp = await temps.create(dirname(target));
  try {
    // One open for writing, dating and syncing: each path-based call is a system call more.
    // A few KB into a new file: synchronous, like the calls that only touch names (place.ts).
    using handle = Deno.openSync(ready.temp, { write: true, createNew: true });
    for (let written = 0; written < bytes.length;) {
      written += handle.writeSync(bytes.subarray(written));
    }
    // The media file's mtime, set on the temp file so the rename carries it.
    mtime ??= (statOrNull(relativePathInside(dest, file.relPath)))?.mtime ?? undefined;
    if (mtime) handle.utimeSync(new Date(), mtime);
    await handle.sync();
  } catch (error) {
    discardTemp(ready.temp, temps);
    throw fatalIo(error, target) ?? error;
  }
  return ready;
}

/** What placing a ready sidecar did: placed, or something already held its name. */
export type Placed = "placed" | "occupied";

/**
 * Places a ready sidecar: a new one never over anything (a sidecar that appeared is "occupied" and
 * our temp file goes), our own earlier one replaced in one rename, so a reader sees the old or the
 * new one. The caller records `sha256` once placed.
 */
export function placeSidecar(ready: ReadySidecar, temps: TempRegistry): Placed {
  const { temp, target, rel } = ready;
  if (!ready.replaces) {
    try {
      placeNoOverwrite(temp, target, rel, temps);
      return "placed";
    } catch (error) {
      if (error instanceof ItemError) return "occupied";
      throw error;
    }
  }
  try {
    Deno.renameSync(temp, target);
  } catch (error) {
    discardTemp(temp, temps);
    throw fatalIo(error, target) ?? error;
  }
  temps.remove(temp);
  return "placed";
}

/** What the sidecar that held a ready sidecar's name is: ours as it stands, or not. */
export async function foundInstead(index: Catalog, ready: ReadySidecar): Promise<SidecarOutcome> {
  return found(index, ready, await hashOfFile(ready.target));
}

/** Whether the sidecar on disk (`onDisk`, its SHA-256) is `ready` as it stands; recorded if so. */
function found(
  index: Catalog,
  ready: Pick<ReadySidecar, "file" | "sha256" | "recorded">,
  onDisk: string | undefined,
): SidecarOutcome {
  if (onDisk !== ready.sha256) return "foreign";
  if (ready.recorded !== ready.sha256) index.sidecars.record(ready.file.id, ready.sha256);
  return "unchanged";
}
