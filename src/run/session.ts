/**
 * What `backup`, `pick` and `import` share around their source: settings from flags and config.json,
 * the library, progress, the healthchecks ping, the summary on stderr, the one `--json` object on
 * stdout, the run record, and the exit code.
 *
 * @module
 */
import { type DayRange, dayRangeFromFlags } from "../time/days.ts";
import { defaultTimeZone, validateTimeZone } from "../time/zones.ts";
import { intFlag, mediaFlag } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { loadConfig } from "../config/config_file.ts";
import { ExitCode, GphotosError, UsageError } from "../errors.ts";
import type { MediaRecord } from "../media/record.ts";
import { ApiClient, type RequestCounter, type TokenSource } from "../net/api_client.ts";
import { defaultRetryPolicy, retryScaleFromEnv } from "../net/retry.ts";
import { createPinger } from "../net/ping.ts";
import { type Library, openLibrary } from "../library/library.ts";
import { createProgress, formatBytes, formatDuration } from "../ui/progress.ts";
import { emptySummary, type RunSummary, runTransfer } from "./transfer.ts";

/** An API client for a command: the run's retry policy and signal, retries told on stderr. */
export function commandApiClient(
  ctx: CommandContext,
  options: { origin: string; name: string; tokens: TokenSource; counter: RequestCounter },
): ApiClient {
  return new ApiClient({
    ...options,
    policy: defaultRetryPolicy(retryScaleFromEnv((name) => ctx.env(name))),
    signal: ctx.signal,
    onRetry: (error, delay) =>
      ctx.log.warn(`${error.message}; retrying in ${Math.round(delay)} ms`),
  });
}

/** The settings of a run, after flags, config.json and defaults. */
export interface TransferSettings {
  /** Library root. */
  dest: string;
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
}

/** Flag values as `parseFlags(TRANSFER_FLAGS)` returns them. */
export interface TransferFlagValues {
  dest?: string;
  from?: string;
  to?: string;
  year?: string;
  media?: string;
  timezone?: string;
  concurrency?: string;
  layout?: string;
  "migrate-layout"?: boolean;
  "dry-run"?: boolean;
  json?: boolean;
  "ping-url"?: string;
  "stall-timeout"?: string;
}

/** Merges flags over `<config-dir>/config.json` and validates everything. */
export async function resolveSettings(
  command: string,
  flags: TransferFlagValues,
  ctx: CommandContext,
): Promise<TransferSettings> {
  const config = await loadConfig(ctx.configDir);
  const dest = flags.dest ?? config.dest;
  if (!dest) {
    throw new UsageError(
      `${command}: --dest is missing: name the backup folder, e.g. --dest /volume1/photos ` +
        '(or set "dest" in config.json)',
    );
  }
  const tz = flags.timezone ?? config.timezone;
  return {
    dest,
    timeZone: tz ? validateTimeZone(tz) : defaultTimeZone((name) => ctx.env(name)),
    range: dayRangeFromFlags({ from: flags.from, to: flags.to, year: flags.year }),
    media: mediaFlag(flags.media ?? config.media),
    concurrency: intFlag("concurrency", flags.concurrency ?? config.concurrency, 4, 1, 32),
    layout: flags.layout ?? config.layout,
    migrateLayout: flags["migrate-layout"] ?? false,
    dryRun: flags["dry-run"] ?? false,
    json: flags.json ?? false,
    pingUrl: flags["ping-url"] ?? config.pingUrl,
    stallTimeoutMs: intFlag("stall-timeout", flags["stall-timeout"], 60, 1, 3600) * 1000,
  };
}

/** What a command gives the session: its records, and anything to say at the end. */
export interface RunPlan {
  /** The command name. */
  command: string;
  /** Builds the record stream once the library is open. */
  records(
    library: Library,
    counter: RequestCounter,
    progress: { setTotal(items: number): void },
  ): AsyncIterable<MediaRecord>;
  /** Lines or JSON fields to add after a successful transfer. */
  after?(library: Library, summary: RunSummary):
    | Promise<Record<string, unknown>>
    | Record<
      string,
      unknown
    >;
  /** Runs after the transfer whatever its outcome (e.g. deleting a Picker session). */
  finally?(library: Library): Promise<void>;
}

