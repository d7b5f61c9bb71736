/**
 * One run per library: an exclusive `flock`, held for the whole run, on `DEST/.gphotos-nas/lock`,
 * or, when the index is kept away from DEST (a network share), on the lock beside that index plus
 * the lock file in DEST that names this host (`share_lock.ts`).
 *
 * The kernel drops a flock when its holder dies, even by SIGKILL or a reboot, so a lock left by a
 * dead process is taken over without any guessing from pids or timestamps; the pid in the file only
 * tells the user who holds it.
 *
 * @module
 */
import { join } from "node:path";
import { LockedError } from "../../errors.ts";
import { isDiskFull } from "../disk/fs_errors.ts";
import type { Logger } from "../../ui/log.ts";
import type { IndexHome } from "./index_home.ts";
import {
  acquireShareLock,
  heartbeat,
  holderText,
  hostName,
  lockedError,
  parseHolder,
  type ShareLock,
  STALE_AFTER_MS,
} from "./share_lock.ts";
import { STATE_DIR } from "../disk/paths.ts";

/** A held library lock. */
export interface LibraryLock {
  /** Releases the lock. */
  release(): Promise<void>;
}

/**
 * Takes the lock of the library at `dest`, or throws {@linkcode LockedError} naming the holder.
 * `home` is where the index lives (default: in DEST).
 */
export async function acquireLock(
  dest: string,
  command: string,
  options: { home?: IndexHome; log?: Logger } = {},
): Promise<LibraryLock> {
  const destLock = join(dest, STATE_DIR, "lock");
  await Deno.mkdir(join(dest, STATE_DIR), { recursive: true });
  const away = options.home?.away !== undefined;
  if (away) await Deno.mkdir(options.home!.dir, { recursive: true });
  const path = away ? join(options.home!.dir, "lock") : destLock;
  const file = await Deno.open(path, { read: true, write: true, create: true });
  if (!(await file.tryLock(true))) {
    const holder = (await Deno.readTextFile(path).catch(() => "")).trim();
    file.close();
    const pid = Number(/^pid=(\d+)/m.exec(holder)?.[1] ?? 0);
    const what = /^command=(.*)$/m.exec(holder)?.[1] ?? "another run";
    throw new LockedError(
      `this library is in use by ${what} (pid ${pid || "unknown"}); ` +
        "wait for it to finish, or stop that process if it hangs",
      pid,
    );
  }
  let shared: ShareLock | undefined;
  try {
    if (away) shared = await acquireShareLock(dest, destLock, command, options.log);
    else await refuseLiveShareHolder(dest, path);
  } catch (error) {
    await file.unlock().catch(() => {});
    file.close();
    throw error;
  }
  try {
    await file.truncate(0);
    await file.write(new TextEncoder().encode(holderText(command)));
  } catch (error) {
    // The flock is held all the same; on a full disk only the holder's name is missing, and the
    // disk-full line comes from what the run writes next (or a read-only `verify` goes on).
    if (!isDiskFull(error)) {
      await shared?.release();
      file.close();
      throw error;
    }
  }
  // Another host that keeps its index away from this library judges this run alive by the mtime.
  const stop = away ? () => {} : heartbeat(path);
  return {
    async release() {
      stop();
      await shared?.release();
      await file.truncate(0).catch(() => {});
      await file.unlock().catch(() => {});
      file.close();
    },
  };
}

/**
 * A run on the NAS itself (DEST local, a flock) must not write while another host writes the same
 * library through a share: that host's lock file is not a flock, but it names the host and beats.
 */
async function refuseLiveShareHolder(dest: string, path: string): Promise<void> {
  const text = await Deno.readTextFile(path).catch(() => "");
  const holder = parseHolder(text);
  if (holder.mode !== "share" || holder.host === hostName()) return;
  const mtime = (await Deno.stat(path).catch(() => undefined))?.mtime;
  if (mtime && Date.now() - mtime.getTime() < STALE_AFTER_MS) {
    throw lockedError(dest, holder, mtime);
  }
}

/**
 * Who holds the lock of the library at `dest` right now, or `undefined` when nobody does. Asked of
 * the kernel (a non-blocking `flock`, released at once), so a pid left in the file by a killed run
 * does not count; the lock file is never created here.
 */
export async function lockHolder(dest: string): Promise<{ pid: number } | undefined> {
  const path = join(dest, STATE_DIR, "lock");
  const file = await Deno.open(path, { read: true }).catch(() => undefined);
  if (!file) return undefined;
  try {
    if (await file.tryLock(true)) {
      await file.unlock();
      return undefined;
    }
    const holder = await Deno.readTextFile(path).catch(() => "");
    return { pid: Number(/^pid=(\d+)/m.exec(holder)?.[1] ?? 0) };
  } finally {
    file.close();
  }
}
