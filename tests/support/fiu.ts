/**
 * Real POSIX faults inside the CLI process, with Debian's libfiu (`fiu-utils`): the run starts
 * under `fiu-run -x` with no fault enabled (Deno must load its modules first), and once it holds
 * the library's lock (the lock file names its pid) `fiu-ctrl` enables one family of failure points
 * at random with a given probability: open, read (read and pread), fsync/fdatasync, rename, unlink,
 * or SQLite's page writes (pwrite). mkdir, link, statx, utime and flock are not wrapped by libfiu (a
 * small tmpfs gives them a real full disk), and a failing `write` also hits Deno's own event-loop
 * wakeups, aborting the runtime, so it is left out. Where `fiu-run` is missing the suite is
 * skipped, and says so.
 *
 * @module
 */
import { join } from "node:path";
import { ROOT, unstamp } from "./cli.ts";

/** A family of system calls made to fail, and the libfiu failure points it enables. */
export const FAULT_FAMILIES: Record<string, string[]> = {
  open: ["posix/io/oc/open"],
  read: ["posix/io/rw/read", "posix/io/rw/pread"],
  sync: ["posix/io/sync/fsync", "posix/io/sync/fdatasync"],
  rename: ["posix/io/dir/rename"],
  unlink: ["posix/io/dir/unlink"],
  pwrite: ["posix/io/rw/pwrite"],
};

/** Whether `fiu-run` and `fiu-ctrl` are installed. */
export async function hasFiu(): Promise<boolean> {
  const ok = (cmd: string) =>
    new Deno.Command(cmd, { args: ["-h"], stdout: "null", stderr: "null" }).output().then(
      () => true,
      () => false,
    );
  return await ok("fiu-run") && await ok("fiu-ctrl");
}

/** What a run under faults produced. */
export interface FaultyRun {
  /** Exit code. */
  code: number;
  /** stderr, prefixes cut. */
  stderr: string;
  /** Whether the faults were enabled before the run ended. */
  injected: boolean;
}

/** The exit codes docs/CONTRACT.md documents. */
export const DOCUMENTED_CODES = [0, 1, 2, 3, 4, 5, 130, 143];

async function lockNames(lockPath: string, pid: number): Promise<boolean> {
  const text = await Deno.readTextFile(lockPath).catch(() => "");
  return new RegExp(`^pid=${pid}$`, "m").test(text);
}

/**
 * Runs `gphotos-nas <args>` under libfiu: once it holds the lock at `lockPath`, the failure points
 * of `family` fail with `probability` until the run ends.
 */
export async function runWithFaults(
  args: string[],
  options: { env: Record<string, string>; lockPath: string; family: string; probability: number },
): Promise<FaultyRun> {
  const fifo = join(await Deno.makeTempDir({ prefix: "gphotos-nas-fiu-" }), "ctrl");
  const child = new Deno.Command("fiu-run", {
    args: ["-x", "-f", fifo, Deno.execPath(), "run", "-A", "src/main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", GPHOTOS_NAS_RETRY_SCALE: "0.001", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let ended = false;
  const killer = setTimeout(() => {
    // A safety net: the run may have ended a moment before it fires.
    if (!ended) child.kill("SIGKILL");
  }, 60_000);
  const status = child.status.finally(() => ended = true);
  const output = child.output();
  let injected = false;
  while (!ended) {
    if (await lockNames(options.lockPath, child.pid)) {
      const commands = FAULT_FAMILIES[options.family].flatMap((name) => [
        "-c",
        `enable_random name=${name},probability=${options.probability}`,
      ]);
      // fiu-ctrl talks to the run through FIFOs: if the run ends first, it waits forever for the
      // other end, so it gets a few seconds (then the run counts as not injected).
      const ctrl = await new Deno.Command("fiu-ctrl", {
        args: ["-f", fifo, ...commands, String(child.pid)],
        stdout: "null",
        stderr: "null",
        signal: AbortSignal.timeout(10_000),
      }).output().catch(() => ({ success: false }));
      injected = ctrl.success && !ended;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const { code } = await status;
  const out = await output;
  clearTimeout(killer);
  await Deno.remove(fifo.slice(0, fifo.lastIndexOf("/")), { recursive: true }).catch(() => {});
  const raw = new TextDecoder().decode(out.stderr);
  let stderr: string;
  try {
    stderr = unstamp(raw);
  } catch {
    stderr = raw;
  }
  return { code, stderr, injected };
}
