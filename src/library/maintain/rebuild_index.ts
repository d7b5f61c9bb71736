/**
 * `index rebuild` on demand: under the library lock, a damaged (or empty) index is moved aside,
 * never deleted, and a fresh one is filled from the files on disk; a healthy index is kept and
 * learns the files it does not record. Either way the folder's library becomes the one this config
 * folder remembers at this path: rebuilding is how an operator says "this is the library now".
 *
 * @module
 */
import { UsageError } from "../../errors.ts";
import type { Logger } from "../../ui/log.ts";
import { IndexDamagedError } from "../catalog/health.ts";
import { type Catalog, openCatalog } from "../catalog/mod.ts";
import { claimLibrary } from "../guard/identity.ts";
import { noteLastWriter } from "../guard/last_writer.ts";
import {
  bringIndexHome,
  homeIndexPath,
  type HomeOptions,
  type IndexHome,
  indexHome,
} from "../guard/index_home.ts";
import { acquireLock } from "../guard/lock.ts";
import { adoptFiles, type RebuildProgress, type RebuildSummary } from "./rebuild.ts";
import { fatalIo, libraryIoError } from "../disk/fs_errors.ts";

/** What `index rebuild` did. */
export interface RebuildIndexResult extends RebuildSummary {
  /** Where the damaged index was moved, when it was. */
  setAside?: string;
}

/**
 * Moves a damaged index and its write-ahead log aside (a WAL must never meet a fresh database).
 * The `-shm` file only indexes the WAL and is rebuilt from it, and an empty WAL holds nothing, so
 * those go.
 */
async function setAside(home: IndexHome): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const path = homeIndexPath(home);
  const aside = `${path}.damaged-${stamp}`;
  await Deno.rename(path, aside);
  const wal = await Deno.stat(`${path}-wal`).catch(() => undefined);
  if (wal?.size) await Deno.rename(`${path}-wal`, `${aside}-wal`);
  else if (wal) await Deno.remove(`${path}-wal`);
  await Deno.remove(`${path}-shm`).catch(() => {});
  return aside;
}

/** Rebuilds the index of the library at `root` from the files on disk. */
export async function rebuildIndex(
  root: string,
  options: { configDir?: string; log: Logger; onProgress?: RebuildProgress; where?: HomeOptions },
): Promise<RebuildIndexResult> {
  const folder = await Deno.stat(root).catch(() => undefined);
  if (!folder?.isDirectory) {
    throw new UsageError(
      `Cannot rebuild the index of ${root}: there is no such folder — is the volume mounted?`,
    );
  }
  const home = await indexHome(root, options.where);
  if (home.away) options.log.info(home.away);
  const lock = await acquireLock(root, "index rebuild", { home, log: options.log }).catch(
    (error) => {
      throw fatalIo(error, root) ?? error;
    },
  );
  try {
    await bringIndexHome(root, home, options.log);
    let aside: string | undefined;
    let index: Catalog;
    try {
      // Every page read: the damage verify found inside a table is past the open's cheap checks.
      index = openCatalog(root, { dir: home.dir, fullCheck: true });
    } catch (error) {
      if (!(error instanceof IndexDamagedError)) throw error;
      aside = await setAside(home);
      options.log.warn(`the damaged index was moved to ${aside}`);
      index = openCatalog(root, { dir: home.dir });
    }
    try {
      await claimLibrary(root, index, options);
      const runId = index.journal.startRun("index rebuild");
      const summary = await adoptFiles(root, index, options.onProgress);
      await noteLastWriter(root, index, homeIndexPath(home));
      index.journal.finishRun(runId, 0, {
        scanned: summary.scanned,
        adopted: summary.adopted,
        known: summary.known,
        notMedia: summary.notMedia.length,
      });
      return { ...summary, ...(aside ? { setAside: aside } : {}) };
    } finally {
      index.close();
    }
  } catch (error) {
    // Every file it touches is the library's: any failed system call is the disk's.
    throw libraryIoError(error, root) ?? error;
  } finally {
    await lock.release();
  }
}
