/**
 * Flag parsing on top of `node:util` `parseArgs`: strict, with one clear line for anything unknown or
 * malformed, and the flags `backup`, `pick` and `import` share.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { UsageError } from "../errors.ts";

/** Parses `args` for `command`; unknown flags or missing values become a {@linkcode UsageError}. */
export function parseFlags<T extends ParseArgsOptionsConfig>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, "")
      .replace(/^Unknown option/, "unknown flag");
    throw new UsageError(`${command}: ${message}; see \`gphotos-nas ${command} --help\``);
  }
}

/** Flags common to the commands that fill the library (`backup`, `pick`, `import`). */
export const TRANSFER_FLAGS = {
  dest: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  year: { type: "string" },
  media: { type: "string" },
  timezone: { type: "string" },
  concurrency: { type: "string" },
  layout: { type: "string" },
  "migrate-layout": { type: "boolean" },
  "dry-run": { type: "boolean" },
  json: { type: "boolean" },
  "ping-url": { type: "string" },
  "stall-timeout": { type: "string" },
  "no-xmp": { type: "boolean" },
  "day-zone": { type: "string" },
} as const satisfies ParseArgsOptionsConfig;

/** Parses a whole number flag within bounds. */
export function intFlag(
  name: string,
  value: string | number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name}: "${value}" is not a whole number from ${min} to ${max}`);
  }
  return n;
}

/** Parses `--media`. */
export function mediaFlag(value: string | undefined): "all" | "photo" | "video" {
  if (value === undefined) return "all";
  if (value === "all" || value === "photo" || value === "video") return value;
  throw new UsageError(`--media: "${value}" is not one of all, photo, video`);
}
