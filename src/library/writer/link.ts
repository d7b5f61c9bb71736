/**
 * What follows a stored file in the index and beside it, and what happens when a record brings
 * bytes the library already holds. An item is linked to its file (the run's account has it, its
 * albums, its sidecar brought up to date); bytes already stored are linked to, moved to this
 * record's day when they were placed provisionally (`settle.ts`), or an original takes its API
 * copy's place (`upgrade.ts`).
 *
 * @module
 */
import type { MediaRecord } from "../../media/record.ts";
import type { Logger } from "../../ui/log.ts";
import { DEFAULT_ACCOUNT } from "../../auth/accounts.ts";
import type { FileRow } from "../catalog/items/rows.ts";
import type { Catalog } from "../catalog/mod.ts";
import type { SidecarFile } from "../catalog/sidecars.ts";
import type { CopyCandidate } from "../catalog/upgrades.ts";
import { relativePathInside } from "../disk/paths.ts";
import { statOrNull } from "../disk/place.ts";
import { updateSidecar } from "../sidecars/write.ts";
import { earlierPairings, settleAsOriginal, settleProvisional } from "./settle.ts";
import type { WriterTemps } from "./temp_journal.ts";
import { claimLesserCopy } from "./upgrade.ts";

/** What the links need of the writer's options. */
export interface LinkOptions {
  /** The library root. */
  dest: string;
  /** The library's index. */
  index: Catalog;
  /** Moves and upgrades are logged here. */
  log: Logger;
  /** Write an XMP sidecar beside each media file. */
  xmp?: boolean;
  /** The account whose run this is. */
  account?: string;
}

/** How a record ended that the library already held the bytes of (as the writer reports it). */
export interface LinkOutcome {
  /** `downloaded` when an original replaced its copy, else `skipped`. */
  status: "downloaded" | "skipped";
  /** Bytes written. */
  bytes: number;
  /** Library-relative path of the file that holds the item. */
  relPath: string;
  /** The download was an original that replaced Google's copy. */
  upgraded?: boolean;
  /** The file was on another day (or undated) by an earlier pairing and moved to this record's. */
  redated?: boolean;
}

/** Links items to files for one writer. */
export class Links {
  readonly #o: LinkOptions;
  readonly #temps: WriterTemps;
  /** Files whose copy an original claimed and is replacing right now. */
  readonly #upgrading = new Set<number>();

  /** Links for the writer of `options`, moving files with its temp-file record. */
  constructor(options: LinkOptions, temps: WriterTemps) {
    this.#o = options;
    this.#temps = temps;
  }

  /** Where upgrades and settling moves work: the library, its index and the writer's temps. */
  at(): { dest: string; index: Catalog; temps: WriterTemps } {
    return { dest: this.#o.dest, index: this.#o.index, temps: this.#temps };
  }

  /** An API copy of the library that the original at `path` may replace, claimed if there is. */
  claim(record: MediaRecord, path: string): Promise<CopyCandidate | undefined> {
    return claimLesserCopy(this.#o.index, record, path, this.#upgrading);
  }

  /**
   * A record whose bytes `duplicate` already holds (its own temp file discarded); `file` is the
   * record's own reservation or file.
   */
  async toStored(
    record: MediaRecord,
    file: FileRow,
    duplicate: FileRow,
    done: { size: number; sha256: string },
  ): Promise<LinkOutcome> {
    const { index, dest } = this.#o;
    const earlier = earlierPairings(index, duplicate, record);
    if (
      !record.provisional && (duplicate.provisional || earlier.length > 0) &&
      file.state === "reserved" && statOrNull(relativePathInside(dest, duplicate.relPath))
    ) {
      const at = relativePathInside(dest, duplicate.relPath);
      const copy = await this.claim(record, at);
      if (copy) {
        const settle = () => settleAsOriginal(this.at(), duplicate, copy, record, this.#o.log);
        const outcome = await this.upgrade(record, file.id, copy, settle, done);
        this.#earlierGiveWay(record, earlier);
        return outcome;
      }
      const relPath = await settleProvisional(dest, index, duplicate, file, record);
      this.#earlierGiveWay(record, earlier);
      await this.link(record, { ...duplicate, relPath });
      const moved = relPath !== duplicate.relPath;
      if (moved) {
        this.#o.log.info(
          `moved ${duplicate.relPath} to ${relPath}: ` +
            (earlier.length ? "its own sidecar gives that day" : "its sidecar arrived"),
        );
      }
      return { status: "skipped", bytes: 0, relPath, redated: moved && earlier.length > 0 };
    }
    await this.link(record, duplicate, file.id);
    return { status: "skipped", bytes: 0, relPath: duplicate.relPath };
  }

  /** The earlier readings' metadata (maybe another photo's sidecar) give way to this record's. */
  #earlierGiveWay(record: MediaRecord, earlier: readonly string[]): void {
    for (const id of earlier) {
      this.#o.index.sidecars.updateMetadata(record.source, id, record.metadata ?? {}, []);
    }
  }

  /**
   * Puts a Takeout original in its API copy's place by `replace` (a fresh download: upgrade.ts;
   * a file placed before its sidecar came: settle.ts) and gives the copy's file the original's
   * bytes, items, albums and sidecar; the original's own reservation is dropped.
   */
  async upgrade(
    record: MediaRecord,
    reservation: number,
    copy: CopyCandidate,
    replace: () => Promise<string | undefined>,
    done: { size: number; sha256: string },
  ): Promise<LinkOutcome> {
    const { log } = this.#o;
    try {
      const aside = await replace();
      await this.link(record, copy, reservation);
      log.info(
        `upgraded ${copy.relPath} to the original` +
          (aside
            ? `; Google's copy is kept as ${aside}`
            : " (Google's copy was kept aside before)"),
      );
      return { status: "downloaded", upgraded: true, bytes: done.size, relPath: copy.relPath };
    } finally {
      this.#upgrading.delete(copy.id);
    }
  }

  /** Points the record's item at `file`, dropping the item's own reservation if given. */
  async link(record: MediaRecord, file: SidecarFile, dropReservation?: number): Promise<void> {
    this.#o.index.items.linkItemToFile(
      record.source,
      record.sourceId,
      record.filename,
      file.id,
      record.metadata,
      dropReservation,
      record.crc32,
    );
    this.had(file.id);
    this.addAlbums(record, file.id);
    // Another source's item for the same bytes may know more (a Takeout sidecar after a pick).
    await this.sidecar(file);
  }

  /** Brings one file's sidecar up to date. */
  async sidecar(file: SidecarFile): Promise<void> {
    const { xmp, dest, index, log } = this.#o;
    if (xmp) await updateSidecar(dest, index, file, this.#temps, log);
  }

  /** The run's account has this file (a shared photo is had by every account that met it). */
  had(fileId: number): void {
    this.#o.index.accounts.add(fileId, this.#o.account ?? DEFAULT_ACCOUNT);
  }

  /** Records the record's albums for the file. */
  addAlbums(record: MediaRecord, fileId: number): void {
    if (record.albums?.length) this.#o.index.items.addAlbums(fileId, record.albums);
  }
}
