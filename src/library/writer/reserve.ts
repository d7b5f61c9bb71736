/**
 * Giving a new item its name for good. Kept apart from the writer's decisions (`store.ts`) because
 * it is bookkeeping the index must see before any byte lands (the temp-file journal, its
 * companion, is `temp_journal.ts`).
 *
 * @module
 */
import type { MediaRecord } from "../../media/record.ts";
import type { FileRow } from "../catalog/items/rows.ts";
import type { Catalog } from "../catalog/mod.ts";
import { folderFor, type Layout } from "../layout/template.ts";
import { freeName, nameKey, safeFilename } from "../layout/names.ts";
import type { NamesOnDisk } from "../disk/names_on_disk.ts";
import { ItemError } from "../../errors.ts";
import { relativePathInside } from "../disk/paths.ts";

/** Where names are chosen: the library, its index, its layout and the zone of its day folders. */
export interface NamingPlace {
  /** Library root. */
  dest: string;
  /** The library's index. */
  index: Catalog;
  /** Folder template. */
  layout: Layout;
  /** The library's zone. */
  timeZone: string;
  /** One zone for every day folder, when forced. */
  dayZone?: string;
  /** The names held on disk (files the index does not know keep theirs). */
  onDisk: NamesOnDisk;
}

/** An ISO-8601 string for a valid date, else null. */
export function isoOrNull(date: Date | null): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/**
 * Chooses the item's name for good (in `folderOverride`, or its day folder). Synchronous from the
 * free-name check to the reservation, so that concurrent stores never pick the same name.
 */
export function reserveName(
  at: NamingPlace,
  record: MediaRecord,
  folderOverride?: string,
): FileRow {
  const { index, dest, layout, timeZone, dayZone, onDisk } = at;
  const folder = folderOverride ?? folderFor(layout, record.captureTime, dayZone ?? timeZone);
  const wanted = safeFilename(record.filename, record.sourceId, record.mimeType);
  const relPath = freeName(
    folder,
    wanted,
    record.sourceId,
    (path, key) => index.items.isNameTaken(key) || onDisk.has(relativePathInside(dest, path)),
  );
  if (relPath === undefined) {
    throw new ItemError(`no free name for ${JSON.stringify(record.filename)} in ${folder}`);
  }
  // Deferred: a reservation reaches the disk with the sync before its temp file is created.
  return index.deferred(() =>
    index.items.reserve({
      source: record.source,
      sourceId: record.sourceId,
      filename: record.filename,
      relPath,
      nameKey: nameKey(relPath),
      captureTime: isoOrNull(record.captureTime),
      mimeType: record.mimeType,
      kind: record.kind,
      metadata: record.metadata,
      provisional: record.provisional,
      crc32: record.crc32,
    })
  );
}