/** Runs a transfer command end to end and resolves to its exit code. */
export async function executeRun(
  ctx: CommandContext,
  settings: TransferSettings,
  plan: RunPlan,
): Promise<number> {
  const started = Date.now();
  const counter: RequestCounter = { api: 0, media: 0 };
  const pinger = createPinger(settings.dryRun ? undefined : settings.pingUrl, ctx.log);
  const progress = createProgress({
    isTty: ctx.isTty,
    quiet: ctx.log.quiet || settings.json && !ctx.isTty,
    noColor: ctx.env("NO_COLOR") !== undefined,
    ...(ctx.progress ? { write: ctx.progress.write, intervalMs: ctx.progress.intervalMs } : {}),
  });
  let summary = emptySummary();
  let extra: Record<string, unknown> = {};
  let exitCode: number = ExitCode.Ok;
  let failure: GphotosError | undefined;
  let library: Library | undefined;
  await pinger.start();
  try {
    library = await openLibrary(settings.dest, {
      command: plan.command,
      timeZone: settings.timeZone,
      layout: settings.layout,
      dryRun: settings.dryRun,
      log: ctx.log,
      signal: ctx.signal,
      policy: defaultRetryPolicy(retryScaleFromEnv((name) => ctx.env(name))),
      stallTimeoutMs: settings.stallTimeoutMs,
      onBytes: (delta) => progress.bytesProgress(delta),
      migrateLayout: settings.migrateLayout,
    });
    summary = await runTransfer(plan.records(library, counter, progress), {
      writer: library.writer,
      concurrency: settings.concurrency,
      range: settings.range,
      timeZone: settings.timeZone,
      media: settings.media,
      dryRun: settings.dryRun,
      log: ctx.log,
      signal: ctx.signal,
      observer: progress,
    });
    extra = (await plan.after?.(library, summary)) ?? {};
    exitCode = summary.failed > 0 ? ExitCode.ItemsFailed : ExitCode.Ok;
  } catch (error) {
    // Nothing ran yet (bad destination, library locked): one line from main, no summary.
    if (!library) {
      progress.stop();
      await pinger.fail(String((error as Error).message));
      throw error;
    }
    if (!(error instanceof GphotosError)) {
      await library?.finish(ExitCode.ItemsFailed, countsOf(summary));
      progress.stop();
      throw error;
    }
    failure = error;
    summary = (error as { summary?: RunSummary }).summary ?? summary;
    exitCode = error.exitCode;
  } finally {
    progress.stop();
    if (library) await plan.finally?.(library);
  }
  await library?.finish(exitCode, countsOf(summary));
  const elapsed = Date.now() - started;
  report(ctx, plan.command, settings, summary, counter, elapsed, failure);
  if (settings.json) {
    ctx.writeStdout(
      JSON.stringify({
        ...countsOf(summary),
        ...(settings.dryRun
          ? {
            dryRun: true,
            wouldDownload: summary.wouldDownload,
            wouldDownloadBytes: summary.wouldDownloadBytes,
          }
          : {}),
        apiRequests: counter.api,
        mediaRequests: counter.media,
        durationMs: elapsed,
        failures: summary.failures,
        ...extra,
        ...(failure ? { error: { exitCode, message: failure.message } } : {}),
      }) + "\n",
    );
  }
  const line = summaryLine(plan.command, summary, elapsed);
  if (exitCode === ExitCode.Ok) await pinger.success(line);
  else await pinger.fail(failure ? `${line}\n${failure.message}` : line);
  return exitCode;
}

function countsOf(summary: RunSummary): Record<string, number> {
  const { listed, downloaded, skipped, failed, pending, bytes } = summary;
  return { listed, downloaded, skipped, failed, pending, bytes };
}

/** The one-line summary shown at the end of a run. */
export function summaryLine(command: string, s: RunSummary, elapsedMs: number): string {
  return `${command}: ${s.listed} listed, ${s.downloaded} downloaded (${formatBytes(s.bytes)}), ` +
    `${s.skipped} already in the library, ${s.failed} failed, ${s.pending} pending, ` +
    `in ${formatDuration(elapsedMs)}`;
}

function report(
  ctx: CommandContext,
  command: string,
  settings: TransferSettings,
  summary: RunSummary,
  counter: RequestCounter,
  elapsedMs: number,
  failure: GphotosError | undefined,
): void {
  const log = ctx.log;
  if (settings.dryRun) {
    log.info(
      `dry run: would download ${summary.wouldDownload} item(s)` +
        (summary.wouldDownloadBytes ? ` (${formatBytes(summary.wouldDownloadBytes)} known)` : "") +
        `, ${summary.skipped} already in the library, ${summary.pending} pending; listing used ` +
        `${counter.api} API request(s) of Google's 10,000 per day, and the downloads would use ` +
        `${summary.wouldDownload} of the 75,000 media requests per day`,
    );
  } else {
    log.info(summaryLine(command, summary, elapsedMs));
  }
  if (summary.pending > 0) {
    log.info(
      `${summary.pending} video(s) are still being processed by Google; a later run fetches them`,
    );
  }
  for (const f of summary.failures) log.error(`not backed up: ${f.name}: ${f.reason}`);
  if (failure) {
    log.error(failure.message);
    if (failure.exitCode === ExitCode.Quota) {
      log.error(
        `quota: stopped after ${summary.downloaded} download(s); ` +
          `${
            Math.max(
              0,
              summary.listed - summary.downloaded - summary.skipped - summary.pending -
                summary.failed,
            )
          } ` +
          "listed item(s) and any not yet listed remain for the next run",
      );
    }
  }
}
