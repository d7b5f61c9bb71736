/**
 * The halves of live and motion photos in one Takeout export: a still and a video in the same
 * folder whose names differ only by the extension (`IMG_1234.HEIC`, `IMG_1234.MOV`), or whose video
 * name is the still's without its last one (a Pixel's `PXL_….MP.jpg` and `PXL_….MP`).
 *
 * @module
 */
import { mediaTypeOfName } from "../../media/mime.ts";
import type { LearnedItem } from "./learn.ts";

function withoutExtension(name: string): string {
  const dot = name.lastIndexOf(".");
  return (dot > 0 ? name.slice(0, dot) : name).normalize("NFC").toLowerCase();
}

/** Which half of a live photo each paired item of a set is; unpaired items are absent. */
export function liveHalves(items: Iterable<LearnedItem>): Map<LearnedItem, "still" | "video"> {
  const stills = new Map<string, LearnedItem>();
  const videos: LearnedItem[] = [];
  for (const item of items) {
    const kind = mediaTypeOfName(item.primary.name)?.kind;
    if (kind === "video") videos.push(item);
    else if (kind === "photo") {
      stills.set(`${item.primary.folder}/${withoutExtension(item.primary.name)}`, item);
    }
  }
  const halves = new Map<LearnedItem, "still" | "video">();
  for (const video of videos) {
    const { folder, name } = video.primary;
    const still = stills.get(`${folder}/${withoutExtension(name)}`) ??
      stills.get(`${folder}/${name.normalize("NFC").toLowerCase()}`);
    if (!still) continue;
    halves.set(still, "still");
    halves.set(video, "video");
  }
  return halves;
}
