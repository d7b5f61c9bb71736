/**
 * What makes a still and a video two halves of one live photo when only their names and capture
 * times are known (an API listing): the same name stem, captured within a few seconds. The
 * writer pairs files by this rule, and sources that list page by page mark the halves they see
 * together, so `--live-photos still-only` knows a video even when it is listed before its still.
 *
 * @module
 */
import type { MediaRecord } from "./record.ts";

/** Seconds between a live photo's still and its video that still make them one pair. */
export const PAIR_SECONDS = 3;

/**
 * A name's stem: up to its first dot, case-folded, so `PXL_1.MP.jpg` and `PXL_1.MP` (a Pixel),
 * `IMG_1.HEIC` and `IMG_1.MOV` (an iPhone) share one.
 */
export function stemOf(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  const dot = base.indexOf(".");
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}

function takenMs(record: MediaRecord): number | undefined {
  const ms = record.captureTime?.getTime();
  return ms === undefined || Number.isNaN(ms) ? undefined : ms;
}

/** Marks the stills and videos among `records` (listed together) that are one live photo. */
export function markLiveHalves(records: readonly MediaRecord[]): void {
  const stills = new Map<string, MediaRecord[]>();
  for (const record of records) {
    if (record.kind !== "photo" || takenMs(record) === undefined) continue;
    const stem = stemOf(record.filename);
    stills.set(stem, [...stills.get(stem) ?? [], record]);
  }
  for (const video of records) {
    const at = takenMs(video);
    if (video.kind !== "video" || at === undefined || video.liveHalf) continue;
    const still = stills.get(stemOf(video.filename))?.find((s) =>
      !s.liveHalf && Math.abs(takenMs(s)! - at) <= PAIR_SECONDS * 1000
    );
    if (!still) continue;
    still.liveHalf = "still";
    video.liveHalf = "video";
  }
}
