/**
 * The one command table: every command and every flag it accepts, with the words of its help.
 * Parsing (`parseFlags`), the Options of each `--help`, the top-level help and the shell
 * completions are all generated from it, so a flag exists everywhere or nowhere. Adding a flag is
 * one line in its command's `flags` (or in `TRANSFER` for backup, pick and import).
 *
 * @module
 */
import { checkHttpUrl } from "../config/config_file.ts";
import { UsageError } from "../errors.ts";
import { parseDay } from "../time/days.ts";
import { validateTimeZone } from "../time/zones.ts";

/** One flag. */
export interface FlagSpec {
  /** A value follows (`string`) or not (`boolean`). */
  readonly type: "string" | "boolean";
  /** May be given more than once. */
  readonly multiple?: boolean;
  /** The value's placeholder in help (`DIR`, `N`). */
  readonly arg?: string;
  /** What it does, for `--help`. */
  readonly help: string;
  /** Refuses a bad value when parsed, with a usage error naming the flag. */
  readonly check?: (value: string, flag: string) => void;
  /** What a shell completes for the value. */
  readonly complete?: "file" | "dir" | readonly string[];
}

/** One command. */
export interface CommandSpec {
  /** One line for the command list. */
  readonly summary: string;
  /** Its flags, by name without `--`. */
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Words that are not flags (archives, an action), if any. */
  readonly positionals?: "file" | readonly string[];
}

/** A whole number from `min` to `max`. */
const whole = (min: number, max: number) => (value: string, flag: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`${flag}: "${value}" is not a whole number from ${min} to ${max}`);
  }
};

/** One of `choices`. */
const oneOf = (choices: readonly string[]) => (value: string, flag: string) => {
  if (!choices.includes(value)) {
    throw new UsageError(`${flag}: "${value}" is not one of ${choices.join(", ")}`);
  }
};

const MEDIA = ["all", "photo", "video"] as const;

/** The flags of the commands that fill the library (`backup`, `pick`, `import`). */
const TRANSFER = {
  dest: {
    type: "string",
    arg: "DIR",
    help: 'the backup folder (or "dest" in config.json)',
    complete: "dir",
  },
  from: {
    type: "string",
    arg: "DAY",
    help: "only items taken on or after this day (YYYY-MM-DD, in --timezone)",
    check: (v, f) => void parseDay(v, f),
  },
  to: {
    type: "string",
    arg: "DAY",
    help: "only items taken on or before this day (YYYY-MM-DD, in --timezone)",
    check: (v, f) => void parseDay(v, f),
  },
  year: {
    type: "string",
    arg: "YYYY",
    help: "only items taken in this year (in --timezone)",
    check: whole(1800, 9999),
  },
  media: {
    type: "string",
    arg: "TYPE",
    help: "all, photo or video (default all)",
    check: oneOf(MEDIA),
    complete: MEDIA,
  },
  timezone: {
    type: "string",
    arg: "IANA",
    help: "zone of the day folders and of --from/--to (default TZ, else the system's)",
    check: (v) => void validateTimeZone(v),
  },
  concurrency: {
    type: "string",
    arg: "N",
    help: "parallel downloads, 1-32 (default 4)",
    check: whole(1, 32),
  },
  layout: {
    type: "string",
    arg: "TEMPLATE",
    help: "folder template of a new library (default {yyyy}/{yyyy}-{mm}-{dd})",
  },
  "migrate-layout": { type: "boolean", help: "move the existing files to a new --layout" },
  "dry-run": { type: "boolean", help: "count what would be downloaded, write nothing" },
  json: { type: "boolean", help: "print one JSON summary object on stdout" },
  "ping-url": {
    type: "string",
    arg: "URL",
    help: "healthchecks-style URL: /start, success, /fail (or pingUrl in config.json)",
    check: (v, f) => checkHttpUrl(v, `${f}: "${v}"`),
  },
  "stall-timeout": {
    type: "string",
    arg: "SECONDS",
    help: "retry a download that receives nothing this long (default 60)",
    check: whole(1, 3600),
  },
} as const satisfies Record<string, FlagSpec>;

/** The flags every command accepts, before or after its name (main.ts reads them). */
export const GLOBAL_FLAGS = {
  "config-dir": {
    type: "string",
    arg: "DIR",
    help: "config folder (default $GPHOTOS_NAS_CONFIG_DIR, else ~/.config/gphotos-nas)",
    complete: "dir",
  },
  "log-file": {
    type: "string",
    arg: "FILE",
    help: "also append every line to FILE (rotated at 10 MiB, 3 old files kept)",
    complete: "file",
  },
  quiet: { type: "boolean", help: "only warnings and errors on stderr" },
  verbose: { type: "boolean", help: "also a line per item (stored, skipped, pending)" },
  debug: { type: "boolean", help: "--verbose, and on failure the error's stack trace and causes" },
  help: { type: "boolean", help: "help for a command: gphotos-nas backup --help" },
  version: { type: "boolean", help: "print the version and the permissions held" },
} as const satisfies Record<string, FlagSpec>;

