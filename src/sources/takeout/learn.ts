/**
 * Pass 1 of a Takeout import: what each entry of a set is (media, sidecar, album metadata, Takeout's
 * own files) and which copies of one file the set repeats (year folder, albums, trash), merged into
 * one item each with its albums and sidecar.
 *
 * @module
 */
import { posix } from "node:path";
import type { ArchiveEntry } from "./archive/mod.ts";
import { exifDateTimeOriginal, peek } from "../../metadata/head.ts";
import type { SeenEntry } from "./entries.ts";
import { readSidecarText, type Unreadable } from "./archive/capped.ts";
import {
  albumTitle,
  isAlbumMetadata,
  isSidecarShape,
  isYearFolder,
  specialFolder,
} from "./folders.ts";
import { parseSidecar, type Sidecar, SidecarIndex } from "./sidecar.ts";

/** Takeout's own files, and archives (never media: Google Photos stores none). */
const NOT_MEDIA = /\.(json|html?|zip|tgz|tar|tar\.gz)$/i;
/** Types whose EXIF may hold DateTimeOriginal. */
export const EXIF_TYPES = new Set([
  "jpg",
  "jpeg",
  "heic",
  "heif",
  "tif",
  "tiff",
  "dng",
  "png",
  "webp",
]);

/** One copy of a media file in the export. */
export interface MediaCopy {
  /** Index of its part in the set (-1 once a tar entry has passed by). */
  part: number;
  /** The archive entry. */
  entry: ArchiveEntry;
  /** Its folder inside the archive. */
  folder: string;
  /** Its file name. */
  name: string;
}

/** One media file of the set, however many copies Takeout made of it. */
export interface LearnedItem {
  /** The copy that is read (the year folder's when there is one). */
  primary: MediaCopy;
  /** Every copy: part index, path, and the sidecar it met. */
  copies: { part: number; path: string; sidecar?: Sidecar }[];
  /** The albums it is in. */
  albums: Set<string>;
  /** Every copy of it is in the trash (its folder, or its sidecar's `trashed` flag). */
  trashOnly: boolean;
  /** Its sidecar, if one matched. */
  sidecar?: Sidecar;
  /** EXIF DateTimeOriginal read while a tar stream passed by. */
  exif?: string;
}

/** Collects what pass 1 sees in the parts of a set. */
export interface Learner {
  /** Sidecars by folder. */
  sidecars: SidecarIndex;
  /** Album titles by folder (empty for an untitled album). */
  albumTitles: Map<string, string>;
  /** Every media copy seen. */
  copies: MediaCopy[];
  /** EXIF dates by entry path (tar parts only). */
  exif: Map<string, string>;
  /** Every entry, for the part bookkeeping. */
  seen: SeenEntry[];
  /** Sidecars that could not be read (too large, damaged): each fails alone. */
  unreadable: Unreadable[];
}

/** An empty learner. */
export function newLearner(): Learner {
  return {
    sidecars: new SidecarIndex(),
    albumTitles: new Map(),
    copies: [],
    exif: new Map(),
    seen: [],
    unreadable: [],
  };
}

/**
 * Learns one entry. A tar stream cannot be revisited, so `sequential` reads EXIF dates as they
 * pass by.
 */
export async function learnEntry(
  learner: Learner,
  part: number,
  entry: ArchiveEntry,
  sequential: boolean,
) {
  const folder = posix.dirname(entry.path);
  const name = posix.basename(entry.path);
  const seen: SeenEntry = { part, path: entry.path, size: entry.size };
  learner.seen.push(seen);
  if (/\.json$/i.test(name)) {
    const text = await readSidecarText(entry, learner.unreadable);
    const data = text === undefined ? undefined : parseSidecar(text);
    if (!data) return;
    // Album metadata and sidecars are named in the account's language: their shape tells them apart.
    if (isAlbumMetadata(data)) learner.albumTitles.set(folder, albumTitle(data));
    else if (isSidecarShape(data)) {
      learner.sidecars.add(folder, name, data);
      seen.sidecar = data;
    }
    return;
  }
  if (NOT_MEDIA.test(name)) return;
  seen.media = true;
  learner.copies.push({ part, entry, folder, name });
  // A tar stream cannot be revisited for EXIF later; read the head now, while it passes by.
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  if (sequential && EXIF_TYPES.has(ext)) {
    const exif = await exifDateTimeOriginal(await peek(entry.open()));
    if (exif) learner.exif.set(entry.path, exif);
  }
}

