/**
 * Where a library's index and run lock live. On a local disk: in `DEST/.gphotos-nas/`, beside the
 * files. When DEST is on a network share (NFS, SMB, SSHFS, 9p…), SQLite's WAL needs shared memory
 * the share cannot give and `flock` does not reach the other hosts ("database is locked", or two
 * writers at once), so the index and the flock go to a local state folder, as restic and rclone keep
 * their caches local, and DEST keeps a lock file naming the host (`share_lock.ts`). `--state-dir`
 * given explicitly keeps them there whatever DEST is on (for a share this program does not
 * recognise).
 *
 * @module
 */
import { createHash } from "node:crypto";
import { basename, join, resolve } from "node:path";
import type { Logger } from "../../ui/log.ts";
import { networkShareOf, realLocation } from "./mounts.ts";
import { STATE_DIR } from "../disk/paths.ts";

/** Where the index of one library lives. */
export interface IndexHome {
  /** The folder holding `index.sqlite`. */
  dir: string;
  /** Why the index is kept away from DEST (one line), or undefined when it is in DEST. */
  away?: string;
}

/** What decides the home: the explicit `--state-dir`, the config folder, the mountinfo file. */
export interface HomeOptions {
  /** `--state-dir`, when given. */
  stateDir?: string;
  /** The config folder; its `state/` is the default state folder. */
  configDir?: string;
  /** The mountinfo file to read (`GPHOTOS_NAS_MOUNTINFO`, else the kernel's). */
  mountinfo?: string;
}

/**
 * The index home of the library at `root`. Away from DEST, each library gets its own folder, named
 * after DEST's last segment and a hash of its real path (the library's id is inside DEST, which
 * must not decide where its own index is).
 */
export async function indexHome(root: string, options: HomeOptions = {}): Promise<IndexHome> {
  const inDest = { dir: join(root, STATE_DIR) };
  const share = await networkShareOf(root, options.mountinfo);
  if (!share && options.stateDir === undefined) return inDest;
  const base = options.stateDir !== undefined
    ? resolve(options.stateDir)
    : options.configDir && join(options.configDir, "state");
  if (!base) return inDest;
  const real = await realLocation(root);
  const hash = createHash("sha256").update(real).digest("hex").slice(0, 12);
  const name = `${basename(real).replace(/[^\w.-]/g, "_") || "root"}-${hash}`;
  const dir = join(base, name);
  const why = share
    ? `DEST is on ${share.name} (${share.fsType} ${share.source})`
    : "--state-dir is given";
  return {
    dir,
    away: `${why}: keeping the index in ${dir}; ${
      join(root, STATE_DIR, "lock")
    } names this host while a run writes`,
  };
}

/** The index file of a home. */
export function homeIndexPath(home: IndexHome): string {
  return join(home.dir, "index.sqlite");
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

/**
 * The folder of the index to read (status, verify, dry runs): the home's, else, away from DEST, the
 * one an earlier version left in DEST and no writing run has moved yet; undefined when neither.
 */
export async function readableIndexDir(root: string, home: IndexHome): Promise<string | undefined> {
  if (await exists(homeIndexPath(home))) return home.dir;
  const inDest = join(root, STATE_DIR);
  if (home.away && await exists(join(inDest, "index.sqlite"))) return inDest;
  return undefined;
}

/**
 * Under the lock, moves an index that an earlier version kept in DEST to the home away from DEST,
 * so that a library made before (or on a local disk, then moved to a share) keeps its Google ids,
 * albums and Takeout records. The files are copied (WAL included) and renamed into place, the WAL
 * first; DEST's copy is then renamed `index.sqlite.moved-<time>` and kept.
 */
export async function bringIndexHome(root: string, home: IndexHome, log: Logger): Promise<void> {
  const local = homeIndexPath(home);
  const old = join(root, STATE_DIR, "index.sqlite");
  if (!home.away || await exists(local) || !(await exists(old))) return;
  // A WAL left by a copy cut short must never meet the database copied now.
  for (const stray of [`${local}-wal`, `${local}-shm`]) await Deno.remove(stray).catch(() => {});
  const wal = (await Deno.stat(`${old}-wal`).catch(() => undefined))?.size ?? 0;
  if (wal > 0) {
    await Deno.copyFile(`${old}-wal`, `${local}-wal.moving`);
    await Deno.rename(`${local}-wal.moving`, `${local}-wal`);
  }
  await Deno.copyFile(old, `${local}.moving`);
  await Deno.rename(`${local}.moving`, local);
  const aside = `${old}.moved-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await Deno.rename(old, aside);
  if (wal > 0) await Deno.rename(`${old}-wal`, `${aside}-wal`);
  else await Deno.remove(`${old}-wal`).catch(() => {});
  await Deno.remove(`${old}-shm`).catch(() => {});
  log.info(`index: moved ${old} to ${local}; the old file stays as ${aside}`);
}
