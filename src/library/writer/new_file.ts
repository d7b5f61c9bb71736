/**
 * A new file's last steps, in one batch of the group commit: its XMP sidecar made ready beside it
 * first, then both renamed into place, their folder synced once, and one index transaction records
 * the file with its sidecar. Placed apart, the sidecar cost a second batch (a second folder sync
 * and index sync) for every file.
 *
 * @module
 */
import { dirname } from "node:path";
import type { Catalog } from "../catalog/mod.ts";
import type { FileRow } from "../catalog/items/rows.ts";
import type { Logger } from "../../ui/log.ts";
import { relativePathInside } from "../disk/paths.ts";
import { placeNoOverwrite } from "../disk/place.ts";
import { discardTemp } from "../disk/files.ts";
import {
  foundInstead,
  type Placed,
  placeSidecar,
  readySidecar,
  type SidecarOutcome,
} from "../sidecars/ready.ts";
import { tellSidecar } from "../sidecars/write.ts";
import type { WriterTemps } from "./temp_journal.ts";

/** Where new files land: the library, its index, the writer's temp files and log. */
export interface NewFilePlace {
  /** The library root. */
  dest: string;
  /** The library's index. */
  index: Catalog;
  /** The writer's temp files and group commit. */
  temps: WriterTemps;
  /** Where a sidecar left alone is said. */
  log: Logger;
  /** Write an XMP sidecar beside each media file. */
  xmp?: boolean;
}

/**
 * Places the complete `temp` as `file` with its sidecar, once the deferred commits up to `relies`
 * are on disk; `record` records the file (inside the batch's transaction). What the sidecar says
 * must be in the index before (its albums, zone and offset). A sidecar that cannot be made or
 * placed never keeps the file from its place: its error is thrown once the file is recorded.
 */
export async function placeNewFile(
  at: NewFilePlace,
  file: FileRow,
  temp: string,
  relies: number,
  record: () => void,
): Promise<void> {
  const { dest, index, temps, log } = at;
  const target = relativePathInside(dest, file.relPath);
  let ready: Awaited<ReturnType<typeof readySidecar>> | undefined;
  let failed: unknown;
  if (at.xmp) {
    try {
      // The media file is still its temp file: the sidecar takes its mtime from there.
      ready = await readySidecar(
        dest,
        index,
        file,
        temps,
        Deno.lstatSync(temp).mtime ?? undefined,
      );
    } catch (error) {
      // Even a full disk: the file's bytes are complete and synced, and placing them needs little
      // room, so they land first (as when the sidecar came after), and then the error stops the run.
      failed = error;
    }
  }
  const sidecar = typeof ready === "object" ? ready : undefined;
  let placed: Placed | undefined;
  const committed = temps.commit(
    { dir: dirname(target), relies },
    () => {
      try {
        placeNoOverwrite(temp, target, file.relPath, temps, log);
      } catch (error) {
        if (sidecar) discardTemp(sidecar.temp, temps);
        throw error;
      }
      if (!sidecar) return;
      try {
        placed = placeSidecar(sidecar, temps);
      } catch (error) {
        failed = error;
      }
    },
    () => {
      record();
      if (placed === "placed") index.sidecars.record(file.id, sidecar!.sha256);
    },
  );
  try {
    await committed;
  } catch (error) {
    // The batch failed before its renames (its index commit, on a full disk): the sidecar's temp
    // file goes with the file's, which the caller removes.
    if (sidecar && placed === undefined) discardTemp(sidecar.temp, temps);
    throw error;
  }
  const outcome: SidecarOutcome | undefined = typeof ready === "string"
    ? ready
    : placed === "occupied"
    ? await foundInstead(index, sidecar!)
    : undefined;
  if (outcome) tellSidecar(outcome, file, log);
  if (failed !== undefined) throw failed;
}
