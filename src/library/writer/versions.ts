/**
 * Which version of a known item a record brings. A source that declares its bytes' CRC-32 (a zip
 * part's central directory) makes the CRC part of the item's identity: bytes whose CRC differs from
 * the one recorded for the item (same name, size and time, changed content) are another version,
 * which gets its own id, so the writer reads and stores it by its usual rules (a new name beside
 * the old file, which is never overwritten) instead of skipping it.
 *
 * @module
 */
import { type MediaRecord, sourcesSharingIds } from "../../media/record.ts";
import type { FileRow, KnownItem } from "../catalog/items/rows.ts";
import type { Catalog } from "../catalog/mod.ts";
import { relativePathInside } from "../disk/paths.ts";
import { crc32File } from "../disk/files.ts";

/**
 * The file of this very version of `known` (bytes of CRC-32 `crc32`), or undefined when the
 * record brings a version the library lacks: the record's `sourceId` is then that version's id. An item recorded before CRCs were has
 * its library file's CRC taken once (not in a dry run, which writes nothing and trusts the id).
 */
export async function sameVersion(
  index: Catalog,
  dest: string,
  record: MediaRecord,
  crc32: number,
  known: KnownItem,
  dryRun?: boolean,
): Promise<FileRow | undefined> {
  let recorded = known.crc32;
  if (recorded === undefined && !dryRun) {
    const path = relativePathInside(dest, known.file.relPath);
    recorded = await crc32File(path).catch(() => undefined);
    if (recorded === undefined) return known.file;
    index.items.setCrc32(record.source, record.sourceId, recorded);
  }
  if (recorded === undefined || recorded === crc32) return known.file;
  record.sourceId = `${record.sourceId}|crc32:${crc32.toString(16).padStart(8, "0")}`;
  return index.items.findItemFile(sourcesSharingIds(record.source), record.sourceId);
}
