/**
 * Opening a library for a run: the lock, the index, leftover temp files from a killed run, the
 * writer, and the run record that `status` reads.
 *
 * @module
 */
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { diskFullError, fatalIo, isDiskFullAt, libraryIoError } from "./disk/fs_errors.ts";
import type { Logger } from "../ui/log.ts";
import { type Catalog, openCatalog } from "./catalog/mod.ts";
import { DEFAULT_LAYOUT, parseLayout } from "./layout/template.ts";
import { acquireLock, type LibraryLock } from "./guard/lock.ts";
import { claimLibrary, createDest, refuseWrongLibrary } from "./guard/identity.ts";
import {
  bringIndexHome,
  homeIndexPath,
  type HomeOptions,
  indexHome,
  readableIndexDir,
} from "./guard/index_home.ts";
import { noteLastWriter, otherLastWriter } from "./guard/last_writer.ts";
import { migrateLayout } from "./maintain/migrate.ts";
import { adoptFiles, logRebuildProgress } from "./maintain/rebuild.ts";
import type { LivePhotos } from "./layout/pairs.ts";
import { LibraryWriter } from "./writer/store.ts";
import type { RetryPolicy } from "./writer/transfer.ts";

/** An open library. */
export interface Library {
  /** Absolute library root. */
  dest: string;
  /** The index. */
  index: Catalog;
  /** The writer. */
  writer: LibraryWriter;
  /** Opened without writing anything: a dry run, or a full disk under `readOnlyWhenFull`. */
  readOnly: boolean;
  /** Records the run's end and releases the lock. */
  finish(exitCode: number, summary: Record<string, number>): Promise<void>;
}

/** Options of {@linkcode openLibrary}. */
export interface OpenLibraryOptions {
  /** The command name recorded for the run and shown in the lock. */
  command: string;
  /** Zone of the day folders. */
  timeZone: string;
  /** Folder template; default: the library's own, else `{yyyy}/{yyyy}-{mm}-{dd}`. */
  layout?: string;
  /** A dry run writes nothing: no lock, no index, no temp files. */
  dryRun?: boolean;
  /** stderr. */
  log: Logger;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Download retry policy. */
  policy: RetryPolicy;
  /** Stall timeout for downloads. */
  stallTimeoutMs: number;
  /** Bytes as they arrive. */
  onBytes?: (delta: number) => void;
  /** Move existing files into a new `layout` instead of refusing it. */
  migrateLayout?: boolean;
  /** The config folder, which remembers the libraries it used (none: no such check). */
  configDir?: string;
  /** On a full disk, open without writing anything instead of failing (`verify` without repair). */
  readOnlyWhenFull?: boolean;
  /** What the warning of a library opened read-only on a full disk says happens instead. */
  fullDiskNote?: string;
  /** Write XMP sidecars. */
  xmp?: boolean;
  /** One zone for every day folder (`--day-zone`). */
  dayZone?: string;
  /** Store live photos' videos, or their stills only (`--live-photos`). */
  livePhotos?: LivePhotos;
  /** What decides where the index lives (default: in DEST). */
  where?: HomeOptions;
  /** The account of a backup, pick or import (recorded with its run and the files it meets). */
  account?: string;
  /** Read every page of the index before anything is written (`verify`). */
  fullCheck?: boolean;
}

