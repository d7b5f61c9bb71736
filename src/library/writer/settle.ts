/**
 * A provisional file meets its sidecar: the file was placed without one (its sidecar sat in a part
 * that had not arrived), and now a dated record with the same bytes says where it belongs. The file
 * moves to that day folder under the name reserved for the dated record, never replacing anything,
 * with its mtime set and its album links following it.
 *
 * A killed move cleans up after itself: the new path is recorded as a temp file before it is
 * linked, and one transaction swaps that record for the old path while the index takes the new one,
 * so the next run removes whichever of the two links the index does not name.
 *
 * @module
 */
import { dirname } from "node:path";
import type { MediaRecord } from "../../media/record.ts";
import { relinkAlbums } from "../layout/albums.ts";
import type { FileRow } from "../catalog/items.ts";
import type { Catalog } from "../catalog/mod.ts";
import { nameKey } from "../layout/names.ts";
import { setCaptureTime, statOrNull } from "../disk/place.ts";
import { fatalIo, ItemError } from "../../errors.ts";
import { moveSidecar } from "../sidecars/write.ts";
import { relativePathInside } from "../disk/paths.ts";

/**
 * The ids under which the library holds `file` as an earlier version's reading of `record`'s very
 * file (same source, same {@linkcode MediaRecord.earlierIdPrefix}, another id): an older sidecar
 * pairing filed it on another day, or in `unknown-date/`. Only a record dated by its sidecar moves
 * such a file: a record without one may just lack the part that holds it, so it never undoes a day.
 */
export function earlierPairings(index: Catalog, file: FileRow, record: MediaRecord): string[] {
  const prefix = record.earlierIdPrefix;
  if (prefix === undefined) return [];
  return index.items.itemsOfFile(file.id)
    .filter((i) =>
      i.source === record.source && i.sourceId !== record.sourceId && i.sourceId.startsWith(prefix)
    )
    .map((i) => i.sourceId);
}

/**
 * Settles the provisional `file` with the dated `record` whose reservation is `reservation`;
 * resolves to the file's path afterwards.
 */
export async function settleProvisional(
  dest: string,
  index: Catalog,
  file: FileRow,
  reservation: FileRow,
  record: MediaRecord,
): Promise<string> {
  const capture = record.captureTime && !Number.isNaN(record.captureTime.getTime())
    ? record.captureTime.toISOString()
    : null;
  const from = relativePathInside(dest, file.relPath);
  if (dirname(file.relPath) === dirname(reservation.relPath)) {
    index.provisional.settle(file.id, capture, reservation.id);
    await setCaptureTime(from, record.captureTime);
    return file.relPath;
  }
  const relPath = reservation.relPath;
  const to = relativePathInside(dest, relPath);
  await Deno.mkdir(dirname(to), { recursive: true });
  const move = { reservationId: reservation.id, relPath, nameKey: nameKey(relPath) };
  index.journal.addTemp(relPath);
  let linked = true;
  try {
    await Deno.link(from, to);
  } catch (error) {
    index.journal.removeTemp(relPath);
    if (error instanceof Deno.errors.AlreadyExists || await statOrNull(to)) {
      throw new ItemError(`${relPath} appeared meanwhile; ${file.relPath} stays where it is`);
    }
    linked = false;
  }
  if (linked) {
    index.provisional.settle(file.id, capture, reservation.id, {
      ...move,
      forgetTemp: relPath,
      addTemp: file.relPath,
    });
    await Deno.remove(from);
    index.journal.removeTemp(file.relPath);
  } else {
    // No hard links here (FAT, some SMB mounts): checked above, so a rename replaces nothing.
    try {
      await Deno.rename(from, to);
    } catch (error) {
      throw fatalIo(error, to) ?? error;
    }
    index.provisional.settle(file.id, capture, reservation.id, move);
  }
  await setCaptureTime(to, record.captureTime);
  await moveSidecar(from, to);
  await relinkAlbums(dest, index.provisional.albumsOf(file.id), file.relPath, relPath);
  return relPath;
}
