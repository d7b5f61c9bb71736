/**
 * What every command receives from `main.ts`: the resolved config folder, output channels and the
 * run-wide abort signal. Commands never touch `Deno.args` or `Deno.exit` themselves.
 *
 * @module
 */
import type { Account } from "../auth/accounts.ts";
import type { Logger } from "../ui/log.ts";

/** Context handed to a command's `run`. */
export interface CommandContext {
  /** The config folder (`--config-dir`, `$GPHOTOS_NAS_CONFIG_DIR`, else `~/.config/gphotos-nas`). */
  configDir: string;
  /** `--account`: the account whose client and token a run uses (default `default`). */
  account: Account;
  /** `--state-dir`: where indexes are kept away from DEST (default `<config-dir>/state`). */
  stateDir?: string;
  /** Human output, on stderr. */
  log: Logger;
  /** Machine output (the `--json` object), on stdout. */
  writeStdout(text: string): void;
  /** Aborted on SIGINT/SIGTERM (its reason is an `InterruptedError`). */
  signal: AbortSignal;
  /** Reads an environment variable (undefined when unset or not permitted). */
  env(name: string): string | undefined;
  /** Whether stderr is a terminal (progress bars, spinners, QR codes). */
  isTty: boolean;
  /** Where plain `progress:` lines go, and how often, instead of stderr every 30 s (the web console). */
  progress?: { write(line: string): void; intervalMs: number };
}

/** A subcommand module's shape. */
export interface Command {
  /** The `--help` text, with examples. */
  help: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: string[], ctx: CommandContext): Promise<number>;
}
