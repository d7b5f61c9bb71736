/**
 * The library index: an embedded SQLite database (`node:sqlite`) under `DEST/.gphotos-nas/` that
 * records every file the library holds, every source item that maps to it, albums, runs, Takeout sets
 * and in-flight temporary files.
 *
 * A file row is `reserved` from the moment its name is chosen (so a name once given never changes and
 * two concurrent downloads never race for it) and becomes `done` only after the bytes are on disk
 * under their final name. Synchronous SQLite calls keep every reservation atomic within the process;
 * the library lock keeps other processes out.
 *
 * @module
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { join } from "node:path";
import type { MediaKind, SourceName } from "../media/record.ts";

/** The folder inside DEST that holds the index, the lock and other state. */
export const STATE_DIR = ".gphotos-nas";

/** A file the library holds or has reserved a name for. */
export interface FileRow {
  /** Row id. */
  id: number;
  /** Path relative to DEST, with `/` separators. */
  relPath: string;
  /** `reserved` until the bytes are on disk under `relPath`, then `done`. */
  state: "reserved" | "done";
  /** Size in bytes (done files). */
  size: number | null;
  /** Hex SHA-256 of the content (done files). */
  sha256: string | null;
  /** Capture time as ISO-8601, or null when unknown. */
  captureTime: string | null;
  /** MIME type. */
  mimeType: string | null;
  /** Photo or video. */
  kind: MediaKind | null;
  /** When the bytes were written, ISO-8601. */
  fetchedAt: string | null;
}

/** Summary of one run, kept for `status`. */
export interface RunRecord {
  /** The command that ran. */
  command: string;
  /** ISO-8601 start time. */
  startedAt: string;
  /** ISO-8601 end time, absent while running or after a crash. */
  finishedAt?: string;
  /** The exit code the run ended with. */
  exitCode?: number;
  /** The counts it reported. */
  summary?: Record<string, number>;
}

/** What `status` shows about the library. */
export interface StatusReport {
  /** Items and bytes per capture year (`unknown` for undated). */
  perYear: { year: string; items: number; bytes: number }[];
  /** Items and bytes per source that first brought them. */
  perSource: { source: string; items: number; bytes: number }[];
  /** Items seen but not yet downloadable (videos still processing). */
  pending: number;
  /** The most recent run. */
  lastRun?: RunRecord;
  /** Files in the library. */
  totalItems: number;
  /** Bytes in the library. */
  totalBytes: number;
}

/** What the writer records when a file is complete. */
export interface DoneFile {
  /** Size in bytes. */
  size: number;
  /** Hex SHA-256. */
  sha256: string;
}

