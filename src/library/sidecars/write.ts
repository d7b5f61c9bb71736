/**
 * The XMP sidecar beside each media file (`NAME.EXT.xmp`, docs/XMP.md), brought up to date on its
 * own (`ready.ts` builds and places it) and recorded in the index. gphotos-nas replaces only its own
 * sidecar (the one whose SHA-256 the index recorded): a sidecar another program rewrote (digiKam,
 * darktable) or put there first is left as it is.
 *
 * @module
 */
import { dirname } from "node:path";
import type { Catalog } from "../catalog/mod.ts";
import type { SidecarFile } from "../catalog/sidecars.ts";
import { statOrNull } from "../disk/place.ts";
import type { Logger } from "../../ui/log.ts";
import { relativePathInside } from "../disk/paths.ts";
import type { TempRegistry } from "../disk/files.ts";
import { ItemError, stopsRun } from "../../errors.ts";
import {
  foundInstead,
  type Placed,
  placeSidecar,
  readySidecar,
  sidecarNameTooLong,
  type SidecarOutcome,
  sidecarPath,
  sidecarThere,
} from "./ready.ts";

/**
 * Moves a media file's sidecar along with it (absolute paths of the media file's old and new
 * places), never onto a sidecar already there: a sidecar never describes another file.
 */
export async function moveSidecar(from: string, to: string): Promise<void> {
  const [source, target] = [sidecarPath(from), sidecarPath(to)];
  if (statOrNull(source) === null || statOrNull(target) !== null) return;
  await Deno.mkdir(dirname(target), { recursive: true });
  await Deno.rename(source, target);
}

/**
 * Brings the sidecar of a done file up to date with the index. Writes it when it is absent or is
 * the one gphotos-nas wrote last and the metadata changed; leaves a sidecar that is not ours
 * ("foreign"). The media file itself is never opened for writing.
 */
export async function writeSidecar(
  dest: string,
  index: Catalog,
  file: SidecarFile,
  temps: TempRegistry,
): Promise<SidecarOutcome> {
  const ready = await readySidecar(dest, index, file, temps);
  if (typeof ready === "string") return ready;
  let placed: Placed | undefined;
  await temps.commit(
    { dir: dirname(ready.target) },
    () => void (placed = placeSidecar(ready, temps)),
    () => placed === "placed" && index.sidecars.record(file.id, ready.sha256),
  );
  return placed === "placed" ? "written" : await foundInstead(index, ready);
}

/** {@linkcode writeSidecar}, saying on stderr when a sidecar that is not ours was left alone. */
export async function updateSidecar(
  dest: string,
  index: Catalog,
  file: SidecarFile,
  temps: TempRegistry,
  log: Logger,
): Promise<SidecarOutcome> {
  const outcome = await writeSidecar(dest, index, file, temps);
  tellSidecar(outcome, file, log);
  return outcome;
}

/** Says on stderr what a sidecar left unwritten means (a name too long, a sidecar not ours). */
export function tellSidecar(outcome: SidecarOutcome, file: SidecarFile, log: Logger): void {
  if (outcome === "too-long") {
    log.warn(
      `${file.relPath}: its name leaves no room for ".xmp" within 255 bytes; ` +
        "no sidecar was written (the file itself is stored)",
    );
  }
  if (outcome === "foreign") {
    log.warn(
      `${sidecarPath(file.relPath)} was not written by gphotos-nas (or was edited since); ` +
        "it was left as it is: move it away to get gphotos-nas's sidecar",
    );
  }
}

/** Files a page of the index holds while sidecars are written. */
const PAGE = 1000;

/**
 * Writes the sidecars the library lacks: files stored before sidecars existed, under `--no-xmp`,
 * or whose sidecar failed earlier. A sidecar already there is found out without writing one:
 * what gphotos-nas would write is recorded as ours, another program's is left alone and told in
 * one line for them all (a library that digiKam writes into has thousands, every run). Returns how
 * many were written.
 */
export async function writeMissingSidecars(
  dest: string,
  index: Catalog,
  temps: TempRegistry,
  log: Logger,
  signal: AbortSignal,
): Promise<number> {
  let written = 0;
  const failed: string[] = [];
  // Sidecars of other programs: the first one's name and how many.
  let theirs: string | undefined;
  let foreign = 0;
  for (let page = index.sidecars.filesWithout(0, PAGE); page.length > 0;) {
    for (const file of page) {
      signal.throwIfAborted();
      // A name too long for a sidecar was told about when the file was stored.
      if (sidecarNameTooLong(file.relPath)) continue;
      try {
        if (!statOrNull(relativePathInside(dest, file.relPath))) continue;
        const there = statOrNull(relativePathInside(dest, sidecarPath(file.relPath)));
        const outcome = there
          ? await sidecarThere(dest, index, file)
          : await writeSidecar(dest, index, file, temps);
        if (outcome === "written") written++;
        if (outcome === "foreign" && foreign++ === 0) theirs = sidecarPath(file.relPath);
      } catch (error) {
        // One file's trouble (an unreadable folder) is not the others': they are still written.
        if (stopsRun(error)) throw error;
        failed.push(`${sidecarPath(file.relPath)}: ${(error as Error).message}`);
        log.warn(`Cannot write ${failed.at(-1)}; the next run writes it again`);
      }
    }
    page = index.sidecars.filesWithout(page[page.length - 1].id, PAGE);
  }
  if (foreign > 0) {
    const named = foreign > 1 ? `${theirs}, …` : theirs;
    log.warn(
      `${foreign} XMP sidecar(s) not written by gphotos-nas were left as they are (${named}); ` +
        "move one away to get gphotos-nas's sidecar for its file",
    );
  }
  if (failed.length > 0) {
    throw new ItemError(
      `Cannot write ${failed.length} XMP sidecar(s) (${failed[0]}); the next run writes them again`,
    );
  }
  return written;
}
