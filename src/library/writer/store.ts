/**
 * The one library writer. Every source's records end here, and here it is decided what happens to
 * each: skipped (the library holds it, as the record's own match rule says, and it is on disk),
 * left out (a live photo's video under `--live-photos still-only`), pending, linked to identical
 * bytes already stored (which, when those were placed provisionally and this record knows their
 * date, moves them to their day: `link.ts`), or given a name once and for all. The bytes
 * themselves come through `transfer.ts` and get their final name in `place.ts`; the index records
 * a file last (an item linked to bytes already stored: `link.ts`).
 *
 * @module
 */
import { type MediaRecord, sourcesSharingIds } from "../../media/record.ts";
import type { FileRow, KnownItem } from "../catalog/items/rows.ts";
import type { Catalog } from "../catalog/mod.ts";
import type { Layout } from "../layout/template.ts";
import { isoOrNull, type NamingPlace, reserveName } from "./reserve.ts";
import { NamesOnDisk } from "../disk/names_on_disk.ts";
import { nameKey } from "../layout/names.ts";
import { cleanupTemps, journalledTemps, type WriterTemps } from "./temp_journal.ts";
import { placeNoOverwrite, quarantine, setCaptureTime, statOrNull } from "../disk/place.ts";
import { transfer, type TransferOptions } from "./transfer.ts";
import { sameVersion } from "./versions.ts";
import { ContentGate } from "./content_gate.ts";
import { ItemError } from "../../errors.ts";
import { fatalIo } from "../disk/fs_errors.ts";
import { writeMissingSidecars } from "../sidecars/write.ts";
import { DayPlacer } from "../layout/day_zone.ts";
import { leftOutAsLiveVideo, type LivePhotos } from "../layout/pairs.ts";
import { replaceCopy } from "./upgrade.ts";
import { Links } from "./link.ts";
import { placeNewFile } from "./new_file.ts";
import { repairSidecars, type SidecarProblems } from "../sidecars/check.ts";
import { relativePathInside } from "../disk/paths.ts";
import { discardTemp, hashFile } from "../disk/files.ts";

/** What happened to one record (`left-out`: a live photo's video, under `still-only`). */
export type StoreStatus = "downloaded" | "skipped" | "pending" | "would-download" | "left-out";

/** The outcome of {@linkcode LibraryWriter.store}. */
export interface StoreOutcome {
  /** What happened. */
  status: StoreStatus;
  /** Bytes written (or, for a dry run, expected when known). */
  bytes: number;
  /** Library-relative path of the file that holds the item. */
  relPath?: string;
  /** The download was an original that replaced Google's copy (counted "upgraded" too). */
  upgraded?: boolean;
  /** Skipped as an item the library holds, recognised without reading any of its bytes. */
  recognized?: boolean;
  /** The file was on another day (or undated) by an earlier pairing and moved to this record's. */
  redated?: boolean;
}

/** Options of the writer: where the library is, and how to transfer (temp files are its own). */
export interface WriterOptions extends Omit<TransferOptions, "temps"> {
  /** The library root. */
  dest: string;
  /** The library's index. */
  index: Catalog;
  /** Folder template. */
  layout: Layout;
  /** IANA zone that decides the day folder. */
  timeZone: string;
  /** Write an XMP sidecar beside each media file (`NAME.EXT.xmp`). */
  xmp?: boolean;
  /** One zone for every day folder (`--day-zone`), instead of each photo's capture offset. */
  dayZone?: string;
  /** Store live photos' videos (`keep`, the default) or their stills only. */
  livePhotos?: LivePhotos;
  /** The account whose run this is: recorded as having every file its records end in. */
  account?: string;
}

/** Writes records into the library. */
export class LibraryWriter {
  readonly #o: WriterOptions;
  readonly #temps: WriterTemps;
  readonly #transfer: TransferOptions;
  /** The content check and the placement, one at a time per content. */
  readonly #gate = new ContentGate();
  readonly #links: Links;
  readonly #placer: DayPlacer;
  readonly #naming: NamingPlace;
  /** Writing tasks in flight. */
  #storing = 0;

  /** Builds the writer. */
  constructor(options: WriterOptions) {
    this.#o = options;
    const { index, dest, policy, stallTimeoutMs, signal, log, onBytes } = options;
    this.#temps = journalledTemps(index, dest);
    this.#transfer = { policy, stallTimeoutMs, signal, log, onBytes, temps: this.#temps };
    this.#links = new Links(options, this.#temps);
    this.#naming = { ...options, onDisk: new NamesOnDisk(nameKey) };
    this.#placer = new DayPlacer(
      options,
      (record, folder) => reserveName(this.#naming, record, folder),
    );
  }