/** Fields the writer needs to reserve a name. */
export interface Reservation {
  /** Which source brought the item. */
  source: SourceName;
  /** The source's id for it. */
  sourceId: string;
  /** The raw filename from the source. */
  filename: string;
  /** Chosen path relative to DEST. */
  relPath: string;
  /** Case-insensitive key of `relPath`, unique in the index. */
  nameKey: string;
  /** ISO-8601 capture time or null. */
  captureTime: string | null;
  /** MIME type. */
  mimeType: string;
  /** Photo or video. */
  kind: MediaKind;
  /** Source metadata to keep. */
  metadata?: Record<string, unknown>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY,
  rel_path TEXT NOT NULL UNIQUE,
  name_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('reserved', 'done')),
  size INTEGER,
  sha256 TEXT,
  capture_time TEXT,
  mime_type TEXT,
  kind TEXT,
  fetched_at TEXT
);
CREATE INDEX IF NOT EXISTS files_sha ON files (sha256, size);
CREATE INDEX IF NOT EXISTS files_capture ON files (capture_time, size);
CREATE TABLE IF NOT EXISTS items (
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  file_id INTEGER REFERENCES files (id),
  filename TEXT NOT NULL,
  metadata TEXT,
  first_seen TEXT NOT NULL,
  PRIMARY KEY (source, source_id)
);
CREATE INDEX IF NOT EXISTS items_source_id ON items (source_id);
CREATE INDEX IF NOT EXISTS items_file ON items (file_id);
CREATE TABLE IF NOT EXISTS pending (
  source TEXT NOT NULL,
  source_id TEXT NOT NULL,
  filename TEXT NOT NULL,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (source, source_id)
);
CREATE TABLE IF NOT EXISTS albums (
  album TEXT NOT NULL,
  file_id INTEGER NOT NULL REFERENCES files (id),
  PRIMARY KEY (album, file_id)
);
CREATE TABLE IF NOT EXISTS temps (path TEXT PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  exit_code INTEGER,
  summary TEXT
);
CREATE TABLE IF NOT EXISTS import_sets (
  key TEXT PRIMARY KEY,
  parts TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  status TEXT NOT NULL,
  detail TEXT,
  finished_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

type Row = Record<string, SQLInputValue>;

function toFileRow(row: Row): FileRow {
  return {
    id: Number(row.id),
    relPath: String(row.rel_path),
    state: row.state as FileRow["state"],
    size: row.size === null ? null : Number(row.size),
    sha256: row.sha256 as string | null,
    captureTime: row.capture_time as string | null,
    mimeType: row.mime_type as string | null,
    kind: row.kind as MediaKind | null,
    fetchedAt: row.fetched_at as string | null,
  };
}

/** Library and Picker ids are the same Google media ids, so either source's record finds the item. */
const GOOGLE_SOURCES = new Set<SourceName>(["library", "picker"]);

/** The index of one library. Create with {@linkcode openIndex}. */
export class LibraryIndex {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  /** @internal use {@linkcode openIndex} */
  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * A prepared statement, prepared once: statements hold native memory that V8 does not see, so
   * preparing one per call would let a 100k-item run grow by hundreds of MiB before any GC.
   */
  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** The file an item of a source maps to, if the index knows the item. */
  findItemFile(source: SourceName, sourceId: string): FileRow | undefined {
    const sources = GOOGLE_SOURCES.has(source) ? ["library", "picker"] : [source];
    const row = this.#sql(
      `SELECT f.* FROM items i JOIN files f ON f.id = i.file_id
       WHERE i.source_id = ? AND i.source IN (${sources.map(() => "?").join(",")})
       ORDER BY f.state = 'done' DESC LIMIT 1`,
    ).get(sourceId, ...sources) as Row | undefined;
    return row ? toFileRow(row) : undefined;
  }

  /** A done file with the same original filename, capture time and size (a re-picked item). */
  findSameItem(filename: string, captureTime: string | null, size: number): FileRow | undefined {
    if (captureTime === null) return undefined;
    const row = this.#sql(
      `SELECT f.* FROM files f JOIN items i ON i.file_id = f.id
       WHERE f.state = 'done' AND f.capture_time = ? AND f.size = ? AND i.filename = ? LIMIT 1`,
    ).get(captureTime, size, filename) as Row | undefined;
    return row ? toFileRow(row) : undefined;
  }

  /** A done file with exactly this content. */
  findByContent(sha256: string, size: number): FileRow | undefined {
    const row = this.#sql(
      "SELECT * FROM files WHERE sha256 = ? AND size = ? AND state = 'done' LIMIT 1",
    ).get(sha256, size) as Row | undefined;
    return row ? toFileRow(row) : undefined;
  }

  /** Whether a name key is already given to some file. */
  isNameTaken(nameKey: string): boolean {
    return this.#sql("SELECT 1 FROM files WHERE name_key = ?").get(nameKey) !== undefined;
  }

  /** Reserves a path for an item; returns the new file row. Fails if the name key is taken. */
  reserve(r: Reservation): FileRow {
    const now = new Date().toISOString();
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const info = this.#sql(
        `INSERT INTO files (rel_path, name_key, state, capture_time, mime_type, kind)
         VALUES (?, ?, 'reserved', ?, ?, ?)`,
      ).run(r.relPath, r.nameKey, r.captureTime, r.mimeType, r.kind);
      const fileId = Number(info.lastInsertRowid);
      this.#upsertItem(r.source, r.sourceId, fileId, r.filename, r.metadata, now);
      this.#sql("DELETE FROM pending WHERE source = ? AND source_id = ?").run(
        r.source,
        r.sourceId,
      );
      this.#db.exec("COMMIT");
      return this.#file(fileId);
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  #upsertItem(
    source: SourceName,
    sourceId: string,
    fileId: number,
    filename: string,
    metadata: Record<string, unknown> | undefined,
    now: string,
  ): void {
    this.#sql(
      `INSERT INTO items (source, source_id, file_id, filename, metadata, first_seen)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, source_id) DO UPDATE SET file_id = excluded.file_id,
         metadata = COALESCE(excluded.metadata, items.metadata)`,
    ).run(source, sourceId, fileId, filename, metadata ? JSON.stringify(metadata) : null, now);
  }

  #file(id: number): FileRow {
    return toFileRow(this.#sql("SELECT * FROM files WHERE id = ?").get(id) as Row);
  }

  /** Marks a reserved file complete, after its bytes are on disk under its final name. */
  markDone(fileId: number, done: DoneFile): void {
    this.#sql(
      "UPDATE files SET state = 'done', size = ?, sha256 = ?, fetched_at = ? WHERE id = ?",
    ).run(done.size, done.sha256, new Date().toISOString(), fileId);
  }

  /**
   * Points an item at an existing file holding the same content and drops the item's own reservation
   * (if it had one): the bytes are stored once.
   */
  linkItemToFile(
    source: SourceName,
    sourceId: string,
    filename: string,
    fileId: number,
    metadata?: Record<string, unknown>,
    dropReservation?: number,
  ): void {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      this.#upsertItem(source, sourceId, fileId, filename, metadata, new Date().toISOString());
      if (dropReservation !== undefined && dropReservation !== fileId) {
        this.#sql("UPDATE items SET file_id = ? WHERE file_id = ?").run(
          fileId,
          dropReservation,
        );
        this.#sql("DELETE FROM albums WHERE file_id = ?").run(dropReservation);
        this.#sql("DELETE FROM files WHERE id = ? AND state = 'reserved'").run(
          dropReservation,
        );
      }
      this.#sql("DELETE FROM pending WHERE source = ? AND source_id = ?").run(
        source,
        sourceId,
      );
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Records album membership of a file. */
  addAlbums(fileId: number, albums: readonly string[]): void {
    const insert = this.#sql("INSERT OR IGNORE INTO albums (album, file_id) VALUES (?, ?)");
    for (const album of albums) insert.run(album, fileId);
  }

  /** Album name → library-relative paths of its done files. */
  albumLinks(): { album: string; relPath: string }[] {
    return (this.#sql(
      `SELECT a.album AS album, f.rel_path AS rel_path FROM albums a JOIN files f ON f.id = a.file_id
       WHERE f.state = 'done' ORDER BY a.album, f.rel_path`,
    ).all() as Row[]).map((r) => ({ album: String(r.album), relPath: String(r.rel_path) }));
  }

  /** Remembers an item that is not ready yet (a video still processing). */
  markPending(source: SourceName, sourceId: string, filename: string): void {
    this.#sql(
      `INSERT INTO pending (source, source_id, filename, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source, source_id) DO UPDATE SET seen_at = excluded.seen_at`,
    ).run(source, sourceId, filename, new Date().toISOString());
  }

  /** Gives a file a new path (layout migration). */
  moveFile(fileId: number, relPath: string, nameKey: string): void {
    this.#sql("UPDATE files SET rel_path = ?, name_key = ? WHERE id = ?").run(
      relPath,
      nameKey,
      fileId,
    );
  }

  /** Every file row, done or reserved, for `verify`. */
  allFiles(): FileRow[] {
    return (this.#sql("SELECT * FROM files ORDER BY rel_path").all() as Row[]).map(
      toFileRow,
    );
  }

  /** The source items that map to a file (for `verify --repair`). */
  itemsOfFile(fileId: number): { source: SourceName; sourceId: string }[] {
    return (this.#sql("SELECT source, source_id FROM items WHERE file_id = ?").all(
      fileId,
    ) as Row[]).map((r) => ({ source: r.source as SourceName, sourceId: String(r.source_id) }));
  }

  /** Records a temp file before it is created, so a crash leaves a trail to clean. */
  addTemp(path: string): void {
    this.#sql("INSERT OR REPLACE INTO temps (path, created_at) VALUES (?, ?)").run(
      path,
      new Date().toISOString(),
    );
  }

  /** Forgets a temp file (renamed or removed). */
  removeTemp(path: string): void {
    this.#sql("DELETE FROM temps WHERE path = ?").run(path);
  }

  /** Temp files recorded by earlier runs. */
  temps(): string[] {
    return (this.#sql("SELECT path FROM temps").all() as Row[]).map((r) => String(r.path));
  }

  /** Starts a run record; returns its id. */
  startRun(command: string): number {
    const info = this.#sql("INSERT INTO runs (command, started_at) VALUES (?, ?)").run(
      command,
      new Date().toISOString(),
    );
    return Number(info.lastInsertRowid);
  }

  /** Ends a run record with its exit code and counts. */
  finishRun(runId: number, exitCode: number, summary: Record<string, number>): void {
    this.#sql(
      "UPDATE runs SET finished_at = ?, exit_code = ?, summary = ? WHERE id = ?",
    ).run(new Date().toISOString(), exitCode, JSON.stringify(summary), runId);
  }

  /** Whether a Takeout set (by key) was fully imported. */
  isImportSetDone(key: string): boolean {
    return this.#sql("SELECT 1 FROM import_sets WHERE key = ? AND status = 'done'").get(
      key,
    ) !== undefined;
  }

  /** Records the outcome of importing a Takeout set. */
  recordImportSet(
    key: string,
    info: { parts: string[]; bytes: number; status: "done" | "failed"; detail?: string },
  ): void {
    this.#sql(
      `INSERT OR REPLACE INTO import_sets (key, parts, bytes, status, detail, finished_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      key,
      JSON.stringify(info.parts),
      info.bytes,
      info.status,
      info.detail ?? null,
      new Date().toISOString(),
    );
  }

  /** Reads a small piece of persistent state (e.g. an open Picker session). */
  getState(key: string): string | undefined {
    const row = this.#sql("SELECT value FROM state WHERE key = ?").get(key) as
      | Row
      | undefined;
    return row ? String(row.value) : undefined;
  }

  /** Writes (or with `undefined`, deletes) a piece of persistent state. */
  setState(key: string, value: string | undefined): void {
    if (value === undefined) {
      this.#sql("DELETE FROM state WHERE key = ?").run(key);
    } else {
      this.#sql("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)").run(key, value);
    }
  }

  /** The newest capture day among done files of a source, ISO-8601, for "what to pick next". */
  newestCapture(source: SourceName): string | undefined {
    const row = this.#sql(
      `SELECT MAX(f.capture_time) AS t FROM files f JOIN items i ON i.file_id = f.id
       WHERE f.state = 'done' AND i.source = ?`,
    ).get(source) as Row | undefined;
    return row?.t ? String(row.t) : undefined;
  }

  /** Counts and sizes per year and source, the last run, pending items. */
  statusReport(): StatusReport {
    const perYear = (this.#sql(
      `SELECT COALESCE(substr(capture_time, 1, 4), 'unknown') AS year, COUNT(*) AS n,
              COALESCE(SUM(size), 0) AS b
       FROM files WHERE state = 'done' GROUP BY year ORDER BY year`,
    ).all() as Row[]).map((r) => ({
      year: String(r.year),
      items: Number(r.n),
      bytes: Number(r.b),
    }));
    const perSource = (this.#sql(
      `SELECT s.source AS source, COUNT(*) AS n, COALESCE(SUM(f.size), 0) AS b
       FROM files f JOIN (SELECT file_id, MIN(source) AS source FROM items GROUP BY file_id) s
         ON s.file_id = f.id
       WHERE f.state = 'done' GROUP BY s.source ORDER BY s.source`,
    ).all() as Row[]).map((r) => ({
      source: String(r.source),
      items: Number(r.n),
      bytes: Number(r.b),
    }));
    const pending = Number(
      (this.#sql("SELECT COUNT(*) AS n FROM pending").get() as Row).n,
    );
    const totals = this.#sql(
      "SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS b FROM files WHERE state = 'done'",
    ).get() as Row;
    const run = this.#sql("SELECT * FROM runs ORDER BY id DESC LIMIT 1").get() as
      | Row
      | undefined;
    const lastRun: RunRecord | undefined = run
      ? {
        command: String(run.command),
        startedAt: String(run.started_at),
        ...(run.finished_at ? { finishedAt: String(run.finished_at) } : {}),
        ...(run.exit_code !== null ? { exitCode: Number(run.exit_code) } : {}),
        ...(run.summary ? { summary: JSON.parse(String(run.summary)) } : {}),
      }
      : undefined;
    return {
      perYear,
      perSource,
      pending,
      lastRun,
      totalItems: Number(totals.n),
      totalBytes: Number(totals.b),
    };
  }

  /** SQLite's own consistency check: "ok" or the problems it found. */
  integrityCheck(): string {
    const rows = this.#sql("PRAGMA integrity_check").all() as Row[];
    return rows.map((r) => String(Object.values(r)[0])).join("; ");
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

/** The index file of a library. */
export function indexPath(dest: string): string {
  return join(dest, STATE_DIR, "index.sqlite");
}

/**
 * Opens (creating when needed) the index of the library at `dest`. `readonly` opens an existing
 * index without creating anything (for `status`, `verify` and dry runs); `memory` gives an empty
 * throwaway index (a dry run against a library that does not exist yet).
 */
export function openIndex(
  dest: string,
  options: { readonly?: boolean; memory?: boolean } = {},
): LibraryIndex {
  if (options.memory) {
    const db = new DatabaseSync(":memory:");
    db.exec(SCHEMA);
    return new LibraryIndex(db);
  }
  const path = indexPath(dest);
  if (!options.readonly) Deno.mkdirSync(join(dest, STATE_DIR), { recursive: true });
  const db = new DatabaseSync(path, { readOnly: options.readonly ?? false });
  // A NAS loses power; FULL makes a committed `done` row survive it, and WAL keeps readers cheap.
  db.exec("PRAGMA busy_timeout = 5000");
  try {
    if (!options.readonly) {
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
      db.exec(SCHEMA);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return new LibraryIndex(db);
}
