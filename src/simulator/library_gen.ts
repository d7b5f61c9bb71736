/**
 * A deterministic library from a seed: photos and videos over several years with camera-style names,
 * several items sharing one name on one day (in different case too), items near midnight UTC (so
 * time zones matter), a video still processing, some archived items.
 *
 * @module
 */
import { photoSize } from "./media.ts";
import { Prng } from "./prng.ts";
import type { SimItem, SimItemSpec, SimulatorOptions } from "./types.ts";

const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A media id of Google's shape, drawn from `prng`. */
export function makeId(prng: Prng): string {
  let id = "A";
  for (let i = 0; i < 41; i++) id += ID_CHARS[prng.nextU32() & 63];
  return id;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function stamp(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}_${
    pad(d.getUTCHours())
  }${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

function exifDate(creationTime: string | undefined): string | undefined {
  if (!creationTime || Number.isNaN(Date.parse(creationTime))) return undefined;
  return new Date(creationTime).toISOString().slice(0, 19).replace(/-/g, ":").replace("T", " ");
}

/** Completes a test's item description. */
export function itemFromSpec(spec: SimItemSpec, prng: Prng, index: number): SimItem {
  const mime = spec.mimeType ??
    (spec.kind === "video" || /\.(mp4|mov)$/i.test(spec.filename) ? "video/mp4" : "image/jpeg");
  const kind = spec.kind ?? (mime.startsWith("video/") ? "video" : "photo");
  const creationTime = spec.creationTime === null
    ? undefined
    : spec.creationTime ?? new Date(Date.UTC(2022, 0, 1) + index * 3_600_000).toISOString();
  const requested = spec.size ?? (kind === "video" ? 60_000 : 6_000);
  return {
    id: spec.id ?? makeId(prng),
    filename: spec.filename,
    mimeType: mime,
    kind,
    creationTime,
    size: kind === "photo" ? photoSize(requested, exifDate(creationTime)) : Math.max(40, requested),
    ...(kind === "video" ? { videoStatus: spec.videoStatus ?? "READY" } : {}),
    archived: spec.archived ?? false,
    ...(spec.width ? { width: spec.width } : {}),
  };
}

/** Generates the library of a simulator. Items are returned newest first, as Google lists them. */
export function generateLibrary(options: SimulatorOptions): SimItem[] {
  const prng = new Prng(options.seed ?? 1);
  if (options.items) {
    return options.items.map((spec, i) => itemFromSpec(spec, prng, i));
  }
  const count = options.itemCount ?? 300;
  const start = Date.UTC(options.startYear ?? 2019, 0, 1);
  const end = Date.UTC((options.endYear ?? 2025) + 1, 0, 1) - 1;
  const [photoMin, photoMax] = options.photoSize ?? [4_000, 40_000];
  const [videoMin, videoMax] = options.videoSize ?? [50_000, 300_000];
  const items: SimItem[] = [];
  let processingGiven = false;
  for (let i = 0; i < count; i++) {
    let time = new Date(start + Math.floor(prng.next() * (end - start)));
    if (i % 17 === 5) {
      time = new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), 14, 23, 40));
    }
    if (i % 17 === 6) {
      time = new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), 15, 0, 20));
    }
    const video = i % 20 === 3;
    let filename: string;
    if (video) {
      filename = prng.next() < 0.5
        ? `VID_${stamp(time)}.mp4`
        : `PXL_${stamp(time)}${pad(i % 1000, 3)}.mp4`;
    } else {
      const style = prng.int(0, 2);
      filename = style === 0
        ? `IMG_${stamp(time)}.jpg`
        : style === 1
        ? `PXL_${stamp(time)}${pad(i % 1000, 3)}.jpg`
        : `DSC${pad(prng.int(0, 99999), 5)}.JPG`;
    }
    const creationTime = time.toISOString();
    const status = video && !processingGiven ? "PROCESSING" : "READY";
    if (video) processingGiven = true;
    items.push({
      id: makeId(prng),
      filename,
      mimeType: video ? "video/mp4" : "image/jpeg",
      kind: video ? "video" : "photo",
      creationTime,
      size: video
        ? prng.int(videoMin, videoMax)
        : photoSize(prng.int(photoMin, photoMax), exifDate(creationTime)),
      ...(video ? { videoStatus: status as SimItem["videoStatus"] } : {}),
      archived: i % 50 === 7,
    });
  }
  // Several items that want one name on one day: two IMG_0001.JPG and an img_0001.jpg.
  if (count >= 12) {
    const day = new Date(items[8].creationTime!);
    for (
      const [k, name] of [[8, "IMG_0001.JPG"], [9, "IMG_0001.JPG"], [10, "img_0001.jpg"]] as const
    ) {
      const t = new Date(
        Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10 + k, 0, 0),
      ).toISOString();
      items[k] = {
        ...items[k],
        filename: name,
        mimeType: "image/jpeg",
        kind: "photo",
        videoStatus: undefined,
        creationTime: t,
        size: photoSize(items[k].size, exifDate(t)),
      };
      delete items[k].videoStatus;
    }
  }
  // Plain code-unit order is right for ISO times and far faster than localeCompare on 100k items.
  return items.sort((a, b) => {
    const x = a.creationTime ?? "", y = b.creationTime ?? "";
    return x < y ? 1 : x > y ? -1 : 0;
  });
}

/** The Exif date a photo item carries, "YYYY:MM:DD HH:MM:SS". */
export function itemExifDate(item: SimItem): string | undefined {
  return item.kind === "photo" ? exifDate(item.creationTime) : undefined;
}
