/**
 * The journal of temp files: what a killed run (or a power cut) leaves half-written is found and
 * removed by the next run. A writer's temp files are named after the writer (the name:
 * `disk/paths.ts` `tempFileName`), and the index records, once per folder and synced before the
 * first of them is created there, the pattern that finds them all (`FOLDER/` and the name with `*`
 * for its random part): one sync per folder and run instead of two index
 * commits per file. Exact paths (a settling move, older indexes) are journalled too. Library-
 * relative, so that a moved library still finds its leftovers.
 *
 * @module
 */
import { basename, dirname, join, relative } from "node:path";
import type { Catalog } from "../catalog/mod.ts";
import { CommitGroup } from "./commit_group.ts";
import {
  isTempFile,
  newTempWriter,
  patternWriter,
  relativePathInside,
  tempFileName,
} from "../disk/paths.ts";
import type { TempRegistry } from "../disk/files.ts";
import { MISSING_IS_EMPTY, readFolder } from "../disk/walk.ts";

/** The temp-file registry of one writer, with its group commit (`commit_group.ts`). */
export interface WriterTemps extends TempRegistry {
  /**
   * Forgets the writer's patterns whose temp files are all gone (the writer is idle): a run
   * killed later has none of them to look for.
   */
  forget(): void;
}

/** A writer's temp files in the index of the library at `dest`. */
export function journalledTemps(index: Catalog, dest: string): WriterTemps {
  const group = new CommitGroup(index);
  const writer = newTempWriter();
  /** Folder → the sync of its pattern. */
  const folders = new Map<string, Promise<void>>();
  /** Temp files not yet renamed or removed, by folder. */
  const live = new Map<string, Set<string>>();
  const pattern = (folder: string) => join(folder, tempFileName(writer, "*"));
  return {
    async create(dir) {
      const path = join(dir, tempFileName(writer, crypto.randomUUID().slice(0, 13)));
      const folder = relative(dest, dir);
      let journalled = folders.get(folder);
      if (!journalled) {
        index.deferred(() => index.journal.addTemp(pattern(folder)));
        journalled = group.durable().catch((error) => {
          // Not known to be on disk: the next temp file here tries again.
          folders.delete(folder);
          throw error;
        });
        folders.set(folder, journalled);
      }
      live.get(folder)?.add(path) ?? live.set(folder, new Set([path]));
      try {
        await journalled;
      } catch (error) {
        live.get(folder)?.delete(path);
        throw error;
      }
      return path;
    },
    remove(path) {
      live.get(relative(dest, dirname(path)))?.delete(path);
    },
    commit: (at, place, record) => group.commit(at, place, record),
    forget() {
      for (const folder of folders.keys()) {
        if (live.get(folder)?.size) continue;
        try {
          index.deferred(() => index.journal.removeTemp(pattern(folder)));
        } catch {
          // A full disk refuses even this: the next run's cleanup lists the folder instead.
          continue;
        }
        folders.delete(folder);
      }
    },
  };
}

/** Removes the temp files an interrupted run left behind; returns how many were still there. */
export async function cleanupTemps(index: Catalog, dest: string): Promise<number> {
  let removed = 0;
  for (const rel of index.journal.temps()) {
    // Only a pattern this module wrote is one: any other row is a path, taken literally.
    const writer = patternWriter(basename(rel));
    const paths = writer === undefined ? [rel] : await tempsOf(dest, dirname(rel), writer);
    for (const path of paths) {
      try {
        await Deno.remove(relativePathInside(dest, path));
        removed++;
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
    index.journal.removeTemp(rel);
  }
  return removed;
}

/** The temp files of `writer` in `folder` (library-relative paths). */
async function tempsOf(dest: string, folder: string, writer: string): Promise<string[]> {
  const found: string[] = [];
  const dir = folder === "." ? dest : relativePathInside(dest, folder);
  for (const entry of await readFolder(dir, MISSING_IS_EMPTY)) {
    if (entry.isFile && isTempFile(entry.name, writer)) {
      found.push(join(folder, entry.name));
    }
  }
  return found;
}
