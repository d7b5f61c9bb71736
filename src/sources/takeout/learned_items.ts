/**
 * The items pass 1 learned, read back from its temporary database (learned.ts) as the records of
 * the second pass need them: a page at a time in the order they were met (zip parts, folders), or
 * one by one as a tar stream passes their primary copy by.
 *
 * @module
 */
import type { SQLInputValue } from "node:sqlite";
import type { ArchiveEntry } from "./archive/mod.ts";
import type { LearnedItem, Learner } from "./learn.ts";
import { MEDIA } from "./learned.ts";

/** The columns {@linkcode toItem} reads: an item, its primary copy and its sidecar. */
const ITEM_COLUMNS = `SELECT i.id, i.albums, i.exif, i.half, e.part, e.pos, e.path, e.folder,
  e.name, e.size, s.data FROM item i JOIN entry e ON e.id = i.primary_entry
  LEFT JOIN entry s ON s.id = i.sidecar`;

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
 * The items learned, read back a page at a time in the order they were met; `entryAt` gives the
 * archive entry at a part's media list place.
 */
export function* learnedItems(
  learner: Learner,
  entryAt: (part: number, pos: number) => ArchiveEntry,
): Generator<LearnedItem> {
  for (const row of learner.store.pages(`${ITEM_COLUMNS} WHERE i.id > ? ORDER BY i.id LIMIT ?`)) {
    yield toItem(row, entryAt(Number(row.part), Number(row.pos)));
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
