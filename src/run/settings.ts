/**
 * The settings of a transfer run (`backup`, `pick`, `import`): flags merged over
 * `<config-dir>/config.json` and defaults, validated once, before anything touches the network or
 * the disk; and the API client every command builds from the run's retry policy.
 *
 * @module
 */
import { type DayRange, dayRangeFromFlags } from "../time/days.ts";
import { defaultTimeZone, validateTimeZone } from "../time/zones.ts";
import { intFlag, mediaFlag } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import type { TRANSFER } from "../cli/flags.ts";
import type { FlagValues } from "../cli/table.ts";
import { loadConfig } from "../config/config_file.ts";
import type { LivePhotos } from "../library/layout/pairs.ts";
import type { HomeOptions } from "../library/guard/index_home.ts";
import { UsageError } from "../errors.ts";
import { ApiClient, type RequestCounter, type TokenSource } from "../net/api_client.ts";
import { defaultRetryPolicy, type RetryPolicy, retryScaleFromEnv } from "../net/retry.ts";

/** The run's retry policy: the default one, shrunk by `GPHOTOS_NAS_RETRY_SCALE`. */
export function runRetryPolicy(ctx: CommandContext): RetryPolicy {
  return defaultRetryPolicy(retryScaleFromEnv((name) => ctx.env(name)));
}

/** An API client for a command: the run's retry policy and signal, retries told on stderr. */
export function commandApiClient(
  ctx: CommandContext,
  options: {
    origin: string;
    name: string;
    tokens: TokenSource;
    counter: RequestCounter;
    timeoutMs?: number;
  },
): ApiClient {
  return new ApiClient({
    ...options,
    policy: runRetryPolicy(ctx),
    signal: ctx.signal,
    onRetry: (error, delay) =>
      ctx.log.warn(`${error.message}; retrying in ${Math.round(delay)} ms`),
  });
}

/** The settings of a run, after flags, config.json and defaults. */
export interface TransferSettings {
  /** Library root. */
  dest: string;
  /** The account the run backs up (`--account`), recorded for each item it meets. */
  account: string;
  /** Zone of day folders and of `--from/--to`. */
  timeZone: string;
  /** Inclusive days wanted. */
  range?: DayRange;
  /** Media type wanted. */
  media: "all" | "photo" | "video";
  /** Parallel downloads. */
  concurrency: number;
  /** Folder template. */
  layout?: string;
  /** Move existing files when the layout changes. */
  migrateLayout: boolean;
  /** Count only. */
  dryRun: boolean;
  /** One JSON object on stdout. */
  json: boolean;
  /** healthchecks-style URL. */
  pingUrl?: string;
  /** Download stall timeout. */
  stallTimeoutMs: number;
  /** Write an XMP sidecar beside each media file. */
  xmp: boolean;
  /** One zone for every day folder, instead of each photo's capture offset. */
  dayZone?: string;
  /** Store live photos' videos (`keep`) or only their stills. */
  livePhotos: LivePhotos;
  /** Days superseded copies are kept before the run removes them (absent: kept). */
  supersededDays?: number;
}

/** Flag values as `parseFlags` returns them for backup, pick and import. */
export type TransferFlagValues = FlagValues<typeof TRANSFER>;

/** Downloads at once by default: what a home link and Google's quotas bear. */
const DOWNLOAD_CONCURRENCY = 4;

/**
 * Files in flight by default when importing local archives: no link to share, and each small file
 * ends in a sync of its own, which the disk answers together when many wait at once (2,000 files of
 * 40 KB: 4.2 s synced one at a time, 1.3 s four at a time, 0.7 s sixteen at a time).
 */
const IMPORT_CONCURRENCY = 16;

/** Merges flags over `<config-dir>/config.json` and validates everything. */
export async function resolveSettings(
  command: string,
  flags: TransferFlagValues,
  ctx: CommandContext,
): Promise<TransferSettings> {
  const config = await loadConfig(ctx.configDir, ctx.account.name);
  const dest = flags.dest ?? config.dest;
  if (!dest) {
    throw new UsageError(
      `${command}: --dest is missing: name the backup folder, e.g. --dest /volume1/photos ` +
        '(or set "dest" in config.json)',
    );
  }
  const tz = flags.timezone ?? config.timezone;
  const dayZone = flags["day-zone"] ?? config.dayZone;
  return {
    dest,
    account: ctx.account.name,
    timeZone: tz ? validateTimeZone(tz) : defaultTimeZone((name) => ctx.env(name)),
    range: dayRangeFromFlags({ from: flags.from, to: flags.to, year: flags.year }),
    media: mediaFlag(flags.media ?? config.media),
    concurrency: intFlag(
      "concurrency",
      flags.concurrency ?? config.concurrency,
      command === "import" ? IMPORT_CONCURRENCY : DOWNLOAD_CONCURRENCY,
      1,
      32,
    ),
    layout: flags.layout ?? config.layout,
    migrateLayout: flags["migrate-layout"] ?? false,
    dryRun: flags["dry-run"] ?? false,
    json: flags.json ?? false,
    pingUrl: flags["ping-url"] ?? config.pingUrl,
    stallTimeoutMs: intFlag("stall-timeout", flags["stall-timeout"], 60, 1, 3600) * 1000,
    xmp: flags["no-xmp"] ? false : config.xmp ?? true,
    dayZone: dayZone ? validateTimeZone(dayZone) : undefined,
    livePhotos: (flags["live-photos"] ?? config.livePhotos ?? "keep") as LivePhotos,
    supersededDays: flags["superseded-days"] === undefined
      ? config.supersededDays
      : Number(flags["superseded-days"]),
  };
}

/** The home options of a command's context. */
export function homeOptions(ctx: CommandContext): HomeOptions {
  return {
    stateDir: ctx.stateDir,
    configDir: ctx.configDir,
    mountinfo: ctx.env("GPHOTOS_NAS_MOUNTINFO"),
  };
}