/** An album is a folder with album metadata; its title, else (untitled) the folder's name. */
function albumOf(folder: string, titles: Map<string, string>): string | undefined {
  const title = titles.get(folder);
  if (title === undefined || folderKind(folder, titles) !== "other") return undefined;
  return title || posix.basename(folder);
}

/** What a folder of the export is; a folder with album metadata is never trash or archive. */
function folderKind(
  folder: string,
  titles: Map<string, string>,
): "year" | "trash" | "archive" | "other" {
  const last = posix.basename(folder);
  if (/^\d{4}-\d\d-\d\d( #\d+)?$/.test(last)) return "year";
  if (titles.has(folder)) return "other";
  if (isYearFolder(last)) return "year";
  return specialFolder(last) ?? "other";
}

/**
 * Merges the copies of one file (year folder + albums) into one item each; items only in the trash
 * are left out unless `includeTrash`.
 */
export function learnItems(
  learner: Learner,
  options: { includeTrash?: boolean; onTrashLeftOut?: (items: number) => void },
): Map<string, LearnedItem> {
  const siblings = new Map<string, string[]>();
  for (const copy of learner.copies) {
    const list = siblings.get(copy.folder) ?? [];
    list.push(copy.name);
    siblings.set(copy.folder, list);
  }
  const items = new Map<string, LearnedItem>();
  for (const copy of learner.copies) {
    const sidecar = learner.sidecars.match(copy.folder, copy.name, siblings.get(copy.folder)!);
    const taken = sidecar?.photoTakenTime?.timestamp ?? "";
    const key = `${copy.name}|${copy.entry.size}|${taken}`;
    const album = albumOf(copy.folder, learner.albumTitles);
    const kind = folderKind(copy.folder, learner.albumTitles);
    // The sidecar's flag finds the trash of a language whose folder name we do not know.
    const trashed = kind === "trash" || sidecar?.trashed === true;
    const known = items.get(key);
    if (!known) {
      items.set(key, {
        primary: copy,
        copies: [{ part: copy.part, path: copy.entry.path, sidecar }],
        albums: new Set(album ? [album] : []),
        trashOnly: trashed,
        sidecar,
        exif: learner.exif.get(copy.entry.path),
      });
      continue;
    }
    known.copies.push({ part: copy.part, path: copy.entry.path, sidecar });
    if (album) known.albums.add(album);
    // The year folder's copy is the one kept; any copy outside the trash beats the trash's.
    const knownKind = folderKind(known.primary.folder, learner.albumTitles);
    if ((kind === "year" && knownKind !== "year") || (knownKind === "trash" && kind !== "trash")) {
      known.primary = copy;
    }
    if (!trashed) known.trashOnly = false;
  }
  if (!options.includeTrash) {
    let trash = 0;
    for (const [key, item] of items) {
      if (item.trashOnly) {
        items.delete(key);
        leftOut(learner.seen, item);
        trash++;
      }
    }
    if (trash) options.onTrashLeftOut?.(trash);
  }
  return items;
}

/**
 * Marks the entries of an item left out on purpose (trash) as Takeout's own files, so the part
 * bookkeeping does not wait forever for them to reach the library.
 */
function leftOut(seen: SeenEntry[], item: LearnedItem): void {
  const paths = new Set(item.copies.map((copy) => `${copy.part}:${copy.path}`));
  const sidecars = new Set<object>(item.copies.flatMap((copy) => copy.sidecar ?? []));
  for (const entry of seen) {
    if (paths.has(`${entry.part}:${entry.path}`)) entry.media = false;
    if (entry.sidecar && sidecars.has(entry.sidecar)) entry.sidecar = undefined;
  }
}

/** The start of every Takeout key of an item, whatever sidecar it met: its name and size. */
export function itemIdPrefix(item: LearnedItem): string {
  return `${item.primary.name}|${item.primary.entry.size}|`;
}

/** The Takeout key of an item: its name, size and the time its sidecar (else EXIF) gives. */
export function itemSourceId(item: LearnedItem): string {
  const takenKey = item.sidecar?.photoTakenTime?.timestamp ?? item.exif ?? "";
  return `${itemIdPrefix(item)}${takenKey}`;
}
