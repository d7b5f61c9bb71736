/**
 * The items pass 1 learned, read back from its temporary database (learned.ts) as the records of
 * the second pass need them: a page at a time in the order they were met (zip parts, folders), or
 * one by one as a tar stream passes their primary copy by.
 *
 * @module
 */
import type { SQLInputValue } from "node:sqlite";
import type { ArchiveEntry } from "../archive/mod.ts";
import type { LearnedItem, Learner } from "./learn.ts";
import { MEDIA } from "./learned.ts";

/** The columns {@linkcode toItem} reads: an item, its primary copy and its sidecar. */
const ITEM_COLUMNS = `SELECT i.id, i.albums, i.exif, i.half, e.part, e.path, e.folder, e.name,
  e.size, e.crc, e.at, e.method, e.csize, e.encrypted, s.data FROM item i
  JOIN entry e ON e.id = i.primary_entry LEFT JOIN entry s ON s.id = i.sidecar`;

/** What rebuilds the primary copy's archive entry: its path, size, CRC-32 and (zip) spot. */
export type FoundEntry = Pick<ArchiveEntry, "path" | "size" | "crc32" | "spot">;

function found(row: Record<string, SQLInputValue>): FoundEntry {
  return {
    path: String(row.path),
    size: Number(row.size),
    crc32: row.crc === null ? undefined : Number(row.crc),
    spot: row.at === null ? undefined : {
      offset: Number(row.at),
      method: Number(row.method),
      compressedSize: Number(row.csize),
      encrypted: row.encrypted === 1,
    },
  };
}

function toItem(row: Record<string, SQLInputValue>, entry: ArchiveEntry): LearnedItem {
  return {
    primary: { part: Number(row.part), entry, folder: String(row.folder), name: String(row.name) },
    albums: JSON.parse(String(row.albums)),
    sidecar: row.data === null ? undefined : JSON.parse(String(row.data)),
    exif: row.exif === null ? undefined : String(row.exif),
    liveHalf: row.half === null ? undefined : row.half as "still" | "video",
  };
}

/**
 * The items learned, read back a page at a time in the order they were met; `entryOf` rebuilds
 * the archive entry of the primary copy from its part and what was found of it in pass 1.
 */
export function* learnedItems(
  learner: Learner,
  entryOf: (part: number, found: FoundEntry) => ArchiveEntry,
): Generator<LearnedItem> {
  for (const row of learner.store.pages(`${ITEM_COLUMNS} WHERE i.id > ? ORDER BY i.id LIMIT ?`)) {
    yield toItem(row, entryOf(Number(row.part), found(row)));
  }
}

/** The item whose primary copy is `entry` of part `part` (a tar stream passing by), if any. */
export function learnedItemAt(
  learner: Learner,
  part: number,
  entry: ArchiveEntry,
): LearnedItem | undefined {
  const row = learner.store.sql(
    `${ITEM_COLUMNS} WHERE e.part = ? AND e.path = ? AND e.kind = ${MEDIA}`,
  ).get(part, entry.path);
  return row ? toItem(row, entry) : undefined;
}
