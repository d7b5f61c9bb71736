/**
 * `<config-dir>/config.json`: the settings a scheduled `gphotos-nas backup` needs, so the
 * scheduler's command line stays short. Flags override it. Unknown keys and wrong types are
 * refused with the key named.
 *
 * @module
 */
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { validateIgnoreGlob } from "./ignore.ts";
import { checkAccountName } from "./account_name.ts";

/** What config.json may hold. */
export interface Config {
  /** Backup folder. */
  dest?: string;
  /** IANA zone of the day folders. */
  timezone?: string;
  /** Parallel downloads, 1-32. */
  concurrency?: number;
  /** all, photo or video. */
  media?: "all" | "photo" | "video";
  /** Folder template. */
  layout?: string;
  /** healthchecks-style monitoring URL. */
  pingUrl?: string;
  /** Globs `verify` leaves out, besides the built-in NAS and desktop list. */
  ignore?: string[];
  /** `import --inbox`'s quiet period in seconds. */
  settleSeconds?: number;
  /** One IANA zone for every day folder, instead of each photo's capture offset. */
  dayZone?: string;
  /** Write XMP sidecars (default true). */
  xmp?: boolean;
  /** Store live photos' videos (`keep`, the default) or only their stills. */
  livePhotos?: "keep" | "still-only";
  /**
   * Days a copy that an original replaced is kept under `superseded/` before a run removes it
   * (absent: kept until `gc --superseded`).
   */
  supersededDays?: number;
  /**
   * Each named account's own defaults (its "dest", "timezone", …), over the keys above, for runs
   * with `--account NAME`.
   */
  accounts?: Record<string, Omit<Config, "accounts">>;
  /** Host names the web console is reached by, besides IP addresses and this machine's names. */
  webHosts?: string[];
}

/** A documented example, shown in docs/LIBRARY.md. */
export const CONFIG_EXAMPLE = `{
  "dest": "/volume1/photos",
  "timezone": "Europe/Berlin",
  "concurrency": 4,
  "media": "all",
  "layout": "{yyyy}/{yyyy}-{mm}-{dd}",
  "pingUrl": "https://hc-ping.com/your-uuid"
}`;

/** The longest retention `supersededDays` / `--superseded-days` accept (about 100 years). */
export const MAX_SUPERSEDED_DAYS = 36500;

const STRING_KEYS = ["dest", "timezone", "layout", "pingUrl", "dayZone"] as const;

/** Validates parsed config JSON; `path` names the file in messages. */
export function parseConfig(data: unknown, path: string): Config {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(
      `${path}: must be a JSON object like ${CONFIG_EXAMPLE.replace(/\s+/g, " ")}`,
    );
  }
  const record = data as Record<string, unknown>;
  const known = new Set<string>([
    ...STRING_KEYS,
    "concurrency",
    "media",
    "ignore",
    "settleSeconds",
    "xmp",
    "livePhotos",
    "supersededDays",
    "accounts",
    "webHosts",
  ]);
  for (const key of Object.keys(record)) {
    if (!known.has(key)) {
      throw new UsageError(
        `${path}: unknown key "${key}"; known keys: ${[...known].join(", ")}`,
      );
    }
  }
  const config: Config = {};
  for (const key of STRING_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") {
      throw new UsageError(`${path}: "${key}" must be a non-empty string`);
    }
    config[key] = value;
  }
  if (record.concurrency !== undefined) {
    const n = record.concurrency;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 32) {
      throw new UsageError(`${path}: "concurrency" must be a whole number from 1 to 32`);
    }
    config.concurrency = n;
  }
  if (record.settleSeconds !== undefined) {
    const n = record.settleSeconds;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 7 * 86400) {
      throw new UsageError(`${path}: "settleSeconds" must be a whole number from 0 to 604800`);
    }
    config.settleSeconds = n;
  }
  if (record.supersededDays !== undefined) {
    const n = record.supersededDays;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > MAX_SUPERSEDED_DAYS) {
      throw new UsageError(
        `${path}: "supersededDays" must be a whole number from 0 to ${MAX_SUPERSEDED_DAYS}`,
      );
    }
    config.supersededDays = n;
  }
  if (record.media !== undefined) {
    if (record.media !== "all" && record.media !== "photo" && record.media !== "video") {
      throw new UsageError(`${path}: "media" must be "all", "photo" or "video"`);
    }
    config.media = record.media;
  }
  if (record.xmp !== undefined) {
    if (typeof record.xmp !== "boolean") {
      throw new UsageError(`${path}: "xmp" must be true or false`);
    }
    config.xmp = record.xmp;
  }
  if (record.livePhotos !== undefined) {
    if (record.livePhotos !== "keep" && record.livePhotos !== "still-only") {
      throw new UsageError(`${path}: "livePhotos" must be "keep" or "still-only"`);
    }
    config.livePhotos = record.livePhotos;
  }
  if (record.webHosts !== undefined) {
    const hosts = record.webHosts;
    if (
      !Array.isArray(hosts) ||
      !hosts.every((h) => typeof h === "string" && /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(h))
    ) {
      throw new UsageError(
        `${path}: "webHosts" must be a list of host names, e.g. ["nas.home.arpa"]`,
      );
    }
    config.webHosts = hosts;
  }
  if (record.ignore !== undefined) {
    if (!Array.isArray(record.ignore)) {
      throw new UsageError(`${path}: "ignore" must be a list of globs, e.g. ["*.tmp", "Scans/**"]`);
    }
    config.ignore = record.ignore.map((glob) => validateIgnoreGlob(glob, `${path} "ignore"`));
  }
  if (config.pingUrl !== undefined) {
    checkHttpUrl(config.pingUrl, `${path}: "pingUrl": "${config.pingUrl}"`);
  }
  if (record.accounts !== undefined) config.accounts = parseAccounts(record.accounts, path);
  return config;
}

/** `"accounts": {"ben": {"dest": …}}`: each name checked, each one's keys as at the top. */
function parseAccounts(value: unknown, path: string): Config["accounts"] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(
      `${path}: "accounts" must be an object of account names, e.g. {"ben": {"dest": "/volume1/photos"}}`,
    );
  }
  const accounts: NonNullable<Config["accounts"]> = {};
  for (const [name, own] of Object.entries(value)) {
    checkAccountName(name, `${path}: "accounts"`);
    const where = `${path} "accounts"."${name}"`;
    if (typeof own === "object" && own !== null && "accounts" in own) {
      throw new UsageError(`${where}: "accounts" cannot be nested`);
    }
    accounts[name] = parseConfig(own, where);
  }
  return accounts;
}

/**
 * Refuses a monitoring URL that is not http(s), the same way for config.json's `pingUrl` and for
 * `--ping-url` (`what` names where it came from).
 */
export function checkHttpUrl(url: string, what: string): void {
  let ok = false;
  try {
    ok = ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`${what} must be an http(s) URL, e.g. https://hc-ping.com/<uuid>`);
}

/**
 * Reads `<configDir>/config.json`; a missing file is an empty config. For `account`, its entry
 * under `"accounts"` overrides the keys at the top.
 */
export async function loadConfig(configDir: string, account?: string): Promise<Config> {
  const config = await loadConfigFile(configDir);
  const { accounts, ...shared } = config;
  const own = account === undefined ? undefined : accounts?.[account];
  return own ? { ...shared, ...own } : shared;
}

async function loadConfigFile(configDir: string): Promise<Config> {
  const path = join(configDir, "config.json");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      return {};
    }
    throw new UsageError(`${path} cannot be read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(data, path);
}
