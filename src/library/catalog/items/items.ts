/**
 * Items and the files that hold them. A file row is `reserved` from the moment its name is chosen
 * (so a name once given never changes and two concurrent downloads never race for it) and becomes
 * `done` only after the bytes are on disk under their final name. Synchronous SQLite calls keep
 * every reservation atomic within the process; the library lock keeps other processes out.
 *
 * An item is one source's id for some media; several items may share one file (the same bytes
 * brought by several sources). The catalog treats source names as opaque labels: which lookup
 * recognises an item (by id, by name+time+size, by content) is the caller's choice.
 *
 * The rows' shapes are in `rows.ts`.
 *
 * @module
 */
import type { Row, Statements } from "../statements.ts";
import {
  type DoneFile,
  fileOrUndefined,
  type FileRow,
  type KnownItem,
  type Reservation,
  type StoredFile,
  toFileRow,
} from "./rows.ts";

/** Item and file queries of the index. */
export class Items {
  readonly #db: Statements;
  readonly #hasCrc32: boolean;

  /** @internal built by `openCatalog`; `hasCrc32` is false in an older index opened read-only. */
  constructor(db: Statements, hasCrc32 = true) {
    this.#db = db;
    this.#hasCrc32 = hasCrc32;
  }

  /**
   * The file an item maps to, if the index knows the item under `sourceId` from any of `sources`
   * (the sources whose ids name the same media). A done file wins over a reservation.
   */
  findItemFile(sources: readonly string[], sourceId: string): FileRow | undefined {
    return this.knownItem(sources, sourceId)?.file;
  }

