/**
 * One run per library: an exclusive `flock` on `DEST/.gphotos-nas/lock`, held for the whole run.
 *
 * The kernel drops the lock when its holder dies, even by SIGKILL or a reboot, so a lock left by a
 * dead process is taken over without any guessing from pids or timestamps; the pid in the file only
 * tells the user who holds it.
 *
 * @module
 */
import { join } from "node:path";
import { LockedError } from "../errors.ts";
import { STATE_DIR } from "./catalog/mod.ts";
import { isDiskFull } from "../errors.ts";

/** A held library lock. */
export interface LibraryLock {
  /** Releases the lock. */
  release(): Promise<void>;
}

/** Takes the lock of the library at `dest`, or throws {@linkcode LockedError} naming the holder. */
export async function acquireLock(dest: string, command: string): Promise<LibraryLock> {
  const dir = join(dest, STATE_DIR);
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, "lock");
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
  try {
    await file.truncate(0);
    await file.write(
      new TextEncoder().encode(
        `pid=${Deno.pid}\ncommand=gphotos-nas ${command}\nstarted=${new Date().toISOString()}\n`,
      ),
    );
  } catch (error) {
    // The flock is held all the same; on a full disk only the holder's name is missing, and the
    // disk-full line comes from what the run writes next (or a read-only `verify` goes on).
    if (!isDiskFull(error)) {
      file.close();
      throw error;
    }
  }
  return {
    async release() {
      await file.truncate(0).catch(() => {});
      await file.unlock().catch(() => {});
      file.close();
    },
  };
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