  /** Removes temporary files an interrupted run left behind. */
  cleanupTemps(): Promise<number> {
    return cleanupTemps(this.#o.index, this.#o.dest);
  }

  /**
   * Stores one record: skips what the library has (and is on disk), counts unready videos as
   * pending, and downloads the rest. Throws {@linkcode ItemError} for a failure of this item alone and
   * typed errors (quota, auth, disk) for failures that stop the run.
   */
  store(record: MediaRecord, options: { dryRun?: boolean } = {}): Promise<StoreOutcome> {
    return this.#writing(async () => {
      try {
        return await this.#store(record, options);
      } catch (error) {
        throw fatalIo(error, this.#o.dest) ?? error;
      }
    });
  }

  /** Runs one writing task; once none is left, the journal of its temp files is forgotten. */
  async #writing<T>(work: () => Promise<T>): Promise<T> {
    this.#storing++;
    try {
      return await work();
    } finally {
      // Idle (between stores, or the run's end): nothing of this writer's is left to clean up.
      if (--this.#storing === 0) this.#temps.forget();
    }
  }

  async #store(record: MediaRecord, options: { dryRun?: boolean }): Promise<StoreOutcome> {
    const { index, dest } = this.#o;
    if (record.invalid) throw new ItemError(record.invalid);
    const item = index.items.knownItem(sourcesSharingIds(record.source), record.sourceId);
    let known = item?.file;
    if (item && known?.state === "done" && record.crc32 !== undefined) {
      known = await sameVersion(index, dest, record, record.crc32, item, options.dryRun);
    }
    if (known?.state === "done") {
      const info = statOrNull(relativePathInside(dest, known.relPath));
      if (info?.isFile && info.size === known.size) {
        if (!options.dryRun) await this.#had(record, known, item);
        return { status: "skipped", bytes: 0, relPath: known.relPath, recognized: true };
      }
      if (info) {
        throw new ItemError(
          `${known.relPath} differs from the copy the index recorded; nothing was overwritten — ` +
            "run `gphotos-nas verify --repair` to restore it",
        );
      }
    }
    if (!known && record.size !== undefined && record.match === "id-or-name-time-size") {
      const same = index.items.findSameItem(
        record.filename,
        isoOrNull(record.captureTime),
        record.size,
      );
      if (same) {
        if (!options.dryRun) await this.#links.link(record, same);
        return { status: "skipped", bytes: 0, relPath: same.relPath, recognized: true };
      }
    }
    if (leftOutAsLiveVideo(index, record, this.#o.livePhotos ?? "keep")) {
      return { status: "left-out", bytes: 0 };
    }
    if (!record.ready) {
      if (!options.dryRun) index.items.markPending(record.source, record.sourceId, record.filename);
      return { status: "pending", bytes: 0 };
    }
    if (options.dryRun) return { status: "would-download", bytes: record.size ?? 0 };
    // A live photo's video waits for a still of its name in flight, to land beside it.
    const untrack = this.#placer.track(record);
    try {
      return await this.#fetch(record, known);
    } finally {
      untrack();
    }
  }

