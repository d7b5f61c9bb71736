/**
 * Pass 1 of a Takeout import: what each entry of a set is (media, sidecar, album metadata, Takeout's
 * own files) and which copies of one file the set repeats (year folder, albums, trash), merged into
 * one item each with its albums and sidecar.
 *
 * @module
 */
import { posix } from "node:path";
import type { ArchiveEntry } from "../archive/mod.ts";
import { exifDateTimeOriginal, peek } from "../../../metadata/head.ts";
import { readSidecarText, type Unreadable } from "../archive/capped.ts";
import {
  albumTitle,
  isAlbumMetadata,
  isSidecarShape,
  isYearFolder,
  specialFolder,
} from "../folders.ts";
import { parseSidecar, type Sidecar, SidecarIndex, sidecarMetadata } from "../sidecar.ts";
import { LearnedStore, MEDIA, OTHER, SIDECAR } from "./learned.ts";
import { liveHalves } from "../live_pairs.ts";
import type { SQLInputValue } from "node:sqlite";

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
  /** The albums it is in. */
  albums: readonly string[];
  /** Its sidecar, if one matched. */
  sidecar?: Sidecar;
  /** EXIF DateTimeOriginal read while a tar stream passed by. */
  exif?: string;
  /** Which half of a live photo it is, if it is one. */
  liveHalf?: "still" | "video";
}

/**
 * Collects what pass 1 sees in the parts of a set: entries, sidecars and media copies go to the
 * temporary database; only what grows with folders, not files, stays in memory.
 */
export interface Learner {
  /** The temporary database. */
  store: LearnedStore;
  /** Album titles by folder (empty for an untitled album). */
  albumTitles: Map<string, string>;
  /** Sidecars that could not be read (too large, damaged): each fails alone. */
  unreadable: Unreadable[];
  /** `folder/name` of each media file two sidecars fitted equally (left undated). */
  ambiguous: string[];
}

/** An empty learner, with a new temporary database (closed by the caller). */
export function newLearner(): Learner {
  return { store: new LearnedStore(), albumTitles: new Map(), unreadable: [], ambiguous: [] };
}

/**
 * Learns one entry. A media entry's CRC-32 and spot are kept, so pass 2 rebuilds its reader from
 * them. A tar stream cannot be revisited, so `sequential` reads EXIF dates as they pass by.
 */
