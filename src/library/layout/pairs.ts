/**
 * Motion and live photos in the writer: which file is the other half of a new one (a still for a
 * video, a video for a still: the same name stem, captured within a few seconds), the pair
 * recorded in the index once both halves have names (or found again by an index rebuild), photos
 * that carry their video inside, and the video halves `--live-photos still-only` leaves out.
 *
 * @module
 */
import type { MediaKind, MediaRecord } from "../../media/record.ts";
import type { Catalog } from "../catalog/mod.ts";
import { isMotionPhoto } from "../../metadata/motion_photo.ts";
import { halfKey, PAIR_SECONDS } from "../../media/live_halves.ts";

/** What to do with the video half of a live photo: store it, or only the still. */
export type LivePhotos = "keep" | "still-only";

/** The other half of a pair, as the index holds it. */
export interface Partner {
  /** Its file row id. */
  id: number;
  /** Its day folder, relative to DEST. */
  folder: string;
  /** The zone that chose that folder, when recorded. */
  zone?: string;
}

/**
 * The other half of a live or motion photo already in the library: a still for a video, a video
 * for a still, with the same name stem (`PXL_0005.HEIC` and `PXL_0005.MP4`) captured within a few
 * seconds. Its folder and zone are where the new half belongs, so that a pair is never split
 * across days by an offset only the still records.
 */
export function pairPartner(
  index: Catalog,
  record: Pick<MediaRecord, "kind" | "captureTime" | "filename">,
): Partner | undefined {
  if (!record.captureTime || Number.isNaN(record.captureTime.getTime())) return undefined;
  const other = record.kind === "photo" ? "video" : "photo";
  const stem = halfKey(record.filename);
  const partner = index.upgrades.filesCapturedNear(record.captureTime, PAIR_SECONDS, other)
    // A still follows only a video already in place; a video in flight waits for its still.
    .find((f) => halfKey(f.relPath) === stem && (other === "photo" || f.state === "done"));
  if (!partner) return undefined;
  return {
    id: partner.id,
    folder: partner.relPath.slice(0, partner.relPath.lastIndexOf("/")),
    zone: partner.dayZone,
  };
}

/**
 * Records the pairs a newly named file makes: with its partner (see {@linkcode pairPartner}), and
 * with itself when `head`, its leading bytes, mark a photo with its video inside.
 */
export async function recordPairs(
  index: Catalog,
  record: MediaRecord,
  fileId: number,
  partner: Partner | undefined,
  head: Uint8Array | undefined,
): Promise<void> {
  if (partner) {
    if (record.kind === "photo") index.pairs.record(fileId, partner.id);
    else index.pairs.record(partner.id, fileId);
  }
  if (record.kind === "photo" && head && await isMotionPhoto(head)) {
    index.pairs.record(fileId, fileId);
  }
}

/**
 * Whether `--live-photos still-only` leaves this record out: the video half of a live photo, as
 * its source saw it (the still in the same export), or with its still already in the library.
 * A photo with its video inside is never cut: its bytes are the original.
 */
export function leftOutAsLiveVideo(
  index: Catalog,
  record: Pick<MediaRecord, "kind" | "liveHalf" | "captureTime" | "filename">,
  mode: LivePhotos,
): boolean {
  if (mode !== "still-only" || record.kind !== "video") return false;
  return record.liveHalf === "video" || pairPartner(index, record) !== undefined;
}

/** A file's folder and name stem: the halves of one pair share it. */
function folderStem(relPath: string): string {
  return `${relPath.slice(0, relPath.lastIndexOf("/"))}/${halfKey(relPath)}`;
}

/** A file adopted from disk by an index rebuild. */
export interface AdoptedFile {
  /** File row id. */
  id: number;
  /** Path relative to DEST. */
  relPath: string;
  /** Photo or video. */
  kind: MediaKind;
  /** Capture time (its mtime), ISO-8601, or null. */
  captureTime: string | null;
}

/**
 * Records the pairs among files an index rebuild adopted, as the writer had: a still and a video
 * of one folder with one name stem, captured within a few seconds of each other; and each photo
 * whose leading bytes (`head`) mark its video inside.
 */
export async function recordAdoptedPairs(
  index: Catalog,
  files: readonly AdoptedFile[],
  head: (relPath: string) => Promise<Uint8Array>,
): Promise<void> {
  const stills = new Map<string, AdoptedFile[]>();
  for (const file of files) {
    if (file.kind !== "photo") continue;
    const key = folderStem(file.relPath);
    stills.set(key, [...stills.get(key) ?? [], file]);
    if (await isMotionPhoto(await head(file.relPath))) index.pairs.record(file.id, file.id);
  }
  for (const video of files) {
    if (video.kind !== "video" || !video.captureTime) continue;
    const still = stills.get(folderStem(video.relPath))?.find((s) =>
      s.captureTime &&
      Math.abs(Date.parse(s.captureTime) - Date.parse(video.captureTime!)) <= PAIR_SECONDS * 1000
    );
    if (still) index.pairs.record(still.id, video.id);
  }
}
