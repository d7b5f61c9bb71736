/**
 * `verify` for XMP sidecars: every sidecar the index recorded must be present and parse as XMP.
 * Its bytes may differ from what gphotos-nas wrote: photo software (digiKam, Immich) adds its own
 * fields to the sidecar, and that is their purpose. `--repair` writes a missing one again from the
 * index, and moves an unreadable one into the quarantine before writing it again.
 *
 * @module
 */
import { parseXmp } from "../../metadata/xmp_parse.ts";
import type { Catalog } from "../catalog/mod.ts";
import type { SidecarFile } from "../catalog/sidecars.ts";
import { quarantine } from "../disk/place.ts";
import { writeSidecar } from "./write.ts";
import { sidecarPath } from "./ready.ts";
import type { Logger } from "../../ui/log.ts";
import { relativePathInside } from "../disk/paths.ts";
import type { TempRegistry } from "../disk/files.ts";

/** Sidecars that are not as they should be, by media file. */
export interface SidecarProblems {
  /** Recorded sidecars that are gone (media files that are themselves gone are not counted). */
  missing: SidecarFile[];
  /** Sidecars that are not well-formed XMP. */
  unreadable: SidecarFile[];
}

/** Done files a page of the index holds: enough to keep the disk busy, few enough to be small. */
const PAGE = 1000;

/**
 * Checks the recorded sidecars of the done files, leaving out the media files in `gone` (missing
 * or changed: reported as such already).
 */
export async function checkSidecars(
  dest: string,
  index: Catalog,
  gone: ReadonlySet<number>,
  signal?: AbortSignal,
): Promise<SidecarProblems> {
  const problems: SidecarProblems = { missing: [], unreadable: [] };
  for (let page = index.sidecars.filesWithAfter("", PAGE); page.length > 0;) {
    for (const file of page) {
      if (gone.has(file.id)) continue;
      signal?.throwIfAborted();
      let text: string;
      try {
        text = await Deno.readTextFile(relativePathInside(dest, sidecarPath(file.relPath)));
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) problems.missing.push(file);
        else if (error instanceof TypeError) problems.unreadable.push(file); // not UTF-8
        else throw error;
        continue;
      }
      if (parseXmp(text) === undefined) problems.unreadable.push(file);
    }
    page = index.sidecars.filesWithAfter(page[page.length - 1].relPath, PAGE);
  }
  return problems;
}

/** Writes the given sidecars again from the index; returns the sidecar paths it wrote. */
export async function repairSidecars(
  dest: string,
  index: Catalog,
  problems: SidecarProblems,
  temps: TempRegistry,
  log: Logger,
): Promise<string[]> {
  const repaired: string[] = [];
  for (const file of problems.unreadable) {
    await quarantine(dest, sidecarPath(file.relPath), log);
  }
  for (const file of [...problems.missing, ...problems.unreadable]) {
    // The slot is empty (the quarantine holds what was there), so the sidecar is written anew; its
    // record is replaced only once it is written, so a failed write is reported again next time.
    if (await writeSidecar(dest, index, file, temps) === "written") {
      repaired.push(sidecarPath(file.relPath));
    }
  }
  return repaired.sort();
}
