/**
 * The index's side of upgrading a lesser copy to its original: done files that only Google's APIs
 * brought (a Picker or Library API download, never a Takeout original), captured within one
 * second or fetched under a given Google media item id.
 *
 * @module
 */
import type { Row, Statements } from "./statements.ts";

/** A file only the APIs brought, with one of its items. */
export interface CopyCandidate {
  /** File row id. */
  id: number;
  /** Path relative to DEST. */
  relPath: string;
  /** Capture time, ISO-8601. */
  captureTime: string;
  /** The item's original file name. */
  filename: string;
  /** Which API brought it. */
  source: string;
  /** The item's id at that API. */
  sourceId: string;
  /** The item's metadata as the API gave it. */
  metadata?: Record<string, unknown>;
  /** The copy's size in bytes. */
  size: number;
  /** The copy's SHA-256. */
  sha256: string;
}

/** A file captured close to another, with the zone that chose its day. */
export interface NearbyFile {
  /** File row id. */
  id: number;
  /** Path relative to DEST. */
  relPath: string;
  /** The zone that chose its day folder, when recorded. */
  dayZone?: string;
  /** Whether its bytes are in place (`done`) or only its name (`reserved`). */
  state: string;
}

/** Queries for upgrades to originals, and for the other half of a live photo. */
export class Upgrades {
  readonly #db: Statements;

  /** @internal built by `openCatalog` */
  constructor(db: Statements) {
    this.#db = db;
  }

  /** Files of `kind` (done or reserved) captured within `seconds` of `time`. */
  filesCapturedNear(time: Date, seconds: number, kind: string): NearbyFile[] {
    const from = new Date(time.getTime() - seconds * 1000).toISOString();
    const to = new Date(time.getTime() + seconds * 1000).toISOString();
    return (this.#db.sql(
      `SELECT id, rel_path, day_zone, state FROM files
       WHERE capture_time >= ? AND capture_time <= ? AND kind = ? ORDER BY id`,
    ).all(from, to, kind) as Row[]).map((r) => ({
      id: Number(r.id),
      relPath: String(r.rel_path),
      dayZone: r.day_zone ? String(r.day_zone) : undefined,
      state: String(r.state),
    }));
  }

  /** API-only done files captured in the second that starts at `second` (a Date). */
  copiesCapturedIn(second: Date): CopyCandidate[] {
    const from = new Date(Math.floor(second.getTime() / 1000) * 1000);
    const to = new Date(from.getTime() + 1000);
    return this.#copies("f.capture_time >= ? AND f.capture_time < ?", [
      from.toISOString(),
      to.toISOString(),
    ]);
  }

  /**
   * API-only done files of the media item Google knows as `googleId` (the id the Picker and the
   * Library API give, which is also the last part of its Google Photos URL).
   */
  copiesOfGoogleId(googleId: string): CopyCandidate[] {
    return this.#copies("i.source IN ('picker', 'library') AND i.source_id = ?", [googleId]);
  }

  /**
   * Merges the file `originalId` (an original placed apart, whose bytes now also stand at the
   * copy's path) into `copyId` in one transaction with `markDone` (which records the copy's file
   * as holding those bytes): its items, albums, accounts and motion pairs go to the copy's file,
   * its own row (and sidecar record) goes, and its paths `leftovers` (the old link and its XMP
   * sidecar) are journalled as temp files, so that a run killed before removing them leaves
   * nothing the next run does not clean up.
   */
  absorb(
    originalId: number,
    copyId: number,
    leftovers: readonly string[],
    markDone: () => void,
  ): void {
    this.#db.transaction(() => {
      markDone();
      const moves = [
        "UPDATE items SET file_id = ?1 WHERE file_id = ?2",
        "INSERT OR IGNORE INTO albums (album, file_id) SELECT album, ?1 FROM albums WHERE file_id = ?2",
        `INSERT OR IGNORE INTO file_accounts (file_id, account)
           SELECT ?1, account FROM file_accounts WHERE file_id = ?2`,
        "UPDATE OR IGNORE motion_pairs SET still_id = ?1 WHERE still_id = ?2",
        "UPDATE OR IGNORE motion_pairs SET video_id = ?1 WHERE video_id = ?2",
        "UPDATE superseded SET file_id = ?1 WHERE file_id = ?2",
        "DELETE FROM albums WHERE file_id = ?2",
      ];
      for (const sql of moves) this.#db.sql(sql).run(copyId, originalId);
      // Sidecar record, accounts and pairs left over go with the row (ON DELETE CASCADE).
      this.#db.sql("DELETE FROM files WHERE id = ?").run(originalId);
      const now = new Date().toISOString();
      const temp = this.#db.sql("INSERT OR REPLACE INTO temps (path, created_at) VALUES (?, ?)");
      for (const path of leftovers) temp.run(path, now);
    });
  }

  /**
   * The `+` keeps `f.id` from answering the ORDER BY: without it SQLite walks every file in id
   * order (a scan per record, quadratic in an import) instead of searching by capture time.
   */
  #copies(where: string, args: string[]): CopyCandidate[] {
    return (this.#db.sql(
      `SELECT f.id, f.rel_path, f.capture_time, f.size, f.sha256, i.filename, i.source,
         i.source_id, i.metadata
       FROM files f JOIN items i ON i.file_id = f.id
       WHERE f.state = 'done' AND ${where}
         AND NOT EXISTS (SELECT 1 FROM items t WHERE t.file_id = f.id AND t.source = 'takeout')
       ORDER BY +f.id`,
    ).all(...args) as Row[]).map((r) => ({
      id: Number(r.id),
      relPath: String(r.rel_path),
      captureTime: String(r.capture_time),
      filename: String(r.filename),
      source: String(r.source),
      sourceId: String(r.source_id),
      metadata: typeof r.metadata === "string" ? safeJson(r.metadata) : undefined,
      size: Number(r.size),
      sha256: String(r.sha256),
    }));
  }
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    // Unreadable metadata only means no dimensions to compare: no upgrade.
    return undefined;
  }
}
