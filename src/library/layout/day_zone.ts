/**
 * Which zone decides a photo's day folder. A photo whose EXIF records the UTC offset of the place
 * where it was taken (`OffsetTimeOriginal`) goes into the local day there: a photo taken in Tokyo
 * at 06:30 on the 20th belongs to the 20th, even though it was still the 19th in Berlin. A photo
 * whose EXIF time has no offset, but whose Takeout sidecar gives the UTC instant, has the offset
 * their difference makes (the same day as its EXIF date, as docs/CONTRACT.md wants). Without an offset
 * the library's `--timezone` decides; `--day-zone` makes one zone decide for every item. The
 * zone used is recorded per file, so a later `--migrate-layout` keeps each file's day.
 *
 * @module
 */
import type { MediaRecord } from "../../media/record.ts";
import { folderFor, type Layout } from "./template.ts";
import type { FileRow } from "../catalog/items/rows.ts";
import type { Catalog } from "../catalog/mod.ts";
import { offsetFromWallTime, readCaptureOffset } from "../../metadata/capture_offset.ts";
import { formatOffset } from "../../metadata/photo_metadata.ts";
import { exifDateTimeOriginal, fileHead } from "../../metadata/head.ts";
import { pairPartner, recordPairs } from "./pairs.ts";
import { halfKey } from "../../media/live_halves.ts";
import { relativePathInside } from "../disk/paths.ts";
import { removeEmptyFolders } from "../disk/empty_folders.ts";

/**
 * The capture offset of a file from its EXIF `head`: the one its EXIF records, else, when `instant`
 * is the UTC instant of its capture that the source knows, the difference between its local EXIF
 * `DateTimeOriginal` and that instant (see {@linkcode offsetFromWallTime}).
 */
export async function headCaptureOffset(
  head: Uint8Array,
  instant?: Date | null,
): Promise<number | undefined> {
  const recorded = await readCaptureOffset(head);
  if (recorded !== undefined || !instant) return recorded;
  const wall = await exifDateTimeOriginal(head);
  return wall ? offsetFromWallTime(wall, instant) : undefined;
}

/** The capture offset of a complete file on disk (see {@linkcode headCaptureOffset}). */
export async function fileCaptureOffset(
  path: string,
  instant?: Date | null,
): Promise<number | undefined> {
  return await headCaptureOffset(await fileHead(path), instant);
}

/** The UTC instant a record's source knows for its capture, if any (not an EXIF wall time). */
export function knownInstant(record: MediaRecord): Date | undefined {
  return record.captureInstant && record.captureTime ? record.captureTime : undefined;
}

/**
 * The zone of a file's day folder: the forced `--day-zone`, else the capture offset as a fixed
 * zone ("+09:00"), else the library's zone.
 */
export function dayZoneFor(
  offsetMinutes: number | undefined,
  libraryZone: string,
  forcedZone?: string,
): string {
  if (forcedZone) return forcedZone;
  return offsetMinutes === undefined ? libraryZone : formatOffset(offsetMinutes);
}

/**
 * Where a new file's day folder is: the offset its EXIF `head` records (photos), the zone that
 * decides (see {@linkcode dayZoneFor}), and the folder that zone gives its capture time.
 */
export async function capturePlace(
  record: MediaRecord,
  head: Uint8Array | undefined,
  o: { layout: Layout; timeZone: string; dayZone?: string },
): Promise<{ offset?: number; zone: string; folder: string }> {
  const offset = head ? await headCaptureOffset(head, knownInstant(record)) : undefined;
  const zone = dayZoneFor(offset, o.timeZone, o.dayZone);
  return { offset, zone, folder: folderFor(o.layout, record.captureTime, zone) };
}

/**
 * Moves new photos' reservations into the local day where they were taken (the writer calls it
 * once the bytes are complete and before they get their name), and afterwards removes the
 * folders that the downloads started in and then left empty.
 */
export class DayPlacer {
  readonly #o: { dest: string; index: Catalog; layout: Layout; timeZone: string; dayZone?: string };
  readonly #reserve: (record: MediaRecord, folder: string) => FileRow;
  readonly #maybeEmptied = new Set<string>();
  /** Stills being stored, by name stem: their videos wait for them. */
  readonly #stills = new Map<string, Set<Promise<void>>>();

  /** `reserve` gives the record a name in another folder (the writer's one naming rule). */
  constructor(
    o: { dest: string; index: Catalog; layout: Layout; timeZone: string; dayZone?: string },
    reserve: (record: MediaRecord, folder: string) => FileRow,
  ) {
    this.#o = o;
    this.#reserve = reserve;
  }

  /** Marks a still as being stored until the returned function is called. */
  track(record: MediaRecord): () => void {
    if (record.kind !== "photo") return () => {};
    const stem = halfKey(record.filename);
    let settle!: () => void;
    const done = new Promise<void>((resolve) => settle = resolve);
    const set = this.#stills.get(stem) ?? new Set();
    set.add(done);
    this.#stills.set(stem, set);
    return () => {
      set.delete(done);
      if (set.size === 0) this.#stills.delete(stem);
      settle();
    };
  }

  /**
   * The reservation a record's complete bytes belong to, and the recording of the offset and the
   * zone used (synchronous: the writer runs it before it makes the file's sidecar). `head`: a
   * photo's leading bytes, as the transfer kept them (none for a video).
   */
  async place(
    record: MediaRecord,
    file: FileRow,
    head: Uint8Array | undefined,
  ): Promise<{ file: FileRow; record: () => void }> {
    const { index, dest } = this.#o;
    // Stills never wait, so a waiting video cannot deadlock: its still is already in flight.
    if (record.kind === "video") {
      await Promise.all([...this.#stills.get(halfKey(record.filename)) ?? []]);
    }
    const computed = await capturePlace(record, head, this.#o);
    const { offset } = computed;
    const partner = pairPartner(index, record);
    const folder = partner?.folder ?? computed.folder;
    const zone = partner?.zone ?? computed.zone;
    const current = file.relPath.slice(0, file.relPath.lastIndexOf("/"));
    let placed = file;
    if (folder !== current) {
      placed = this.#reserve(record, folder);
      const { source, sourceId, filename, metadata } = record;
      index.items.linkItemToFile(source, sourceId, filename, placed.id, metadata, file.id);
      await Deno.mkdir(relativePathInside(dest, folder), { recursive: true });
      this.#maybeEmptied.add(current);
    }
    await recordPairs(index, record, placed.id, partner, head);
    return {
      file: placed,
      record: () => {
        if (offset !== undefined) index.sidecars.setCaptureOffset(placed.id, offset);
        index.sidecars.setDayZone(placed.id, zone);
      },
    };
  }

  /** Removes the folders left behind, if empty; only while no download runs. */
  async removeEmptied(): Promise<void> {
    await removeEmptyFolders(this.#o.dest, this.#maybeEmptied);
    this.#maybeEmptied.clear();
  }
}
