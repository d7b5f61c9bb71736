/**
 * The one command table: every command and every flag it accepts, with the words of its help.
 * Parsing (`parseFlags`), the Options of each `--help`, the top-level help and the shell
 * completions are all generated from it, so a flag exists everywhere or nowhere. Adding a flag is
 * one line in its command's `flags` (or in `TRANSFER` for backup, pick and import).
 *
 * @module
 */
import {
  type CommandSpec,
  type FlagSpec,
  oneOf,
  SUPERSEDED_DAYS,
  TRANSFER,
  whole,
} from "./flags.ts";

export { type CommandSpec, type FlagSpec, GLOBAL_FLAGS } from "./flags.ts";

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
        help: "import every part in DIR not imported yet, as it arrives (parts of one export " +
          "may arrive hours apart; archives that are no Google Photos Takeout are skipped)",
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
        help: "delete each part once every entry of it is in the library and verified (never " +
          "with --from/--to/--media, which import only part of an export)",
      },
      "include-trash": {
        type: "boolean",
        help: "import the items of Takeout's trash folder too (left out by default)",
      },
      "settle-seconds": {
        type: "string",
        arg: "N",
        help: "the inbox's quiet period: a part modified more recently waits (default 600, or " +
          '"settleSeconds" in config.json)',
        check: whole(0, 7 * 86400),
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
          "(Library API items); a changed file is moved to DIR/.gphotos-nas/quarantine/ first; " +
          "missing or unreadable XMP sidecars are written again from the index. " +
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
  gc: {
    summary: "gc --superseded: remove Google's copies that imported originals replaced",
    flags: {
      dest: TRANSFER.dest,
      superseded: {
        type: "boolean",
        help: "remove the copies kept in DEST/.gphotos-nas/superseded/ whose original is in the " +
          "library and verified (its SHA-256 matches the index)",
      },
      "superseded-days": {
        ...SUPERSEDED_DAYS,
        help: 'only copies superseded at least N days ago (default "supersededDays" in ' +
          "config.json, else 0: all of them)",
      },
      "dry-run": { type: "boolean", help: "list what would be removed, remove nothing" },
      json: { type: "boolean", help: "one JSON object on stdout" },
    },
  },
  serve: {
    summary: "a web console: health, runs, and picks started from a phone",
    flags: {
      dest: TRANSFER.dest,
      listen: {
        type: "string",
        arg: "HOST:PORT",
        help: "where to listen (default 127.0.0.1:8727, this machine only); 0.0.0.0:8727 listens " +
          "on every network interface",
      },
      inbox: {
        type: "string",
        arg: "DIR",
        help: "the Takeout inbox to show and import",
        complete: "dir",
      },
      "allow-host": {
        type: "string",
        multiple: true,
        arg: "NAME",
        help: 'a DNS name the console is reached by (e.g. nas.home.arpa; also "webHosts" in ' +
          "config.json); IP addresses, localhost and this machine's names always work, other " +
          "names are refused (DNS rebinding)",
      },
      "show-url": {
        type: "boolean",
        help: "print the console's address with its token (and a QR code on a terminal), and exit",
      },
      "rotate-token": {
        type: "boolean",
        help: "replace the token, which ends every browser session (a running console too), " +
          "print the new address, and exit",
      },
    },
  },
  help: {
    summary: "help for a command: gphotos-nas help import",
    positionals: [
      "auth",
      "backup",
      "pick",
      "import",
      "verify",
      "status",
      "index",
      "gc",
      "serve",
      "completions",
    ],
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