/** Every command and its flags. */
export const COMMAND_TABLE = {
  auth: {
    summary: "authorize with Google once (works over SSH on a headless NAS)",
    flags: {
      "client-secret": {
        type: "string",
        arg: "FILE",
        help: 'the JSON of your "Desktop app" OAuth client (copied to the config folder)',
        complete: "file",
      },
      "no-browser": { type: "boolean", help: "do not try to open a browser here" },
      port: {
        type: "string",
        arg: "N",
        help: "loopback port for the redirect (default: any free port)",
        check: whole(0, 65535),
      },
      scopes: {
        type: "string",
        arg: "S,S",
        help:
          "scopes to request (default: photoslibrary.readonly.appcreateddata, photospicker.mediaitems.readonly)",
      },
    },
  },
  backup: {
    summary: "download media the Library API serves (since 2025 only media this app created)",
    flags: TRANSFER,
  },
  pick: {
    summary: "back up media you pick in Google Photos (the Picker API: any photo of your library)",
    flags: {
      ...TRANSFER,
      "max-items": {
        type: "string",
        arg: "N",
        help: "how many items Google lets you pick, 1-2000 (default 2000)",
        check: whole(1, 2000),
      },
      "no-qr": { type: "boolean", help: "do not print a QR code" },
      resume: { type: "boolean", help: "only finish the saved session; never start a new one" },
    },
  },
  import: {
    summary: "import Google Takeout archives (complete, original quality, with locations)",
    positionals: "file",
    flags: {
      ...TRANSFER,
      inbox: {
        type: "string",
        arg: "DIR",
        help: "import every export in DIR not imported yet",
        complete: "dir",
      },
      albums: {
        type: "string",
        arg: "MODE",
        help: "links: build DEST/albums/<Album>/ of relative symlinks; none (default)",
        check: oneOf(["links", "none"]),
        complete: ["links", "none"],
      },
      "delete-after": {
        type: "boolean",
        help:
          "delete an export's archives once it is fully imported (never with --from/--to/--media)",
      },
      "settle-seconds": {
        type: "string",
        arg: "N",
        help: "how long sizes must stay unchanged in the inbox (default 10)",
        check: whole(0, 3600),
      },
    },
  },
  verify: {
    summary: "re-hash every file and report missing, changed or unknown files (--repair)",
    flags: {
      dest: TRANSFER.dest,
      subset: {
        type: "string",
        arg: "N/M",
        help:
          "re-hash only the N-th of M slices (every file is still checked to be present with its " +
          "size); slices are stable, so N = 1…M over M nights reads everything",
      },
      ignore: {
        type: "string",
        multiple: true,
        arg: "GLOB",
        help: 'also leave out files or folders matching GLOB (repeatable; config.json "ignore" ' +
          'adds more). Without "/" it matches a name at any depth ("*.tmp"); with "/" it matches ' +
          'the path from DEST ("Scans/**", "/Edits")',
      },
      repair: {
        type: "boolean",
        help: "download missing or changed items again where their source still serves them " +
          "(Library API items); a changed file is moved to DIR/.gphotos-nas/quarantine/ first. " +
          "Takeout or Picker items: import the archive again, or pick them again",
      },
      json: { type: "boolean", help: "one JSON object on stdout" },
    },
  },
  status: {
    summary: "what the library holds, the last run, pending items, token health",
    flags: {
      dest: TRANSFER.dest,
      json: { type: "boolean", help: "one JSON object on stdout" },
    },
  },
  index: {
    summary: "index rebuild: rebuild a lost, emptied or damaged index from the files on disk",
    positionals: ["rebuild"],
    flags: {
      dest: TRANSFER.dest,
      json: { type: "boolean", help: "one JSON object on stdout" },
    },
  },
  help: {
    summary: "help for a command: gphotos-nas help import",
    positionals: ["auth", "backup", "pick", "import", "verify", "status", "index", "completions"],
    flags: {},
  },
  completions: {
    summary: "print a completion script: gphotos-nas completions bash|zsh|fish",
    positionals: ["bash", "zsh", "fish"],
    flags: {},
  },
} as const satisfies Record<string, CommandSpec>;

/** A command's name. */
export type CommandName = keyof typeof COMMAND_TABLE;

/** The parsed values of a flag table. */
export type FlagValues<F> = {
  -readonly [K in keyof F]?: F[K] extends { type: "boolean" } ? boolean
    : F[K] extends { multiple: true } ? string[]
    : string;
};

/** The option lines of a flag table, aligned, for `--help`. */
export function flagLines(flags: Readonly<Record<string, FlagSpec>>): string {
  const heads = Object.entries(flags).map(([name, spec]) =>
    `  --${name}${spec.arg ? ` ${spec.arg}` : ""}${spec.multiple ? "..." : ""}`
  );
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return Object.values(flags).map((spec, i) => {
    // Wrapped at 100 columns so that a long explanation stays readable in an 80-100 column SSH.
    const lines: string[] = [];
    let line = "";
    for (const word of spec.help.split(" ")) {
      if (line && width + line.length + 1 + word.length > 100) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return heads[i].padEnd(width) + lines.join("\n" + " ".repeat(width));
  }).join("\n");
}
