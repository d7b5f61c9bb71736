/**
 * The Takeout source: one export (a set of parts) in, media records out. A first pass (learn.ts)
 * learns the set: every sidecar and album metadata file (which may sit in another part than their
 * media), the media files, and the copies of one file that Takeout repeats in the year folder and
 * in each album folder. A second pass yields each file once, with its albums, its sidecar metadata,
 * its capture time and which half of a live photo it is, streaming its bytes straight out of the
 * archive.
 *
 * Zip parts and folders are read with random access, so their records download concurrently. A
 * `.tgz` part is one sequential stream: its records come one at a time, each only after the
 * previous one was written, and reading it costs two decompression passes (one to learn, one to
 * copy), because a sidecar may follow its media or sit in a later part.
 *
 * @module
 */
import { mediaTypeOfName, UNKNOWN_MEDIA_TYPE } from "../../media/mime.ts";
import type { MediaRecord } from "../../media/record.ts";
import type { PartEntry } from "../../library/catalog/takeout.ts";
import { openFolder, openZip, type RandomAccessPart, tgzEntries } from "./archive/mod.ts";
import { exifDateTimeOriginal, exifToInstant, peek } from "../../metadata/head.ts";
import { partEntries, unusedSidecars, wantedKeys, wantKey } from "./entries.ts";
import {
  EXIF_TYPES,
  itemIdPrefix,
  itemSourceId,
  type LearnedItem,
  learnEntry,
  type Learner,
  learnItems,
  newLearner,
} from "./pass1/learn.ts";
import { learnedItemAt, learnedItems } from "./pass1/learned_items.ts";
import { sidecarCreationTime, sidecarMetadata, sidecarTakenTime } from "./sidecar.ts";
import { isCreationCopy } from "./pairing.ts";
import type { TakeoutSet } from "./sets.ts";
import { unreadableRecords } from "./archive/capped.ts";

/** Options of {@linkcode takeoutRecords}. */
export interface TakeoutOptions {
  /** The library's zone (EXIF wall times are placed in it). */
  timeZone: string;
  /** Hears how many files the set holds, once the first pass has learned it (for progress). */
  onCount?: (items: number) => void;
  /**
   * Hears what each part holds, once the first pass learned it. The entries are read from pass 1's
   * temporary database, which the hearer now owns: it must `close()` them once done.
   */
  onEntries?: (entries: LearnedEntries) => void;
  /** Import the items of the trash folder too (they are left out by default). */
  includeTrash?: boolean;
  /** Hears how many items of the trash were left out. */
  onTrashLeftOut?: (items: number) => void;
  /**
   * Hears, once the first pass is done, the sidecars no media file took and the files two
   * sidecars fitted equally (left undated), as paths inside the archives.
   */
  onUnpaired?: (unpaired: { sidecars: string[]; ambiguous: string[] }) => void;
  /** Stops reading `.tgz` parts (SIGINT/SIGTERM): their walk then fails with its reason. */
  signal?: AbortSignal;
}

/**
 * What each part of a set holds, read from pass 1's temporary database until closed. The hearer
 * may also note there, instead of in memory, a Takeout key per record it must find in the library
 * after the run (with a detail of its own, as text), and read them back once the records are done.
 */
export interface LearnedEntries {
  /** The entries of the part at `path` (absolute, as in the set), in the order they were met. */
  of(path: string): Iterable<PartEntry>;
  /** Notes a Takeout key (and the hearer's detail) for after the run. */
  want(sourceId: string, detail?: string): void;
  /** The keys noted, in the order noted, read a page at a time. */
  wanted(): Iterable<{ sourceId: string; detail?: string }>;
  /** Closes (and so deletes) the temporary database. */
  close(): void;
}

/** Where a capture time came from when the sidecar's `photoTakenTime` (a UTC instant) gave it. */
const SIDECAR_TAKEN = "sidecar photoTakenTime";

async function captureTime(
  item: LearnedItem,
  timeZone: string,
): Promise<{ time: Date | null; from: string }> {
  const taken = sidecarTakenTime(item.sidecar);
  if (taken) return { time: taken, from: SIDECAR_TAKEN };
  let exif = item.exif;
  const ext = item.primary.name.slice(item.primary.name.lastIndexOf(".") + 1).toLowerCase();
  if (!exif && EXIF_TYPES.has(ext) && item.primary.part >= 0) {
    exif = await exifDateTimeOriginal(await peek(item.primary.entry.open()));
  }
  const fromExif = exif ? exifToInstant(exif, timeZone) : undefined;
  if (fromExif) return { time: fromExif, from: "EXIF DateTimeOriginal" };
  const uploaded = sidecarCreationTime(item.sidecar);
  if (uploaded) return { time: uploaded, from: "sidecar creationTime" };
  return { time: null, from: "unknown" };
}

/**
 * Tells `onUnpaired` what was left unpaired and `onEntries` what each part of the set holds;
 * resolves to whether `onEntries` took the temporary database over.
 */
function reportEntries(set: TakeoutSet, learner: Learner, options: TakeoutOptions): boolean {
  options.onUnpaired?.({ sidecars: unusedSidecars(learner.store), ambiguous: learner.ambiguous });
  if (!options.onEntries) return false;
  const { store } = learner;
  options.onEntries({
    of: (path) => partEntries(store, set.parts.indexOf(path)),
    want: (sourceId, detail) => wantKey(store, sourceId, detail),
    wanted: () => wantedKeys(store),
    close: () => store.close(),
  });
  return true;
}

