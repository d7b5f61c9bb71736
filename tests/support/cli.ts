/**
 * Runs the real CLI (`deno run -A src/main.ts …`) as a subprocess, the way a user or a scheduler
 * does, and collects its exit code and output.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The `--json` summary of `backup`, `pick` and `import`. */
export interface RunJson {
  listed: number;
  downloaded: number;
  skipped: number;
  upgraded: number;
  failed: number;
  pending: number;
  bytes: number;
  apiRequests: number;
  failures: { name: string; reason: string }[];
  newestBackedUp?: string;
}

/** What a CLI run produced. */
export interface CliResult {
  /** Exit code. */
  code: number;
  /** Everything on stdout. */
  stdout: string;
  /** Everything on stderr. */
  stderr: string;
  /** stdout parsed as JSON (when --json was given). */
  json<T = Record<string, unknown>>(): T;
}

/** Options of {@linkcode runCli}. */
export interface CliOptions {
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Text written to stdin, then closed. */
  stdin?: string;
  /** Deno permission flags instead of `-A`. */
  permissions?: string[];
  /** Keep stderr as written (by default each line's time + command prefix is checked, then cut). */
  rawStderr?: boolean;
  /** Another checkout to run `src/main.ts` of (an earlier version), instead of this one. */
  root?: string;
}

/** The prefix of every stderr line off a terminal (docs/CONTRACT.md "Output and files"). */
const LOG_PREFIX = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d [a-z-]+: /;

/**
 * Checks that every stderr line carries the time and command prefix, and cuts it, so that tests
 * compare what was said: every CLI run of the suite thereby checks the prefix.
 */
export function unstamp(stderr: string): string {
  return stderr.split("\n").map((line) => {
    if (line === "") return line;
    if (!LOG_PREFIX.test(line)) throw new Error(`stderr line without time and command: ${line}`);
    return line.replace(LOG_PREFIX, "");
  }).join("\n");
}

/** Runs `gphotos-nas <args>` from the repository root. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", ...(options.permissions ?? ["-A"]), "src/main.ts", ...args],
    cwd: options.root ?? ROOT,
    env: { NO_COLOR: "1", GPHOTOS_NAS_RETRY_SCALE: "0.001", ...options.env },
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  const stdout = decoder.decode(output.stdout);
  return {
    code: output.code,
    stdout,
    stderr: options.rawStderr
      ? decoder.decode(output.stderr)
      : unstamp(decoder.decode(output.stderr)),
    json: <T>() => JSON.parse(stdout) as T,
  };
}

/** Starts the CLI without waiting, for tests that signal or kill it. */
export function spawnCli(args: string[], options: CliOptions = {}): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", ...(options.permissions ?? ["-A"]), "src/main.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", GPHOTOS_NAS_RETRY_SCALE: "0.001", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}
