/**
 * The flag half of the command table: what a flag is, the value checks run when it is parsed, the
 * flags `backup`, `pick` and `import` share, and the global flags.
 *
 * @module
 */
import { checkHttpUrl, MAX_SUPERSEDED_DAYS } from "../config/config_file.ts";
import { UsageError } from "../errors.ts";
import { parseDay } from "../time/days.ts";
import { validateTimeZone } from "../time/zones.ts";
import { checkAccountName } from "../config/account_name.ts";

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
  readonly check?: FlagCheck;
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

/** Checks a flag's value when it is parsed; throws a `UsageError` naming the flag. */
export type FlagCheck = (value: string, flag: string) => void;

/** A whole number from `min` to `max`. */
export const whole = (min: number, max: number): FlagCheck => (value: string, flag: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new UsageError(`${flag}: "${value}" is not a whole number from ${min} to ${max}`);
  }
};

/** One of `choices`. */
export const oneOf = (choices: readonly string[]): FlagCheck => (value: string, flag: string) => {
  if (!choices.includes(value)) {
    throw new UsageError(`${flag}: "${value}" is not one of ${choices.join(", ")}`);
  }
};

const MEDIA = ["all", "photo", "video"] as const;
const LIVE_PHOTOS = ["keep", "still-only"] as const;

/** `--superseded-days N`, shared by the runs that fill the library and by `gc`. */
export const SUPERSEDED_DAYS = {
  type: "string",
  arg: "N",
  help: "remove Google's copies that originals replaced (DEST/.gphotos-nas/superseded/) once " +
    'they are N days old, if their original is in the library and verified (or "supersededDays" ' +
    "in config.json; default: keep them until gc --superseded)",
  check: whole(0, MAX_SUPERSEDED_DAYS),
} as const satisfies FlagSpec;

/** The flags of the commands that fill the library (`backup`, `pick`, `import`). */
export const TRANSFER = {
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
    help: "files in flight, 1-32 (default 4; import: 16)",
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
  "no-xmp": {
    type: "boolean",
    help: 'write no XMP sidecars (NAME.EXT.xmp) beside the files (or "xmp": false in config.json)',
  },
  "day-zone": {
    type: "string",
    arg: "IANA",
    help: "one zone for every day folder, instead of the zone each photo was taken in (its EXIF " +
      'offset); or "dayZone" in config.json',
    check: (v, f) => void validateTimeZone(v, f),
  },
  "live-photos": {
    type: "string",
    arg: "MODE",
    help: "keep (default): a live or motion photo's still and video side by side; still-only: " +
      'leave the video halves out (or "livePhotos" in config.json)',
    check: oneOf(LIVE_PHOTOS),
    complete: LIVE_PHOTOS,
  },
  "superseded-days": SUPERSEDED_DAYS,
} as const satisfies Record<string, FlagSpec>;

/** The flags every command accepts, before or after its name (main.ts reads them). */
export const GLOBAL_FLAGS = {
  account: {
    type: "string",
    arg: "NAME",
    help: "the Google account of a household: its client and token in " +
      "<config-dir>/accounts/NAME/ (auth, backup, pick, import, status; default: default)",
    check: (v, f) => void checkAccountName(v, f),
  },
  "config-dir": {
    type: "string",
    arg: "DIR",
    help: "config folder (default $GPHOTOS_NAS_CONFIG_DIR, else ~/.config/gphotos-nas)",
    complete: "dir",
  },
  "state-dir": {
    type: "string",
    arg: "DIR",
    help: "keep the index here, not in DEST (default when DEST is on an NFS/SMB share: " +
      "<config-dir>/state)",
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