export async function learnEntry(
  learner: Learner,
  part: number,
  entry: ArchiveEntry,
  sequential: boolean,
): Promise<void> {
  const folder = posix.dirname(entry.path);
  const name = posix.basename(entry.path);
  const insert = (kind: number, sidecar?: Sidecar, exif?: string) => {
    const taken = sidecar?.photoTakenTime?.timestamp;
    const spot = kind === MEDIA ? entry.spot : undefined;
    learner.store.sql(
      `INSERT INTO entry (part, path, size, kind, folder, name, data, title, taken, trashed, exif,
         crc, at, method, csize, encrypted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      part,
      entry.path,
      entry.size,
      kind,
      folder,
      name,
      sidecar ? JSON.stringify(sidecarMetadata(sidecar)) : null,
      typeof sidecar?.title === "string" ? sidecar.title : null,
      taken === undefined || taken === null ? null : String(taken),
      sidecar?.trashed === true ? 1 : null,
      exif ?? null,
      kind === MEDIA ? entry.crc32 ?? null : null,
      spot?.offset ?? null,
      spot?.method ?? null,
      spot?.compressedSize ?? null,
      spot ? Number(spot.encrypted) : null,
    );
  };
  if (/\.json$/i.test(name)) {
    const text = await readSidecarText(entry, learner.unreadable);
    const data = text === undefined ? undefined : parseSidecar(text);
    // Album metadata and sidecars are named in the account's language: their shape tells them apart.
    if (data && isAlbumMetadata(data)) learner.albumTitles.set(folder, albumTitle(data));
    if (data && isSidecarShape(data)) insert(SIDECAR, data);
    else insert(OTHER);
    return;
  }
  if (NOT_MEDIA.test(name)) return insert(OTHER);
  // A tar stream cannot be revisited for EXIF later; read the head now, while it passes by.
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  let exif: string | undefined;
  if (sequential && EXIF_TYPES.has(ext)) {
    exif = await exifDateTimeOriginal(await peek(entry.open()));
  }
  insert(MEDIA, undefined, exif);
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
 * are left out unless `includeTrash`. Resolves to the number of items.
 */
export function learnItems(
  learner: Learner,
  options: { includeTrash?: boolean; onTrashLeftOut?: (items: number) => void },
): number {
  const { store } = learner;
  pairFolders(learner);
  store.run("CREATE INDEX entry_by_sidecar ON entry (sidecar)");
  mergeCopies(learner);
  store.run("CREATE INDEX item_by_primary ON item (primary_entry)");
  if (!options.includeTrash) {
    // Their entries count as Takeout's own files, so the part bookkeeping does not wait for them.
    store.run(
      `UPDATE entry SET kind = ${OTHER} WHERE kind = ${SIDECAR} AND id IN
         (SELECT m.sidecar FROM entry m JOIN item i ON i.id = m.item WHERE i.trash_only = 1)`,
    );
    store.run(
      `UPDATE entry SET kind = ${OTHER}
       WHERE kind = ${MEDIA} AND item IN (SELECT id FROM item WHERE trash_only = 1)`,
    );
    const trash = store.run("DELETE FROM item WHERE trash_only = 1");
    if (trash) options.onTrashLeftOut?.(trash);
  }
  markHalves(store);
  return Number(store.sql("SELECT count(*) AS n FROM item").get()!.n);
}

/** The media folders, one row each (what grows with folders, not files, may be held). */
function mediaFolders(store: LearnedStore): string[] {
  return store.sql(`SELECT DISTINCT folder FROM entry WHERE kind = ${MEDIA}`).all()
    .map((row) => String(row.folder));
}

/** Pairs each media copy with its sidecar, one folder's sidecars at a time (the one rule). */
function pairFolders(learner: Learner): void {
  const { store } = learner;
  const pair = store.sql("UPDATE entry SET sidecar = ? WHERE id = ?");
  for (const folder of mediaFolders(store)) {
    const sidecars = new SidecarIndex();
    const ids = new Map<Sidecar, SQLInputValue>();
    const inFolder =
      "SELECT id, name, title, taken FROM entry WHERE kind = ? AND folder = ? ORDER BY id";
    for (const row of store.sql(inFolder).all(SIDECAR, folder)) {
      // What the rule reads of a sidecar: its title and the time it gives.
      const data: Sidecar = {
        ...(row.title === null ? {} : { title: String(row.title) }),
        ...(row.taken === null ? {} : { photoTakenTime: { timestamp: String(row.taken) } }),
      };
      ids.set(data, row.id);
      sidecars.add(folder, String(row.name), data);
    }
    const media = store.sql(inFolder).all(MEDIA, folder);
    const siblings = media.map((row) => String(row.name));
    for (const row of media) {
      const sidecar = sidecars.match(folder, String(row.name), siblings);
      if (sidecar) pair.run(ids.get(sidecar)!, row.id);
    }
    learner.ambiguous.push(...sidecars.ambiguous);
  }
}

/** Merges the media copies, in the order they were met, into items keyed `name|size|taken`. */
function mergeCopies(learner: Learner): void {
  const { store, albumTitles } = learner;
  const copies = store.pages(
    `SELECT e.id, e.folder, e.name, e.size, e.exif, e.sidecar, s.taken, s.trashed FROM entry e
     LEFT JOIN entry s ON s.id = e.sidecar
     WHERE e.kind = ${MEDIA} AND e.id > ? ORDER BY e.id LIMIT ?`,
  );
  const setItem = store.sql("UPDATE entry SET item = ? WHERE id = ?");
  for (const copy of copies) {
    const folder = String(copy.folder), name = String(copy.name), size = Number(copy.size);
    const taken = copy.taken === null ? undefined : String(copy.taken);
    const exif = copy.exif === null ? undefined : String(copy.exif);
    const key = `${name}|${size}|${taken ?? ""}`;
    const album = albumOf(folder, albumTitles);
    const kind = folderKind(folder, albumTitles);
    // The sidecar's flag finds the trash of a language whose folder name we do not know.
    const trashed = kind === "trash" || copy.trashed === 1;
    const known = store.sql(
      `SELECT i.id, i.albums, i.trash_only, i.primary_entry, e.folder FROM item i
       JOIN entry e ON e.id = i.primary_entry WHERE i.key = ?`,
    ).get(key);
    if (!known) {
      const { lastInsertRowid } = store.sql(
        `INSERT INTO item (key, source_id, primary_entry, albums, trash_only, sidecar, exif)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        key,
        takeoutKey(name, size, taken, exif),
        copy.id,
        JSON.stringify(album ? [album] : []),
        trashed ? 1 : 0,
        copy.sidecar,
        copy.exif,
      );
      setItem.run(lastInsertRowid, copy.id);
      continue;
    }
    const albums = JSON.parse(String(known.albums)) as string[];
    if (album && !albums.includes(album)) albums.push(album);
    // The year folder's copy is the one kept; any copy outside the trash beats the trash's.
    const knownKind = folderKind(String(known.folder), albumTitles);
    const primary =
      (kind === "year" && knownKind !== "year") || (knownKind === "trash" && kind !== "trash")
        ? copy.id
        : known.primary_entry;
    store.sql("UPDATE item SET albums = ?, primary_entry = ?, trash_only = ? WHERE id = ?").run(
      JSON.stringify(albums),
      primary,
      trashed ? known.trash_only : 0,
      known.id,
    );
    setItem.run(known.id, copy.id);
  }
}

/** Marks the halves of live photos, folder by folder (a still and its video share a folder). */
function markHalves(store: LearnedStore): void {
  const mark = store.sql("UPDATE item SET half = ? WHERE id = ?");
  for (const folder of mediaFolders(store)) {
    const items = store.sql(
      `SELECT i.id, e.name FROM entry e JOIN item i ON i.primary_entry = e.id
       WHERE e.kind = ${MEDIA} AND e.folder = ? ORDER BY i.id`,
    ).all(folder).map((row) => ({ id: row.id, primary: { folder, name: String(row.name) } }));
    for (const [item, half] of liveHalves(items)) mark.run(half, item.id);
  }
}

/** The start of every Takeout key of an item, whatever sidecar it met: its name and size. */
export function itemIdPrefix(item: LearnedItem): string {
  return `${item.primary.name}|${item.primary.entry.size}|`;
}

/** The Takeout key of a file: its name, size and the time its sidecar (else EXIF) gives. */
function takeoutKey(name: string, size: number, taken?: string, exif?: string): string {
  return `${name}|${size}|${taken ?? exif ?? ""}`;
}

/** The Takeout key of an item: its name, size and the time its sidecar (else EXIF) gives. */
export function itemSourceId(item: LearnedItem): string {
  const taken = item.sidecar?.photoTakenTime?.timestamp;
  return takeoutKey(
    item.primary.name,
    item.primary.entry.size,
    taken === undefined || taken === null ? undefined : String(taken),
    item.exif,
  );
}
