/**
 * What makes a still and a video two halves of one live photo when only their names and capture
 * times are known (an API listing): the same name stem, captured within a few seconds. The
 * writer pairs files by this rule, and sources that list page by page mark the halves they see
 * together, so `--live-photos still-only` knows a video even when it is listed before its still.
 *
 * @module
 */
import type { MediaRecord } from "./record.ts";
import { foldedStem } from "./stem.ts";

/** Seconds between a live photo's still and its video that still make them one pair. */
export const PAIR_SECONDS = 3;

/**
 * The one "other half" rule: the key a live or motion photo's still and video share. It is the
 * file name, case-folded, without its extension (stem.ts) and without a Pixel's `.MP`/`.MV` motion marker,
 * so `PXL_1.MP.jpg` and `PXL_1.MP` (a Pixel), `A.MP.jpg` and `A.mp4`, `IMG_1.HEIC` and `IMG_1.MOV`
 * (an iPhone) share one, while `my.photo.jpg` and `my.video.mp4` do not (cutting at the first dot
 * paired those, cutting at the last missed `A.MP.jpg` + `A.mp4`). Every source, the writer and
 * `index rebuild` pair halves by this key alone.
 */
export function halfKey(name: string): string {
  return foldedStem(name.slice(name.lastIndexOf("/") + 1)).replace(/\.m[pv]$/, "");
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
    const stem = halfKey(record.filename);
    stills.set(stem, [...stills.get(stem) ?? [], record]);
  }
  for (const video of records) {
    const at = takenMs(video);
    if (video.kind !== "video" || at === undefined || video.liveHalf) continue;
    const still = stills.get(halfKey(video.filename))?.find((s) =>
      !s.liveHalf && Math.abs(takenMs(s)! - at) <= PAIR_SECONDS * 1000
    );
    if (!still) continue;
    still.liveHalf = "still";
    video.liveHalf = "video";
  }
}