  /**
   * Records that the run met a file the library holds: its account, and its item's metadata when
   * Google's side changed it (a description added), which its sidecar then follows. Deferred: a run
   * killed first leaves the next one to record the same again.
   */
  async #had(record: MediaRecord, known: FileRow, item: KnownItem | undefined): Promise<void> {
    const { index } = this.#o;
    const { source, sourceId, metadata, provenance } = record;
    // The same metadata as stored is no news (most of a re-import): no UPDATE to find that out.
    const news = this.#o.xmp && metadata !== undefined &&
      !(known === item?.file && item.metadata === JSON.stringify(metadata));
    const changed = index.deferred(() => {
      this.#links.had(known.id);
      return news && index.sidecars.updateMetadata(source, sourceId, metadata, provenance);
    });
    if (changed) await this.#links.sidecar(known);
  }

  async #fetch(record: MediaRecord, known: FileRow | undefined): Promise<StoreOutcome> {
    const { index, dest } = this.#o;
    const file = known ?? reserveName(this.#naming, record);
    // The deferred commits up to the reservation: on disk before the file is renamed into place.
    const relies = index.seq;
    const target = relativePathInside(dest, file.relPath);
    // Only an earlier run's reservation can have its file on disk: a fresh one's name was free.
    if (known?.state === "reserved" && statOrNull(target)) {
      // A run was killed between the rename and the index update: the file is complete, and its
      // mtime may still be the download's.
      setCaptureTime(target, record.captureTime);
      index.items.markDone(file.id, await hashFile(target));
      this.#links.had(file.id);
      this.#links.addAlbums(record, file.id);
      await this.#links.sidecar(file);
      return { status: "skipped", bytes: 0, relPath: file.relPath };
    }
    const { temp, size, sha256, head } = await transfer(record, target, this.#transfer);
    try {
      return await this.#gate.run(
        `${sha256}:${size}`,
        () => this.#placeOrLink(record, file, temp, { size, sha256, head }, relies),
      );
    } catch (error) {
      // Placing can fail after the bytes are complete (a full disk refusing a folder or the index):
      // the temp file must not outlive the run that made it.
      discardTemp(temp, this.#temps);
      throw fatalIo(error, target) ?? error;
    }
  }

  async #placeOrLink(
    record: MediaRecord,
    reserved: FileRow,
    temp: string,
    done: { size: number; sha256: string; head?: Uint8Array },
    relies: number,
  ): Promise<StoreOutcome> {
    const { index, dest } = this.#o;
    const { size, sha256, head } = done;
    let file = reserved;
    const duplicate = index.items.findByContent(sha256, size);
    if (duplicate && duplicate.id !== file.id) {
      discardTemp(temp, this.#temps);
      return await this.#links.toStored(record, file, duplicate, done);
    }
    let facts = () => {};
    if (file.state === "reserved") {
      const copy = await this.#links.claim(record, temp);
      if (copy) {
        const replace = () => replaceCopy(this.#links.at(), copy, temp, record, done);
        return await this.#links.upgrade(record, file.id, copy, replace, done);
      }
      // A name once given never changes; until the bytes are placed, the day may still move.
      const place = await this.#placer.place(record, file, head);
      if (place.file.id !== file.id) relies = index.seq;
      ({ file, record: facts } = place);
    }
    // The mtime set before the rename travels with the file (and its sidecar).
    setCaptureTime(temp, record.captureTime);
    const placed = file;
    // What the sidecar says (albums, zone, offset), recorded before it is made.
    index.deferred(() => {
      this.#links.addAlbums(record, placed.id);
      facts();
    });
    const { log, xmp } = this.#o;
    await placeNewFile({ dest, index, temps: this.#temps, log, xmp }, placed, temp, relies, () => {
      index.items.markDone(placed.id, { size, sha256 });
      this.#links.had(placed.id);
    });
    return { status: "downloaded", bytes: size, relPath: file.relPath };
  }

  /**
   * Fetches an item again into the place the index gives its file (`verify --repair`). A damaged
   * file is not overwritten: it is moved to `.gphotos-nas/quarantine/` first.
   */
  restore(record: MediaRecord, file: FileRow): Promise<{ bytes: number; sha256: string }> {
    return this.#writing(() => this.#restore(record, file));
  }

  async #restore(record: MediaRecord, file: FileRow): Promise<{ bytes: number; sha256: string }> {
    const { index, dest, log } = this.#o;
    try {
      const target = relativePathInside(dest, file.relPath);
      const { temp, size, sha256 } = await transfer(record, target, this.#transfer);
      setCaptureTime(temp, record.captureTime);
      await quarantine(dest, file.relPath, log);
      placeNoOverwrite(temp, target, file.relPath, this.#temps, log);
      index.items.markDone(file.id, { size, sha256 });
      return { bytes: size, sha256 };
    } catch (error) {
      throw fatalIo(error, dest) ?? error;
    }
  }

  /**
   * Writes sidecars the library lacks: files stored before sidecars existed, under `--no-xmp`, or
   * whose sidecar failed earlier. Returns how many were written.
   */
  async writeMissingSidecars(): Promise<number> {
    if (!this.#o.xmp) return 0;
    const { dest, index, signal, log } = this.#o;
    return await this.#writing(() => writeMissingSidecars(dest, index, this.#temps, log, signal));
  }

  /** `verify --repair`: writes missing and unreadable sidecars again from the index. */
  repairSidecars(problems: SidecarProblems): Promise<string[]> {
    const { dest, index, log } = this.#o;
    return this.#writing(() => repairSidecars(dest, index, problems, this.#temps, log));
  }

  /** Removes the folders that downloads started in and left empty; only between runs' transfers. */
  removeEmptiedFolders(): Promise<void> {
    return this.#placer.removeEmptied();
  }
}