  /**
   * {@linkcode Items.findItemFile}, with what the item's row holds besides (one query where a
   * known item took three).
   */
  knownItem(sources: readonly string[], sourceId: string): KnownItem | undefined {
    const row = this.#db.sql(
      // An older index opened read-only has no CRC-32 column: none is recorded then.
      `SELECT f.*, ${this.#hasCrc32 ? "i.crc32" : "NULL"} AS item_crc32, i.metadata AS item_metadata
       FROM items i JOIN files f ON f.id = i.file_id
       WHERE i.source_id = ? AND i.source IN (${sources.map(() => "?").join(",")})
       ORDER BY f.state = 'done' DESC LIMIT 1`,
    ).get(sourceId, ...sources);
    if (!row) return undefined;
    return {
      file: toFileRow(row as Row),
      crc32: row.item_crc32 === null ? undefined : Number(row.item_crc32),
      metadata: row.item_metadata === null ? undefined : String(row.item_metadata),
    };
  }

  /** A done file with the same original filename, capture time and size (a re-picked item). */
  findSameItem(filename: string, captureTime: string | null, size: number): FileRow | undefined {
    if (captureTime === null) return undefined;
    return fileOrUndefined(
      this.#db.sql(
        `SELECT f.* FROM files f JOIN items i ON i.file_id = f.id
         WHERE f.state = 'done' AND f.capture_time = ? AND f.size = ? AND i.filename = ? LIMIT 1`,
      ).get(captureTime, size, filename),
    );
  }

  /** A done file with exactly this content. */
  findByContent(sha256: string, size: number): FileRow | undefined {
    return fileOrUndefined(
      // The expression as `files_content` has it, so that SQLite looks the index up.
      this.#db.sql(
        `SELECT * FROM files WHERE substr(sha256, 1, 16) = substr(?1, 1, 16) AND size = ?2
         AND sha256 = ?1 AND state = 'done' LIMIT 1`,
      ).get(sha256, size),
    );
  }

  /**
   * Records a file found on disk whose source ids are unknown (an index rebuilt from the disk):
   * later runs recognise its items by content, then by id. Returns its file row id.
   */
  adoptFile(f: DoneFile & Omit<Reservation, "source" | "sourceId" | "filename">): number {
    return Number(
      this.#db.sql(
        `INSERT INTO files (rel_path, name_key, state, size, sha256, capture_time, mime_type, kind)
         VALUES (?, ?, 'done', ?, ?, ?, ?, ?)`,
      ).run(f.relPath, f.nameKey, f.size, f.sha256, f.captureTime, f.mimeType, f.kind)
        .lastInsertRowid,
    );
  }

  /** Whether the index records any file (done or reserved); one row read, whatever the size. */
  hasFiles(): boolean {
    return this.#db.sql("SELECT 1 FROM files LIMIT 1").get() !== undefined;
  }

  /** Whether a name key is already given to some file. */
  isNameTaken(nameKey: string): boolean {
    return this.#db.sql("SELECT 1 FROM files WHERE name_key = ?").get(nameKey) !== undefined;
  }

  /**
   * Reserves a path for an item; returns the new file row. Fails if the name key is taken, and
   * then leaves nothing behind: the name stays free.
   */
  reserve(r: Reservation): FileRow {
    return this.#db.transaction(() => {
      const row = this.#db.sql(
        `INSERT INTO files (rel_path, name_key, state, capture_time, mime_type, kind, provisional)
         VALUES (?, ?, 'reserved', ?, ?, ?, ?) RETURNING *`,
      ).get(r.relPath, r.nameKey, r.captureTime, r.mimeType, r.kind, r.provisional ? 1 : 0) as Row;
      this.#upsertItem(r.source, r.sourceId, Number(row.id), r.filename, r.metadata, r.crc32);
      this.#dropPending(r.source, r.sourceId);
      return toFileRow(row);
    });
  }

  #upsertItem(
    source: string,
    sourceId: string,
    fileId: number,
    filename: string,
    metadata: Record<string, unknown> | undefined,
    crc32?: number,
  ): void {
    // The CRC-32 goes in with the row: set by a second statement, it grew rows already on a full
    // page, which split (a tenth of the table's pages left empty).
    this.#db.sql(
      `INSERT INTO items (source, source_id, file_id, filename, metadata, first_seen, crc32)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, source_id) DO UPDATE SET file_id = excluded.file_id,
         metadata = COALESCE(excluded.metadata, items.metadata),
         crc32 = COALESCE(excluded.crc32, items.crc32)`,
    ).run(
      source,
      sourceId,
      fileId,
      filename,
      metadata ? JSON.stringify(metadata) : null,
      new Date().toISOString(),
      crc32 ?? null,
    );
  }

  /** Records the CRC-32 of an item's bytes. */
  setCrc32(source: string, sourceId: string, crc32: number): void {
    this.#db.sql("UPDATE items SET crc32 = ? WHERE source = ? AND source_id = ?").run(
      crc32,
      source,
      sourceId,
    );
  }

  #dropPending(source: string, sourceId: string): void {
    this.#db.sql("DELETE FROM pending WHERE source = ? AND source_id = ?").run(source, sourceId);
  }

  /** Marks a reserved file complete, after its bytes are on disk under its final name. */
  markDone(fileId: number, done: DoneFile): void {
    this.#db.sql(
      "UPDATE files SET state = 'done', size = ?, sha256 = ?, fetched_at = ? WHERE id = ?",
    ).run(done.size, done.sha256, new Date().toISOString(), fileId);
  }

  /**
   * Points an item at an existing file holding the same content and releases the item's own
   * reservation (if it had one), which frees its name: the bytes are stored once.
   */
  linkItemToFile(
    source: string,
    sourceId: string,
    filename: string,
    fileId: number,
    metadata?: Record<string, unknown>,
    dropReservation?: number,
    crc32?: number,
  ): void {
    this.#db.transaction(() => {
      this.#upsertItem(source, sourceId, fileId, filename, metadata, crc32);
      if (dropReservation !== undefined && dropReservation !== fileId) {
        this.#db.sql("UPDATE items SET file_id = ? WHERE file_id = ?").run(fileId, dropReservation);
        this.#db.sql("DELETE FROM albums WHERE file_id = ?").run(dropReservation);
        this.#db.sql("DELETE FROM files WHERE id = ? AND state = 'reserved'").run(dropReservation);
      }
      this.#dropPending(source, sourceId);
    });
  }

  /** Records album membership of a file. */
  addAlbums(fileId: number, albums: readonly string[]): void {
    const insert = this.#db.sql("INSERT OR IGNORE INTO albums (album, file_id) VALUES (?, ?)");
    for (const album of albums) insert.run(album, fileId);
  }

  /** The names of the albums that have a member, in order. */
  albumNames(): string[] {
    return (this.#db.sql("SELECT DISTINCT album FROM albums ORDER BY album").all() as Row[])
      .map((r) => String(r.album));
  }

  /**
   * The library-relative paths of the done files of one album, in path order: album links are
   * built an album at a time, so only the largest album is ever in memory, never every membership.
   */
  albumMembers(album: string): string[] {
    return (this.#db.sql(
      `SELECT f.rel_path AS rel_path FROM albums a JOIN files f ON f.id = a.file_id
       WHERE a.album = ? AND f.state = 'done' ORDER BY f.rel_path`,
    ).all(album) as Row[]).map((r) => String(r.rel_path));
  }

  /** Remembers an item that is not ready yet (a video still processing). */
  markPending(source: string, sourceId: string, filename: string): void {
    this.#db.sql(
      `INSERT INTO pending (source, source_id, filename, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source, source_id) DO UPDATE SET seen_at = excluded.seen_at`,
    ).run(source, sourceId, filename, new Date().toISOString());
  }

  /** Gives a file a new path (layout migration). */
  moveFile(fileId: number, relPath: string, nameKey: string): void {
    this.#db.sql("UPDATE files SET rel_path = ?, name_key = ? WHERE id = ?").run(
      relPath,
      nameKey,
      fileId,
    );
  }

  /** Every file row, done or reserved, for `verify`. */
  allFiles(): FileRow[] {
    return (this.#db.sql("SELECT * FROM files ORDER BY rel_path").all() as Row[]).map(toFileRow);
  }

  /**
   * Up to `limit` done files whose paths sort after `after`, in path order, with what a check of
   * their bytes needs: `verify` pages through a library this way (keyset paging on the path
   * index), so a million files are never in memory at once; fewer columns make a page 3× faster.
   */
  doneFilesAfter(after: string, limit: number): StoredFile[] {
    return (this.#db.sql(
      `SELECT id, rel_path, size, sha256 FROM files WHERE rel_path > ? AND state = 'done'
       ORDER BY rel_path LIMIT ?`,
    ).all(after, limit) as Row[]).map((r) => ({
      id: Number(r.id),
      relPath: String(r.rel_path),
      size: Number(r.size),
      sha256: r.sha256 === null ? null : String(r.sha256),
    }));
  }

  /** The file row with this id. */
  file(id: number): FileRow | undefined {
    return fileOrUndefined(this.#db.sql("SELECT * FROM files WHERE id = ?").get(id));
  }

  /** How many done files the index records. */
  countDone(): number {
    return Number(this.#db.sql("SELECT COUNT(*) AS n FROM files WHERE state = 'done'").get()?.n);
  }

  /**
   * The recorded paths (done or reserved) of the files directly inside `folder` (relative to
   * DEST, "" for DEST itself): one range read of the path index per folder the walk meets.
   */
  pathsIn(folder: string): Set<string> {
    // "/" sorts just before "0", so [folder/, folder0) is the folder's subtree in the path index.
    const rows = folder === ""
      ? this.#db.sql("SELECT rel_path FROM files WHERE instr(rel_path, '/') = 0").all()
      : this.#db.sql(
        `SELECT rel_path FROM files WHERE rel_path >= ? AND rel_path < ?
           AND instr(substr(rel_path, ?), '/') = 0`,
      ).all(`${folder}/`, `${folder}0`, folder.length + 2);
    return new Set((rows as Row[]).map((r) => String(r.rel_path)));
  }

  /** The source items that map to a file (for `verify --repair`). */
  itemsOfFile(fileId: number): { source: string; sourceId: string }[] {
    return (this.#db.sql("SELECT source, source_id FROM items WHERE file_id = ?").all(
      fileId,
    ) as Row[]).map((r) => ({ source: String(r.source), sourceId: String(r.source_id) }));
  }

  /** The newest capture time among done files of a source, ISO-8601, for "what to pick next". */
  newestCapture(source: string): string | undefined {
    const row = this.#db.sql(
      `SELECT MAX(f.capture_time) AS t FROM files f JOIN items i ON i.file_id = f.id
       WHERE f.state = 'done' AND i.source = ?`,
    ).get(source);
    return row?.t ? String(row.t) : undefined;
  }
}