function toRecord(
  item: LearnedItem,
  time: { time: Date | null; from: string },
  open: MediaRecord["open"],
): MediaRecord {
  const { name, entry } = item.primary;
  const type = mediaTypeOfName(name);
  const { mime, kind } = type ?? UNKNOWN_MEDIA_TYPE;
  return {
    source: "takeout",
    match: "id",
    sourceId: itemSourceId(item),
    provisional: !item.sidecar,
    earlierIdPrefix: itemIdPrefix(item),
    filename: name,
    captureTime: time.time,
    ...(time.from === SIDECAR_TAKEN ? { captureInstant: true } : {}),
    mimeType: mime,
    kind,
    ready: true,
    size: entry.size,
    crc32: entry.crc32,
    albums: [...item.albums].sort(),
    liveHalf: item.liveHalf,
    ...(isCreationCopy(name) ? { editedCopy: true } : {}),
    metadata: {
      ...sidecarMetadata(item.sidecar),
      // What dated the file, unless its sidecar did (most files; absent says so). The export and
      // the entry's path are in the index's part entries, by this item's key.
      ...(time.from === SIDECAR_TAKEN ? {} : { takeout: { dateFrom: time.from } }),
      ...(type ? {} : { unknownType: true }),
    },
    provenance: ["takeout"],
    open,
  };
}

/** Yields the records of a set of zip parts or an extracted folder (random access). */
async function* randomAccessRecords(
  set: TakeoutSet,
  options: TakeoutOptions,
): AsyncGenerator<MediaRecord> {
  const parts: RandomAccessPart[] = [];
  // Records handed out and not released yet: counted, not kept (one promise each grew with the set).
  let inFlight = 0;
  let allReleased = () => {};
  let done = false;
  const released = new Promise<void>((resolve) => allReleased = resolve);
  const learner = newLearner();
  let handedOver = false;
  try {
    // No entry object is kept per file: pass 1's database keeps where each one is.
    for (const [index, path] of set.parts.entries()) {
      const part = set.kind === "folder" ? openFolder(path) : await openZip(path);
      parts.push(part);
      for await (const entry of part.entries()) await learnEntry(learner, index, entry, false);
    }
    const count = learnItems(learner, options);
    options.onCount?.(count + learner.unreadable.length);
    handedOver = reportEntries(set, learner, options);
    yield* unreadableRecords(set.key, learner.unreadable);
    for (const item of learnedItems(learner, (part, found) => parts[part].entry(found))) {
      const time = await captureTime(item, options.timeZone);
      const record = toRecord(item, time, async (signal) => {
        signal.throwIfAborted();
        const { entry } = item.primary;
        const bytes = await entry.readWhole?.();
        return bytes ? { bytes, size: entry.size } : { body: entry.open(), size: entry.size };
      });
      inFlight++;
      let once = false;
      record.release = () => {
        if (once) return;
        once = true;
        if (--inFlight === 0 && done) allReleased();
      };
      yield record;
    }
  } finally {
    done = true;
    if (!handedOver) learner.store.close();
    // The archives stay open until the writer is done with every record handed out.
    if (inFlight > 0) await released;
    for (const part of parts) await part.close().catch(() => {});
  }
}

/** Yields the records of a set of tar.gz parts, one at a time, in archive order. */
async function* sequentialRecords(
  set: TakeoutSet,
  options: TakeoutOptions,
): AsyncGenerator<MediaRecord> {
  const learner = newLearner();
  let handedOver = false;
  try {
    for (const [index, part] of set.parts.entries()) {
      for await (const entry of tgzEntries(part, options.signal)) {
        await learnEntry(learner, index, entry, true);
      }
    }
    const count = learnItems(learner, options);
    learner.store.run("CREATE INDEX entry_by_path ON entry (part, path)");
    options.onCount?.(count + learner.unreadable.length);
    handedOver = reportEntries(set, learner, options);
    yield* unreadableRecords(set.key, learner.unreadable);

    // A tar stream cannot go back: each record reads its bytes straight from the archive, so the
    // next entry is pulled only once this record was written (or skipped, or given up).
    for (const [index, part] of set.parts.entries()) {
      for await (const entry of tgzEntries(part, options.signal)) {
        const item = learnedItemAt(learner, index, entry);
        if (!item) continue;
        const time = await captureTime(
          { ...item, primary: { ...item.primary, part: -1 } },
          options.timeZone,
        );
        let release!: () => void;
        const settled = new Promise<void>((resolve) => release = resolve);
        let used = false;
        const record = toRecord(item, time, (signal) => {
          signal.throwIfAborted();
          if (used) {
            return Promise.reject(
              new Error("a .tgz entry can be read only once; run the import again to retry it"),
            );
          }
          used = true;
          const body = entry.open().pipeThrough(new TransformStream({ flush: () => release() }));
          return Promise.resolve({ body, size: entry.size });
        });
        record.release = release;
        yield record;
        await settled;
      }
    }
  } finally {
    if (!handedOver) learner.store.close();
  }
}

/** The records of one Takeout set. Throws (before yielding) when an archive is unreadable. */
export function takeoutRecords(
  set: TakeoutSet,
  options: TakeoutOptions,
): AsyncGenerator<MediaRecord> {
  return set.kind === "tgz" ? sequentialRecords(set, options) : randomAccessRecords(set, options);
}
