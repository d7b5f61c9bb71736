/**
 * The lifecycle of a transfer run (`backup`, `pick`, `import`): the healthchecks ping at start,
 * the library opened (lock, leftover temp files removed, run record started), the source driven
 * through the writer, then the run record, the report, and the ping of success or failure. A stop
 * (quota, auth, a signal, an unreachable host) is recorded and reported here, then thrown on to
 * `main.ts`, which prints its one line and exits with its code.
 *
 * @module
 */
import type { CommandContext } from "../cli/context.ts";
import { errorLine, ExitCode, GphotosError } from "../errors.ts";
import { fatalIo } from "../library/disk/fs_errors.ts";
import type { MediaRecord } from "../media/record.ts";
import type { RequestCounter } from "../net/api_client.ts";
import { createPinger } from "../net/ping.ts";
import { type Library, openLibrary } from "../library/mod.ts";
import { createProgress, formatBytes } from "../ui/progress.ts";
import { collectSuperseded } from "../library/maintain/gc.ts";
import {
  countsOf,
  grepSummaryLine,
  reportJson,
  reportText,
  runExitCode,
  summaryLine,
} from "./report.ts";
import { homeOptions, runRetryPolicy, type TransferSettings } from "./settings.ts";
import { emptySummary, type RunSummary, runTransfer, type TransferOutcome } from "./pool.ts";

/** Fields a command adds to the `--json` object. */
export type JsonFields = Record<string, unknown>;

/** What a command gives the run: its records, and anything to say at the end. */
export interface RunPlan {
  /** The command name. */
  command: string;
  /** Builds the record stream once the library is open. */
  records(
    library: Library,
    counter: RequestCounter,
    progress: { setTotal(items: number): void },
  ): AsyncIterable<MediaRecord>;
  /** Runs after a transfer that was not stopped; says its lines, returns its `--json` fields. */
  after?(library: Library, summary: RunSummary): Promise<JsonFields> | JsonFields;
  /** Runs after the transfer whatever its outcome (e.g. deleting a Picker session). */
  finally?(library: Library): Promise<void>;
}

/**
 * Removes the superseded copies older than `days` (see `library/maintain/gc.ts`), says what it did, and
 * returns how many went.
 */
async function expireSuperseded(
  ctx: CommandContext,
  library: Library,
  days: number,
): Promise<number> {
  const before = new Date(Date.now() - days * 86_400_000);
  const result = await collectSuperseded(library.dest, library.index, {
    before,
    on: { kept: (path, reason) => ctx.log.warn(`kept ${path}: ${reason}`) },
  });
  if (result.removed > 0) {
    ctx.log.info(
      `removed ${result.removed} superseded cop${result.removed === 1 ? "y" : "ies"} older ` +
        `than ${days} day(s) (${formatBytes(result.bytes)})`,
    );
  }
  return result.removed;
}

/**
 * Runs a transfer command end to end. Resolves to the exit code of a run that went to its end;
 * rejects with the error that stopped it, once it is recorded, reported and pinged.
 */
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
  await pinger.start();
  let library: Library;
  try {
    library = await openLibrary(settings.dest, {
      command: plan.command,
      timeZone: settings.timeZone,
      layout: settings.layout,
      dryRun: settings.dryRun,
      log: ctx.log,
      signal: ctx.signal,
      policy: runRetryPolicy(ctx),
      stallTimeoutMs: settings.stallTimeoutMs,
      onBytes: (delta) => progress.bytesProgress(delta),
      migrateLayout: settings.migrateLayout,
      configDir: ctx.configDir,
      xmp: settings.xmp,
      dayZone: settings.dayZone,
      livePhotos: settings.livePhotos,
      where: homeOptions(ctx),
      account: settings.account,
    });
  } catch (error) {
    // Nothing ran yet (bad destination, library locked): no summary, only main's one line.
    progress.stop();
    await pinger.fail(errorLine(error));
    throw error;
  }
  let outcome: TransferOutcome = { summary: emptySummary() };
  let extra: JsonFields = {};
  try {
    outcome = await runTransfer(plan.records(library, counter, progress), {
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
    if (outcome.stoppedBy === undefined && !settings.dryRun) {
      const written = await library.writer.writeMissingSidecars();
      if (written > 0) ctx.log.info(`wrote ${written} XMP sidecar(s) for files that had none`);
    }
    if (outcome.stoppedBy === undefined) {
      extra = (await plan.after?.(library, outcome.summary)) ?? {};
      if (settings.supersededDays !== undefined && !settings.dryRun) {
        extra.supersededRemoved = await expireSuperseded(ctx, library, settings.supersededDays);
      }
    }
  } catch (error) {
    // The transfer never throws, but the command's own steps (building the source, `after`) may.
    outcome = { ...outcome, stoppedBy: error };
  } finally {
    progress.stop();
    await library.writer.removeEmptiedFolders();
    try {
      await plan.finally?.(library);
    } catch (error) {
      // The command's last step (pick keeps its picking session in the index) may meet it too.
      outcome = { ...outcome, stoppedBy: outcome.stoppedBy ?? error };
    }
  }
  const { summary } = outcome;
  // What stopped the run on the library's disk or index, wherever it met it (the writer's index
  // commit, a command's own step): said as such (a full disk, SQLite's I/O error), not internal.
  let stoppedBy = outcome.stoppedBy === undefined
    ? undefined
    : fatalIo(outcome.stoppedBy, library.dest) ?? outcome.stoppedBy;
  let exitCode = runExitCode(summary, stoppedBy);
  try {
    await library.finish(exitCode, countsOf(summary));
  } catch (error) {
    // The run record could not be written (a full disk): one line, said once.
    if (!(error instanceof GphotosError)) throw error;
    stoppedBy ??= error;
    if (exitCode === ExitCode.Ok) exitCode = error.exitCode;
  }
  const elapsedMs = Date.now() - started;
  const result = { command: plan.command, summary, stoppedBy, counter, elapsedMs, extra };
  reportText(ctx.log, settings.dryRun, result);
  ctx.log.info(grepSummaryLine(summary, exitCode));
  if (settings.json) ctx.writeStdout(reportJson(settings.dryRun, result));
  const line = summaryLine(plan.command, summary, elapsedMs, counter.api);
  if (exitCode === ExitCode.Ok) await pinger.success(line);
  else await pinger.fail(stoppedBy === undefined ? line : `${line}\n${errorLine(stoppedBy)}`);
  if (stoppedBy !== undefined) throw stoppedBy;
  return exitCode;
}
