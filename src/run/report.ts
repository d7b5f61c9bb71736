/**
 * The end of a transfer run as the user and scripts see it: the summary and failed items on
 * stderr, the one `--json` object on stdout, and the exit code the counts and the stop give. The
 * line of the error that stopped a run is not printed here: `main.ts` prints it, once.
 *
 * @module
 */
import { errorLine, ExitCode, exitCodeOf } from "../errors.ts";
import type { RequestCounter } from "../net/api_client.ts";
import type { Logger } from "../ui/log.ts";
import { formatBytes, formatDuration } from "../ui/progress.ts";
import type { RunSummary } from "./pool.ts";

/** A finished or stopped run, as the report needs it. */
export interface RunResult {
  /** The command name. */
  command: string;
  /** The counts. */
  summary: RunSummary;
  /** The error that ended the run early, if one did. */
  stoppedBy?: unknown;
  /** Requests sent. */
  counter: RequestCounter;
  /** Wall time of the run. */
  elapsedMs: number;
  /** Fields the command adds to `--json`. */
  extra: Record<string, unknown>;
}

/** The exit code of a run: its stop's, else 1 when an item failed, else 0 (pending is not failed). */
export function runExitCode(summary: RunSummary, stoppedBy: unknown): number {
  if (stoppedBy !== undefined) return exitCodeOf(stoppedBy);
  return summary.failed > 0 ? ExitCode.ItemsFailed : ExitCode.Ok;
}

/** The counts kept in the run record and printed by `--json`. */
export function countsOf(summary: RunSummary): Record<string, number> {
  const { listed, downloaded, skipped, upgraded, failed, pending, undated, redated, bytes } =
    summary;
  return { listed, downloaded, skipped, upgraded, failed, pending, undated, redated, bytes };
}

/** The one-line summary shown at the end of a run (API requests count against Google's quota). */
export function summaryLine(
  command: string,
  s: RunSummary,
  elapsedMs: number,
  apiRequests: number,
): string {
  return `${command}: ${s.listed} listed, ${s.downloaded} downloaded (${formatBytes(s.bytes)}), ` +
    `${s.skipped} already in the library, ` +
    (s.upgraded ? `${s.upgraded} upgraded to originals, ` : "") +
    (s.liveVideosLeftOut
      ? `${s.liveVideosLeftOut} live-photo video(s) left out (--live-photos still-only), `
      : "") +
    `${s.failed} failed, ${s.pending} pending, ` +
    `in ${formatDuration(elapsedMs)}, ${apiRequests} API request(s)`;
}

/**
 * The run's last line, for `grep` and log tools: `summary: listed=… downloaded=… skipped=…
 * failed=… pending=… undated=… redated=… bytes=… exit=N` (off a terminal the time and command stand in front).
 */
export function grepSummaryLine(summary: RunSummary, exitCode: number): string {
  const fields = Object.entries(countsOf(summary)).map(([key, value]) => `${key}=${value}`);
  return `summary: ${fields.join(" ")} exit=${exitCode}`;
}

/** Writes the summary, pending videos, failed items and what a quota stop leaves, on stderr. */
export function reportText(log: Logger, dryRun: boolean, result: RunResult): void {
  const { summary, counter } = result;
  if (dryRun) {
    log.info(
      `dry run: would download ${summary.wouldDownload} item(s)` +
        (summary.wouldDownloadBytes ? ` (${formatBytes(summary.wouldDownloadBytes)} known)` : "") +
        `, ${summary.skipped} already in the library, ${summary.pending} pending` +
        (summary.liveVideosLeftOut
          ? `, ${summary.liveVideosLeftOut} live-photo video(s) left out (still-only)`
          : "") +
        "; listing used " +
        `${counter.api} API request(s) of Google's 10,000 per day, and the downloads would use ` +
        `${summary.wouldDownload} of the 75,000 media requests per day`,
    );
  } else {
    log.info(summaryLine(result.command, summary, result.elapsedMs, counter.api));
  }
  if (summary.pending > 0) {
    log.info(
      `${summary.pending} video(s) are still being processed by Google; a later run fetches them`,
    );
  }
  for (const f of summary.failures) log.error(`not backed up: ${f.name}: ${f.reason}`);
  if (result.stoppedBy !== undefined && exitCodeOf(result.stoppedBy) === ExitCode.Quota) {
    const left = summary.listed - summary.downloaded - summary.skipped - summary.pending -
      summary.failed - summary.liveVideosLeftOut;
    log.error(
      `quota: stopped after ${summary.downloaded} download(s); ${Math.max(0, left)} ` +
        "listed item(s) and any not yet listed remain for the next run",
    );
  }
}

/** The one `--json` object (a line) for stdout. */
export function reportJson(dryRun: boolean, result: RunResult): string {
  const { summary, counter, stoppedBy } = result;
  return JSON.stringify({
    ...countsOf(summary),
    liveVideosLeftOut: summary.liveVideosLeftOut,
    ...(dryRun
      ? {
        dryRun: true,
        wouldDownload: summary.wouldDownload,
        wouldDownloadBytes: summary.wouldDownloadBytes,
      }
      : {}),
    apiRequests: counter.api,
    mediaRequests: counter.media,
    durationMs: result.elapsedMs,
    failures: summary.failures,
    ...result.extra,
    ...(stoppedBy !== undefined
      ? { error: { exitCode: exitCodeOf(stoppedBy), message: errorLine(stoppedBy) } }
      : {}),
  }) + "\n";
}