/** Opens the library at `dest` for one run. */
export async function openLibrary(dest: string, options: OpenLibraryOptions): Promise<Library> {
  const root = resolve(dest);
  await refuseWrongLibrary(root, options.configDir);
  const home = await indexHome(root, options.where);
  if (home.away) options.log.info(home.away);
  if (options.dryRun) {
    const dir = await readableIndexDir(root, home);
    const index = dir
      ? openCatalog(root, { readonly: true, dir })
      : openCatalog(root, { memory: true });
    return prepare(root, index, undefined, options);
  }
  await createDest(root);
  const lock = await acquireLock(root, options.command, { home, log: options.log }).catch(
    (error) => {
      throw fatalIo(error, root) ?? error;
    },
  );
  let index: Catalog | undefined;
  try {
    await bringIndexHome(root, home, options.log);
    index = openCatalog(root, { dir: home.dir, fullCheck: options.fullCheck });
    await claimLibrary(root, index, options);
    const other = await otherLastWriter(root, index);
    if (!index.items.hasFiles()) {
      // A lost or emptied index beside files of a library: record them first, so that nothing is
      // stored a second time under a suffixed name.
      const found = await adoptFiles(root, index, logRebuildProgress(options.log, root));
      if (found.adopted > 0) {
        options.log.info(
          `index: rebuilt from disk: ${found.adopted} file(s) recorded; items already on disk ` +
            "are recognised by their content and not stored twice",
        );
      }
    } else if (other) {
      const found = await adoptFiles(root, index, logRebuildProgress(options.log, root));
      options.log.info(
        `index: ${other} wrote this library last: ${found.adopted} file(s) it added recorded ` +
          "here, so that none is stored twice",
      );
    }
    await noteLastWriter(root, index, homeIndexPath(home));
    return await prepare(root, index, lock, options);
  } catch (caught) {
    index?.close();
    const full = await isDiskFullAt(caught, root);
    // Opening touches only the library's own files: any failed system call is its disk's.
    const error = full ? diskFullError(root, caught) : libraryIoError(caught, root) ?? caught;
    if (options.readOnlyWhenFull && full) {
      options.log.warn(
        `the disk holding ${root} is full: ` +
          (options.fullDiskNote ??
            "reading the library without writing anything (this run is not recorded)"),
      );
      try {
        const readOnly = { readonly: true, dir: home.dir, fullCheck: options.fullCheck };
        return await prepare(root, openCatalog(root, readOnly), lock, {
          ...options,
          dryRun: true,
        });
      } catch (readError) {
        await lock.release();
        throw readError;
      }
    }
    await lock.release();
    throw error;
  }
}

/** The layout, the writer, leftover temp files and the run record of an open index. */
async function prepare(
  root: string,
  index: Catalog,
  lock: LibraryLock | undefined,
  options: OpenLibraryOptions,
): Promise<Library> {
  // A library keeps the layout it was made with; an explicit different one is refused, because
  // files are never moved or duplicated silently.
  const known = index.state.get("layout");
  const layoutTemplate = options.layout ?? known ?? DEFAULT_LAYOUT;
  const mustMigrate = known !== undefined && known !== layoutTemplate &&
    index.report.statusReport().totalItems > 0;
  try {
    if (mustMigrate && !options.migrateLayout) {
      throw new UsageError(
        `this library uses the layout ${JSON.stringify(known)}, not ${
          JSON.stringify(layoutTemplate)
        }; files are never moved silently: keep the old layout, or move them with --migrate-layout`,
      );
    }
    const layout = parseLayout(layoutTemplate);
    if (mustMigrate && !options.dryRun) {
      const done = await migrateLayout(root, index, layout, options.timeZone, options.log);
      options.log.info(
        `moved ${done.moved} file(s) into the layout ${layoutTemplate}, re-pointed ` +
          `${done.relinked} album link(s), removed ${done.removedFolders} emptied folder(s)`,
      );
    }
    if (!options.dryRun) index.state.set("layout", layoutTemplate);
    const writer = new LibraryWriter({
      dest: root,
      index,
      layout,
      timeZone: options.timeZone,
      policy: options.policy,
      stallTimeoutMs: options.stallTimeoutMs,
      signal: options.signal,
      log: options.log,
      onBytes: options.onBytes,
      xmp: options.xmp,
      dayZone: options.dayZone,
      livePhotos: options.livePhotos,
      account: options.account,
    });
    if (!options.dryRun) {
      const removed = await writer.cleanupTemps();
      if (removed > 0) {
        options.log.info(`removed ${removed} partial download(s) left by an interrupted run`);
      }
    }
    const runId = options.dryRun
      ? undefined
      : index.journal.startRun(options.command, options.account);
    return {
      dest: root,
      index,
      writer,
      readOnly: options.dryRun === true,
      async finish(exitCode, summary) {
        try {
          if (runId !== undefined) index.journal.finishRun(runId, exitCode, summary);
        } catch (error) {
          throw libraryIoError(error, root) ?? error;
        } finally {
          index.close();
          await lock?.release();
        }
      },
    };
  } catch (error) {
    // The caller releases the lock of a library that did not open.
    index.close();
    throw error;
  }
}
