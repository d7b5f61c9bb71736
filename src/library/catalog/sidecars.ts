/**
 * What the index knows for a file's XMP sidecar: the SHA-256 of the sidecar gphotos-nas last wrote
 * (its own, as opposed to one another program rewrote), the sources' metadata of the items the file
 * holds, its albums, the UTC offset of the place where it was captured, and the zone that chose
 * its day folder.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Row, Statements } from "./statements.ts";

/** One item's metadata as its source gave it. */
export interface ItemMetadata {
  /** The source that brought the item. */
  source: string;
  /** The source's id for it. */
  sourceId: string;
  /** The metadata JSON kept in the index, parsed; undefined when none. */
  metadata?: Record<string, unknown>;
}

/** What a sidecar is written for: a done file. */
export interface SidecarFile {
  /** File row id. */
  id: number;
  /** The media file's path relative to DEST. */
  relPath: string;
  /** Capture time as ISO-8601, or null. */
  captureTime: string | null;
}

/** Sidecar bookkeeping of the index. */
export class Sidecars {
  readonly #db: Statements;
  readonly #present: boolean;

  /**
   * @internal built by `openCatalog`; `present` is false for an older index opened read-only
   * (`verify`, `status` after an upgrade of the program), which has no sidecar table yet.
   */
  constructor(db: Statements, present = true) {
    this.#db = db;
    this.#present = present;
  }

  /** The SHA-256 (hex) of the sidecar last written for a file, if one was. */
  recorded(fileId: number): string | undefined {
    const row = this.#db.sql("SELECT sha256 FROM sidecars WHERE file_id = ?").get(fileId);
    if (!row) return undefined;
    // Its 32 bytes since schema 12; 64 hex digits in rows written before.
    return row.sha256 instanceof Uint8Array
      ? Buffer.from(row.sha256).toString("hex")
      : String(row.sha256);
  }

  /** Records the sidecar just written for a file (its SHA-256 as 32 bytes, not 64 hex digits). */
  record(fileId: number, sha256: string): void {
    this.#db.sql(
      `INSERT INTO sidecars (file_id, sha256, written_at) VALUES (?, ?, ?)
       ON CONFLICT (file_id) DO UPDATE SET sha256 = excluded.sha256,
         written_at = excluded.written_at`,
    ).run(fileId, Buffer.from(sha256, "hex"), new Date().toISOString());
  }

  /**
   * Done files that have no recorded sidecar (a library from before sidecars, or `--no-xmp`), up
   * to `limit` of them with ids above `afterId`, by id: a page at a time, so a library of a million
   * files without sidecars is never in memory at once.
   */
  filesWithout(afterId = 0, limit = -1): SidecarFile[] {
    return (this.#db.sql(
      `SELECT f.id, f.rel_path, f.capture_time FROM files f LEFT JOIN sidecars s ON s.file_id = f.id
       WHERE f.id > ? AND f.state = 'done' AND s.file_id IS NULL ORDER BY f.id LIMIT ?`,
    ).all(afterId, limit) as Row[]).map((r) => ({
      id: Number(r.id),
      relPath: String(r.rel_path),
      captureTime: r.capture_time === null ? null : String(r.capture_time),
    }));
  }

  /**
   * Up to `limit` done files with a recorded sidecar whose paths sort after `after`, in path
   * order (keyset paging, as `verify` walks a library of any size).
   */
  filesWithAfter(after: string, limit: number): SidecarFile[] {
    if (!this.#present) return [];
    return (this.#db.sql(
      `SELECT f.id, f.rel_path, f.capture_time FROM files f JOIN sidecars s ON s.file_id = f.id
       WHERE f.rel_path > ? AND f.state = 'done' ORDER BY f.rel_path LIMIT ?`,
    ).all(after, limit) as Row[]).map((r) => ({
      id: Number(r.id),
      relPath: String(r.rel_path),
      captureTime: r.capture_time === null ? null : String(r.capture_time),
    }));
  }

  /**
   * Stores an item's latest metadata; true when it differs from what the index held (so its
   * sidecar is out of date). A difference only in the top-level `provenance` keys (where the item
   * was read from, not what it is) is no news: nothing is written for it.
   */
  updateMetadata(
    source: string,
    sourceId: string,
    metadata: Record<string, unknown>,
    provenance: readonly string[] = [],
  ): boolean {
    const strip = (value: string) =>
      provenance.length ? `json_remove(${value}, ${provenance.map(() => "?").join(", ")})` : value;
    const paths = provenance.map((key) => `$."${key.replaceAll('"', "")}"`);
    const info = this.#db.sql(
      `UPDATE items SET metadata = ? WHERE source = ? AND source_id = ?
       AND (metadata IS NULL OR NOT json_valid(metadata) OR ${strip("metadata")} IS NOT ${
        strip("?")
      })`,
    );
    const json = JSON.stringify(metadata);
    return Number(info.run(json, source, sourceId, ...paths, json, ...paths).changes) > 0;
  }

  /** The metadata of every item a file holds, Takeout first (the original's own sidecar). */
  itemsOf(fileId: number): ItemMetadata[] {
    return (this.#db.sql(
      `SELECT source, source_id, metadata FROM items WHERE file_id = ?
       ORDER BY source = 'takeout' DESC, first_seen, source_id`,
    ).all(fileId) as Row[]).map((r) => ({
      source: String(r.source),
      sourceId: String(r.source_id),
      metadata: parseJson(r.metadata),
    }));
  }

  /** Album names of a file, sorted. */
  albumsOf(fileId: number): string[] {
    return (this.#db.sql("SELECT album FROM albums WHERE file_id = ? ORDER BY album").all(
      fileId,
    ) as Row[]).map((r) => String(r.album));
  }

  /** The UTC offset (minutes) of the place where a file was captured, when known. */
  captureOffset(fileId: number): number | undefined {
    const row = this.#db.sql("SELECT capture_offset FROM files WHERE id = ?").get(fileId);
    return row?.capture_offset === null || row === undefined
      ? undefined
      : Number(row.capture_offset);
  }

  /** Records the UTC offset of the place where a file was captured. */
  setCaptureOffset(fileId: number, minutes: number): void {
    this.#db.sql("UPDATE files SET capture_offset = ? WHERE id = ?").run(minutes, fileId);
  }

  /** Records the zone ("Europe/Berlin", "+09:00") that chose a file's day folder. */
  setDayZone(fileId: number, zone: string): void {
    this.#db.sql("UPDATE files SET day_zone = ? WHERE id = ?").run(zone, fileId);
  }

  /** The zone that chose a file's day folder, when recorded (files stored since schema 2). */
  dayZone(fileId: number): string | undefined {
    const row = this.#db.sql("SELECT day_zone FROM files WHERE id = ?").get(fileId);
    return row?.day_zone ? String(row.day_zone) : undefined;
  }
}

function parseJson(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const parsed = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    // A metadata column another version wrote badly only costs this file's sidecar fields.
    return undefined;
  }
}
