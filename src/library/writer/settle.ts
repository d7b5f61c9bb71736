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
 * When the sidecar shows the provisional file to be the original of a picked or API copy the
 * library holds (`upgrade.ts` decides, by the same rules as for an original that arrives with its
 * sidecar), the file does not move to a day of its own: it takes the copy's place as a direct
 * upgrade would, and its own row merges into the copy's.
 *
 * @module
 */
import { dirname } from "node:path";
import type { MediaRecord } from "../../media/record.ts";
import { relinkAlbums } from "../layout/albums.ts";
import type { FileRow } from "../catalog/items/rows.ts";
import type { Catalog } from "../catalog/mod.ts";
import { nameKey } from "../layout/names.ts";
import { setCaptureTime, statOrNull } from "../disk/place.ts";
import { ItemError } from "../../errors.ts";
import { fatalIo } from "../disk/fs_errors.ts";
import { relativePathInside } from "../disk/paths.ts";
import type { CopyCandidate } from "../catalog/upgrades.ts";
import { moveSidecar } from "../sidecars/write.ts";
import { sidecarPath } from "../sidecars/ready.ts";
import { discardTemp, type TempRegistry } from "../disk/files.ts";
import { replaceCopy } from "./upgrade.ts";
import type { Logger } from "../../ui/log.ts";

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
    setCaptureTime(from, record.captureTime);
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
    if (error instanceof Deno.errors.AlreadyExists || statOrNull(to)) {
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
  setCaptureTime(to, record.captureTime);
  await moveSidecar(from, to);
  await relinkAlbums(dest, index.provisional.albumsOf(file.id), file.relPath, relPath);
  return relPath;
}

/**
 * Settles the provisional (or earlier-dated) original `file` as the original of `copy`: a second
 * link of it (a copy where links are missing) is made beside the copy and takes the copy's place
 * as in {@linkcode replaceCopy} (Google's copy recorded aside first, the mtime set before). Then
 * the album links follow, and one transaction records the copy's file as holding the original,
 * merges the file's row into it and journals the file's old path and XMP sidecar (when ours),
 * which are removed last (a removal that fails is a warning on `log`). Until that transaction the file stays provisional, so a run stopped
 * before it finds the same file again and, the copy's place holding the original, only records.
 * Resolves to where the copy is kept, or undefined when an earlier run had kept it.
 */
export async function settleAsOriginal(
  at: { dest: string; index: Catalog; temps: TempRegistry },
  file: FileRow,
  copy: CopyCandidate,
  record: MediaRecord,
  log: Logger,
): Promise<string | undefined> {
  const { dest, index, temps } = at;
  const from = relativePathInside(dest, file.relPath);
  const done = { size: file.size!, sha256: file.sha256! };
  // Only a sidecar the index recorded is ours to remove.
  const ours = index.sidecars.recorded(file.id) !== undefined;
  const leftovers = ours ? [file.relPath, sidecarPath(file.relPath)] : [file.relPath];
  const merge = async () => {
    await relinkAlbums(dest, index.provisional.albumsOf(file.id), file.relPath, copy.relPath);
    index.upgrades.absorb(file.id, copy.id, leftovers, () => index.items.markDone(copy.id, done));
  };
  const temp = await temps.create(dirname(relativePathInside(dest, copy.relPath)));
  let aside: string | undefined;
  try {
    await Deno.link(from, temp).catch((error) => {
      // Only a filesystem without hard links copies; the fresh temp name is never taken.
      if (error instanceof Deno.errors.AlreadyExists) throw error;
      return Deno.copyFile(from, temp);
    });
    aside = await replaceCopy(at, copy, temp, record, done, merge);
  } catch (error) {
    discardTemp(temp, temps);
    throw fatalIo(error, from) ?? error;
  }
  for (const path of leftovers) {
    try {
      await Deno.remove(relativePathInside(dest, path));
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        // The upgrade is done and recorded; the journal keeps the old path for the next run.
        log.warn(
          `Cannot remove ${path}: ${(error as Error).message}; its original is in place as ` +
            `${copy.relPath}, and the next run removes ${path}`,
        );
        continue;
      }
    }
    index.journal.removeTemp(path);
  }
  return aside;
}
