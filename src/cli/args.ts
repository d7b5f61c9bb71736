/**
 * Flag parsing on top of `node:util` `parseArgs`: strict, with one clear line for anything unknown or
 * malformed, and the flags `backup`, `pick` and `import` share.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { UsageError } from "../errors.ts";
import { closest } from "./suggest.ts";
import { COMMAND_TABLE, type CommandName, type FlagValues, GLOBAL_FLAGS } from "./table.ts";

/**
 * Parses `args` for `command` by its entry in the command table: an unknown flag gets a "did you
 * mean", a missing value or a bad one (a URL, a day, a zone, a number) one line naming the flag.
 */
export function parseFlags<C extends CommandName>(
  command: C,
  args: string[],
): { values: FlagValues<(typeof COMMAND_TABLE)[C]["flags"]>; positionals: string[] } {
  const spec = COMMAND_TABLE[command];
  const flags: Record<
    string,
    {
      type: "string" | "boolean";
      multiple?: boolean;
      check?: (value: string, flag: string) => void;
    }
  > = spec.flags;
  const see = `see \`gphotos-nas ${command} --help\``;
  for (const arg of args) {
    if (arg === "--") break;
    const name = /^--([^=]+)/.exec(arg)?.[1];
    if (name === undefined || name in flags) continue;
    const hint = closest(name, [...Object.keys(flags), ...Object.keys(GLOBAL_FLAGS)]);
    throw new UsageError(
      `${command}: unknown flag --${name}${hint ? `; did you mean --${hint}?` : ""} (${see})`,
    );
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(flags).map((
          [name, f],
        ) => [name, f.multiple ? { type: f.type, multiple: true } : { type: f.type }]),
      ),
      strict: true,
      allowPositionals: "positionals" in spec,
    });
  } catch (error) {
    const message = (error as Error).message;
    const missing = /Option '(-\S+)/.exec(message);
    if (/argument missing/.test(message) && missing) {
      throw new UsageError(`${command}: ${missing[1]} needs a value (${see})`);
    }
    if (/does not take an argument/.test(message) && missing) {
      throw new UsageError(`${command}: ${missing[1]} takes no value (${see})`);
    }
    const unexpected = /Unexpected argument '([^']*)'/.exec(message);
    if (unexpected) {
      throw new UsageError(`${command}: unexpected argument "${unexpected[1]}" (${see})`);
    }
    throw new UsageError(
      `${command}: ${message.replace(/\. To specify a positional.*$/s, "")} (${see})`,
    );
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    const check = flags[name]?.check;
    for (const one of Array.isArray(value) ? value : [value]) {
      if (check && typeof one === "string") check(one, `--${name}`);
    }
  }
  return parsed as {
    values: FlagValues<(typeof COMMAND_TABLE)[C]["flags"]>;
    positionals: string[];
  };
}

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
