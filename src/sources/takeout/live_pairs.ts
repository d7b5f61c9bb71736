/**
 * The halves of live and motion photos in one Takeout export: a still and a video in the same
 * folder whose names share the one "other half" key ({@linkcode halfKey}: `IMG_1234.HEIC` and
 * `IMG_1234.MOV`, a Pixel's `PXL_….MP.jpg` and `PXL_….MP`, `A.MP.jpg` and `A.mp4`).
 *
 * @module
 */
import { mediaTypeOfName } from "../../media/mime.ts";
import { halfKey } from "../../media/live_halves.ts";

/** What the rule reads of an item: its primary copy's folder and name. */
export interface Placed {
  /** The copy that is read. */
  primary: { folder: string; name: string };
}

/** Which half of a live photo each paired item of a set is; unpaired items are absent. */
export function liveHalves<T extends Placed>(items: Iterable<T>): Map<T, "still" | "video"> {
  const stills = new Map<string, T>();
  const videos: T[] = [];
  for (const item of items) {
    const kind = mediaTypeOfName(item.primary.name)?.kind;
    if (kind === "video") videos.push(item);
    else if (kind === "photo") {
      stills.set(`${item.primary.folder}/${halfKey(item.primary.name)}`, item);
    }
  }
  const halves = new Map<T, "still" | "video">();
  for (const video of videos) {
    const { folder, name } = video.primary;
    const still = stills.get(`${folder}/${halfKey(name)}`);
    if (!still) continue;
    halves.set(still, "still");
    halves.set(video, "video");
  }
  return halves;
}
