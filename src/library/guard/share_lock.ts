/**
 * The lock file inside DEST that names its holder: host, pid, command, and a heartbeat (the file's
 * mtime, touched every minute while a run holds it). A kernel `flock` does not reach across hosts
 * on NFS or SMB, so when the index is kept away from DEST (DEST on a share), this file is what stops
 * a second host from writing the same library: it is created exclusively (`O_EXCL`, atomic on NFS
 * v3+ and SMB) and removed at the end. A holder that died (power cut, SIGKILL) stops touching it;
 * ten minutes without a heartbeat make it free, since no pid can be checked on another host.
 *
 * @module
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { LockedError } from "../../errors.ts";
import type { Logger } from "../../ui/log.ts";

/** A lock whose heartbeat is older than this is left by a dead run. */
export const STALE_AFTER_MS = 10 * 60_000;
const HEARTBEAT_MS = 60_000;

/** What a lock file says about its holder. */
export interface Holder {
  /** The holder's host name. */
  host?: string;
  /** Its process id (on its own host). */
  pid?: number;
  /** `gphotos-nas <command>`. */
  command?: string;
  /** `share` when written by a run that keeps its index away from DEST. */
  mode?: string;
  /** Random per run: a release removes the file only while it is still this run's. */
  token?: string;
}

/** This machine's name as the lock records it (a container's is its own). */
export function hostName(): string {
  try {
    return hostname();
  } catch {
    return "unknown-host";
  }
}

/** Reads the `key=value` lines of a lock file. */
export function parseHolder(text: string): Holder {
  const get = (key: string) => new RegExp(`^${key}=(.*)$`, "m").exec(text)?.[1];
  const pid = Number(get("pid"));
  return {
    host: get("host"),
    pid: Number.isInteger(pid) && pid > 0 ? pid : undefined,
    command: get("command"),
    mode: get("mode"),
    token: get("token"),
  };
}

/** The lock file's text for this process. */
export function holderText(command: string, extra: Record<string, string> = {}): string {
  const fields = {
    host: hostName(),
    pid: String(Deno.pid),
    command: `gphotos-nas ${command}`,
    started: new Date().toISOString(),
    ...extra,
  };
  return Object.entries(fields).map(([k, v]) => `${k}=${v}\n`).join("");
}

/** Touches `path` every minute until stopped, so other hosts see the holder is alive. */
export function heartbeat(path: string): () => void {
  const timer = setInterval(() => {
    const now = new Date();
    Deno.utime(path, now, now).catch(() => {});
  }, HEARTBEAT_MS);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}

/** The holder of a lock last alive at `mtime`, as one line for {@linkcode LockedError}. */
export function lockedError(dest: string, holder: Holder, mtime: Date): LockedError {
  const freeAt = new Date(mtime.getTime() + STALE_AFTER_MS).toISOString().slice(11, 16);
  return new LockedError(
    `Cannot lock the library ${dest}: it is in use by ${holder.command ?? "another run"} on host ` +
      `${holder.host ?? "unknown"} (pid ${holder.pid ?? "unknown"}), alive at ` +
      `${mtime.toISOString().slice(11, 19)} UTC; wait for it to finish — if that run is dead, ` +
      `the lock is free at ${freeAt} UTC, or delete ${join(dest, ".gphotos-nas", "lock")}`,
    holder.pid ?? 0,
  );
}

/** A held lock file on the share. */
export interface ShareLock {
  /** Stops the heartbeat and removes the file if it is still ours. */
  release(): Promise<void>;
}

/**
 * Creates `path` exclusively for this run, naming this host. An empty file (left by a local run,
 * whose lock is a kernel flock) or one without a heartbeat for {@linkcode STALE_AFTER_MS} is taken
 * over, with a warning; a live holder is a {@linkcode LockedError} (exit 4).
 */
export async function acquireShareLock(
  dest: string,
  path: string,
  command: string,
  log?: Logger,
): Promise<ShareLock> {
  const token = crypto.randomUUID();
  const text = holderText(command, { mode: "share", token });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await Deno.writeTextFile(path, text, { createNew: true });
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
      const found = await Deno.readTextFile(path).catch(() => undefined);
      const info = await Deno.stat(path).catch(() => undefined);
      if (found === undefined || !info) continue;
      const holder = parseHolder(found);
      const mtime = info.mtime ?? new Date(0);
      if (found.trim() !== "") {
        if (Date.now() - mtime.getTime() < STALE_AFTER_MS) throw lockedError(dest, holder, mtime);
        log?.warn(
          `taking over the lock of ${holder.command ?? "a run"} on host ${
            holder.host ?? "unknown"
          } ` +
            `(pid ${holder.pid ?? "unknown"}): no sign of life since ${mtime.toISOString()}`,
        );
      }
      await Deno.remove(path).catch(() => {});
      continue;
    }
    const stop = heartbeat(path);
    return {
      async release() {
        stop();
        const now = await Deno.readTextFile(path).catch(() => "");
        if (parseHolder(now).token === token) await Deno.remove(path).catch(() => {});
      },
    };
  }
  throw new LockedError(
    `Cannot lock the library ${dest}: another host keeps taking ${path}; run again later`,
    0,
  );
}
