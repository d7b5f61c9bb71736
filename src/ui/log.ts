/**
 * Human output on stderr, through the one terminal renderer (so a line is printed above the
 * progress bar, never under it). Secrets never reach it: every line passes through `redact`.
 *
 * @module
 */
import { stderrTerminal } from "./terminal.ts";

/** Writes human-readable lines to stderr. */
export interface Logger {
  /** A normal line. */
  info(line: string): void;
  /** A warning, prefixed `warning:`. */
  warn(line: string): void;
  /** An error line, prefixed `error:`. */
  error(line: string): void;
  /** A detail shown with `--verbose` or `--debug` only (each item stored, skipped, pending). */
  verbose(line: string): void;
  /** Whether `--quiet` was given (info lines are dropped; warnings and errors stay). */
  readonly quiet: boolean;
}

/** How much is said: `--quiet`, the default, `--verbose`, `--debug` (verbose, and stack traces). */
export type LogLevel = "quiet" | "normal" | "verbose" | "debug";

const TOKEN_PATTERNS: RegExp[] = [
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /("?(?:access_token|refresh_token|id_token|client_secret|code_verifier)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
  /\bya29\.[A-Za-z0-9._-]+/g,
  /\b1\/\/[A-Za-z0-9._-]{10,}/g,
];

/** Replaces anything that looks like a token, secret or Authorization header value with `[redacted]`. */
export function redact(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) {
    out = out.replace(
      pattern,
      (match, prefix?: string) =>
        typeof prefix === "string" && match.startsWith(prefix)
          ? `${prefix}[redacted]`
          : "[redacted]",
    );
  }
  return out;
}

/** Creates the stderr logger. `write` is injectable for tests. */
export function createLogger(
  options: { quiet?: boolean; level?: LogLevel; write?: (text: string) => void } = {},
): Logger {
  const write = options.write ?? ((text: string) => stderrTerminal().print(text));
  const level = options.level ?? (options.quiet ? "quiet" : "normal");
  const quiet = level === "quiet";
  const verbose = level === "verbose" || level === "debug";
  return {
    quiet,
    verbose(line) {
      if (verbose) write(redact(line) + "\n");
    },
    info(line) {
      if (!quiet) write(redact(line) + "\n");
    },
    warn(line) {
      write("warning: " + redact(line) + "\n");
    },
    error(line) {
      write("error: " + redact(line) + "\n");
    },
  };
}
