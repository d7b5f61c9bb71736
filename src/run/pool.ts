/**
 * Drives the records of one source through the library writer with bounded concurrency, applies the
 * user's day range and media filter, and keeps the counts the summary reports. The source is pulled
 * only when a download slot is free, so listing runs just ahead of downloading and no expiring URL
 * waits long.
 *
 * @module
 */
import { stopsRun } from "../errors.ts";
import { dayInRange, type DayRange } from "../time/days.ts";
import { localDay } from "../time/zones.ts";
import type { MediaRecord } from "../media/record.ts";
import type { Logger } from "../ui/log.ts";
import type { LibraryWriter } from "../library/writer/store.ts";
import { UNKNOWN_DATE_FOLDER } from "../library/disk/paths.ts";

/** The counts of a run (the `--json` fields plus details). */
export interface RunSummary {
  /** Items the source returned inside the requested scope. */
  listed: number;
  /** Items fetched in this run. */
  downloaded: number;
  /** Items already in the library. */
  skipped: number;
  /** Of those, the ones recognised by their identity without reading any of their bytes. */
  recognized: number;
  /** Downloads that were originals replacing Google's copies (counted in `downloaded` too). */
  upgraded: number;
  /** Items given up on in this run. */
  failed: number;
  /** Items not ready yet (videos still processing). */
  pending: number;
  /** Bytes written in this run. */
  bytes: number;
  /** Files placed in `unknown-date/` in this run (no date anywhere). */
  undated: number;
  /** Files an earlier run put on another day (or undated), moved to their day in this run. */
  redated: number;
  /** Live photos' videos left out by `--live-photos still-only` (neither stored nor failed). */
  liveVideosLeftOut: number;
  /** With `--dry-run`: items that would be fetched. */
  wouldDownload: number;
  /** With `--dry-run`: their bytes, where the source knows sizes. */
  wouldDownloadBytes: number;
  /** Each failed item with its reason. */
  failures: { name: string; reason: string }[];
}

/** A fresh, all-zero summary. */
export function emptySummary(): RunSummary {
  return {
    listed: 0,
    downloaded: 0,
    skipped: 0,
    recognized: 0,
    upgraded: 0,
    failed: 0,
    pending: 0,
    bytes: 0,
    undated: 0,
    redated: 0,
    liveVideosLeftOut: 0,
    wouldDownload: 0,
    wouldDownloadBytes: 0,
    failures: [],
  };
}

/** Hears about each finished item (progress display). */
export interface TransferObserver {
  /** One item is finished. */
  itemDone(bytes: number, outcome: "downloaded" | "skipped" | "failed" | "pending"): void;
}

/** Options of {@linkcode runTransfer}. */
export interface TransferOptions {
  /** The library writer. */
  writer: LibraryWriter;
  /** Parallel downloads. */
  concurrency: number;
  /** Inclusive day range in `timeZone`. */
  range?: DayRange;
  /** The zone the days of `range` are in. */
  timeZone: string;
  /** Media type filter. */
  media?: "all" | "photo" | "video";
  /** Count, don't write. */
  dryRun: boolean;
  /** stderr lines. */
  log: Logger;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Progress display. */
  observer?: TransferObserver;
}

/** Whether a record falls inside the user's filters. */
export function inScope(
  record: MediaRecord,
  range: DayRange | undefined,
  timeZone: string,
  media: "all" | "photo" | "video" = "all",
): boolean {
  if (media !== "all" && record.kind !== media) return false;
  if (!range || (!range.from && !range.to)) return true;
  if (!record.captureTime || Number.isNaN(record.captureTime.getTime())) return false;
  return dayInRange(localDay(record.captureTime, timeZone), range);
}

/** What {@linkcode runTransfer} ends with. */
export interface TransferOutcome {
  /** The counts, complete or up to the stop. */
  summary: RunSummary;
  /** The error that ended the run early (quota, auth, disk, a signal, an unreachable API). */
  stoppedBy?: unknown;
}

/**
 * Stores every in-scope record. Item failures are counted and named; an error that stops the run
 * (quota, authorization, a full disk, a signal, a failed listing) stops pulling records and lets
 * the downloads in flight finish or clean up. It never throws: the caller decides what a stop means.
 */
export async function runTransfer(
  records: AsyncIterable<MediaRecord>,
  options: TransferOptions,
): Promise<TransferOutcome> {
  const summary = emptySummary();
  const running = new Set<Promise<void>>();
  let stoppedBy: unknown;

  const handle = async (record: MediaRecord) => {
    try {
      const outcome = await options.writer.store(record, { dryRun: options.dryRun });
      switch (outcome.status) {
        case "downloaded":
          summary.downloaded++;
          summary.bytes += outcome.bytes;
          if (outcome.upgraded) summary.upgraded++;
          if (outcome.relPath?.startsWith(`${UNKNOWN_DATE_FOLDER}/`)) summary.undated++;
          break;
        case "skipped":
          summary.skipped++;
          if (outcome.recognized) summary.recognized++;
          if (outcome.redated) summary.redated++;
          break;
        case "pending":
          summary.pending++;
          break;
        case "would-download":
          summary.wouldDownload++;
          summary.wouldDownloadBytes += outcome.bytes;
          break;
        case "left-out":
          summary.liveVideosLeftOut++;
          break;
      }
      options.log.verbose(
        `${outcome.status}: ${record.filename}` + (outcome.relPath ? ` → ${outcome.relPath}` : ""),
      );
      options.observer?.itemDone(
        outcome.bytes,
        outcome.status === "would-download" || outcome.status === "left-out"
          ? "skipped"
          : outcome.status,
      );
    } catch (error) {
      if (options.signal.aborted || stopsRun(error)) {
        stoppedBy ??= error;
        return;
      }
      summary.failed++;
      const reason = (error as Error).message ?? String(error);
      summary.failures.push({ name: record.filename, reason });
      options.log.warn(`failed: ${record.filename}: ${reason}`);
      options.observer?.itemDone(0, "failed");
    } finally {
      record.release?.();
    }
  };

  try {
    for await (const record of records) {
      if (stoppedBy !== undefined || options.signal.aborted) {
        // Released before leaving: an archive source closes its parts only once every record it
        // handed out is released, and waits for it when the loop ends.
        record.release?.();
        break;
      }
      if (!inScope(record, options.range, options.timeZone, options.media)) {
        record.release?.();
        continue;
      }
      summary.listed++;
      const task = handle(record).finally(() => running.delete(task));
      running.add(task);
      if (running.size >= options.concurrency) await Promise.race(running);
    }
  } catch (error) {
    stoppedBy ??= error;
  }
  await Promise.all(running);
  if (stoppedBy === undefined && options.signal.aborted) stoppedBy = options.signal.reason;
  return { summary, stoppedBy };
}
