/**
 * The Takeout source's first pass: what the parts of a set hold. Every sidecar and album
 * `metadata.json` (which may sit in another part than their media), every media copy, and the
 * copies of one file that Takeout repeats in `Photos from YYYY/` and in each album folder, merged
 * into one item each with the sidecar that dates it.
 *
 * @module
 */
import { posix } from "node:path";
import type { ArchiveEntry } from "./archive.ts";
import { exifDateTimeOriginal, peek } from "./capture_time.ts";
import type { SeenEntry } from "./entries.ts";
import { parseSidecar, type Sidecar, SidecarIndex } from "./sidecar.ts";

/** Takeout's own files, never library content. */
const NOT_MEDIA = /\.(json|html?)$/i;
/** Folders that are not albums. */
const YEAR_FOLDER = /^Photos from \d{4}$/i;
const SPECIAL_FOLDERS = new Set(["archive", "trash", "bin", "failed videos", "locked folder"]);
/** Extensions whose files may carry an EXIF `DateTimeOriginal`. */
export const EXIF_TYPES: ReadonlySet<string> = new Set(
  ["jpg", "jpeg", "heic", "heif", "tif", "tiff", "dng", "png", "webp"],
);

/** One copy of a media file: where it sits (Takeout repeats a file in each album folder). */
export interface MediaCopy {
  /** Index of its part in the set. */
  part: number;
  /** The archive entry. */
  entry: ArchiveEntry;
  /** Its folder inside the archive. */
  folder: string;
  /** Its file name. */
  name: string;
}

/** One item of an export, its copies merged: the copy to read, its albums, sidecar and EXIF date. */
export interface LearnedItem {
  /** The copy whose bytes are read (the year folder's when there is one). */
  primary: MediaCopy;
  /** Every copy: part index, path, and the sidecar it met. */
  copies: { part: number; path: string; sidecar?: Sidecar }[];
  /** Albums it is in. */
  albums: Set<string>;
  /** The sidecar that dates it. */
  sidecar?: Sidecar;
  /** EXIF `DateTimeOriginal` read in the first pass (tar parts only). */
  exif?: string;
}

/** Collects what pass 1 sees in the parts of a set. */
export interface Learner {
  /** The sidecars, by folder. */
  sidecars: SidecarIndex;
  /** Album folder → title from its `metadata.json`. */
  albumTitles: Map<string, string>;
  /** Every media copy. */
  copies: MediaCopy[];
  /** Entry path → EXIF date read in the first pass. */
  exif: Map<string, string>;
  /** Every entry, for the part bookkeeping. */
  seen: SeenEntry[];
}

/** An empty learner. */
export function newLearner(): Learner {
  return {
    sidecars: new SidecarIndex(),
    albumTitles: new Map(),
    copies: [],
    exif: new Map(),
    seen: [],
  };
}

async function readText(entry: ArchiveEntry): Promise<string> {
  return await new Response(entry.open()).text();
}

/**
 * Learns one entry of part `part`: a sidecar or album title, or a media copy (with its EXIF date
 * read at once when `sequential`, as a tar stream cannot come back to it).
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
    if (entry.size > 4 * 1024 * 1024) return;
    const data = parseSidecar(await readText(entry));
    if (!data) return;
    if (name === "metadata.json" || /^métadonnées|^metadaten/i.test(name)) {
      if (typeof data.title === "string" && data.title) learner.albumTitles.set(folder, data.title);
      return;
    }
    learner.sidecars.add(folder, name, data);
    seen.sidecar = data;
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

function albumOf(folder: string, titles: Map<string, string>): string | undefined {
  const last = posix.basename(folder);
  if (YEAR_FOLDER.test(last) || SPECIAL_FOLDERS.has(last.toLowerCase())) return undefined;
  if (/^(Takeout|Google Photos|Google Fotos|\.)$/i.test(last)) return undefined;
  return titles.get(folder) ?? last;
}

/** Merges the copies of one file (year folder + albums) into one item each. */
export function learnItems(learner: Learner): Map<string, LearnedItem> {
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
    const known = items.get(key);
    if (!known) {
      items.set(key, {
        primary: copy,
        copies: [{ part: copy.part, path: copy.entry.path, sidecar }],
        albums: new Set(album ? [album] : []),
        sidecar,
        exif: learner.exif.get(copy.entry.path),
      });
      continue;
    }
    known.copies.push({ part: copy.part, path: copy.entry.path, sidecar });
    if (album) known.albums.add(album);
    if (
      YEAR_FOLDER.test(posix.basename(copy.folder)) &&
      !YEAR_FOLDER.test(posix.basename(known.primary.folder))
    ) {
      known.primary = copy;
    }
  }
  return items;
}

/** The Takeout key of an item: its name, size and the time its sidecar (else EXIF) gives. */
export function itemSourceId(item: LearnedItem): string {
  const takenKey = item.sidecar?.photoTakenTime?.timestamp ?? item.exif ?? "";
  return `${item.primary.name}|${item.primary.entry.size}|${takenKey}`;
}
