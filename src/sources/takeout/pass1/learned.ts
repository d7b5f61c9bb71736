/**
 * Where pass 1 of a Takeout import keeps what it learns: a private temporary SQLite database (one
 * per export), not JS objects, so an import's memory stays flat in the number of files. It holds
 * every entry of the set (its part, path, size, and what it is), each sidecar's kept fields, and the
 * items the copies of a file merge into (keyed `name|size|taken`, with their albums).
 *
 * The database is a file in the temp folder (`TMPDIR`, else `/tmp`), named after the process,
 * removed when the export's import closes it; one a killed process left behind is removed by the
 * next import (its process is gone). Its page cache is capped, the rest spills to that file. It is
 * not SQLite's own unnamed temporary database: Deno refuses an empty path (and ATTACH) to a
 * program without every permission, which the shipped binary is; nor is it unlinked while open,
 * since SQLite then refuses to write it ("attempt to write a readonly database"). It is not a TEMP table of the library's index: a source
 * knows nothing of the library (data flows one way), and the writer's batched transactions on the
 * index connection must not interleave with pass 1's.
 *
 * @module
 */
import { dirname } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { readFolderSync } from "../../../library/disk/walk.ts";

/** What an entry is to the import. */
export const OTHER = 0, MEDIA = 1, SIDECAR = 2;

/** Pages SQLite may keep in memory for the temporary database (KiB, negative: a size). */
const CACHE_KIB = 4096;

const SCHEMA = `
  CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    part INTEGER NOT NULL,   -- index of its part in the set
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    crc INTEGER,             -- media of a zip part: CRC-32 and where its bytes are (a ZipSpot),
    at INTEGER,              -- so pass 2 rebuilds its reader instead of keeping one per file
    method INTEGER,
    csize INTEGER,
    encrypted INTEGER,
    kind INTEGER NOT NULL,   -- OTHER, MEDIA, SIDECAR
    folder TEXT,             -- media and sidecars: folder and file name inside the archive
    name TEXT,
    data TEXT,               -- sidecar: its kept fields, as JSON (read back for the record only)
    title TEXT,              -- sidecar: its title, when a string (the pairing rule reads it)
    taken TEXT,              -- sidecar: its photoTakenTime.timestamp, as text
    trashed INTEGER,         -- sidecar: 1 when its trashed flag is true
    exif TEXT,               -- media of a tar part: EXIF DateTimeOriginal read as it passed by
    sidecar INTEGER,         -- media: the sidecar entry it met
    item INTEGER             -- media: the item it is a copy of
  );
  CREATE INDEX entry_by_folder ON entry (kind, folder);
  CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE, -- name|size|taken: the copies of one file share it
    source_id TEXT NOT NULL,  -- the Takeout key it is stored under
    primary_entry INTEGER NOT NULL,
    albums TEXT NOT NULL,     -- JSON array, in the order met
    trash_only INTEGER NOT NULL,
    sidecar INTEGER,          -- the sidecar entry its first copy met
    exif TEXT,
    half TEXT                 -- 'still' or 'video' for a half of a live photo
  );
  CREATE TABLE wanted (       -- what the import's after-run check looks for (set by its hearer)
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL,
    detail TEXT
  );
`;

/** The temporary database of one export's pass 1. */
export class LearnedStore {
  readonly #db: DatabaseSync;
  readonly #path: string;
  readonly #statements = new Map<string, StatementSync>();
  /** An exclusive flock on the file while it is in use: what tells another import it is not left. */
  readonly #held: Deno.FsFile;
  #closed = false;

  constructor() {
    this.#path = Deno.makeTempFileSync({ prefix: `${PREFIX}${Deno.pid}-`, suffix: ".sqlite" });
    this.#held = Deno.openSync(this.#path, { read: true, write: true });
    this.#held.lockSync(true);
    removeOrphans(dirname(this.#path));
    try {
      this.#db = new DatabaseSync(this.#path);
      this.#db.exec(`PRAGMA cache_size = -${CACHE_KIB}; PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;`);
      this.#db.exec(SCHEMA);
    } catch (error) {
      Deno.removeSync(this.#path);
      this.#held.close();
      throw error;
    }
    // One transaction for the whole pass: nothing here needs to survive a crash.
    this.#db.exec("BEGIN");
  }

  /** A prepared statement, kept for reuse. */
  sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) this.#statements.set(text, statement = this.#db.prepare(text));
    return statement;
  }

  /** Runs `text` once (schema changes, bulk updates); resolves to the rows it changed. */
  run(text: string, ...params: SQLInputValue[]): number {
    return Number(this.#db.prepare(text).run(...params).changes);
  }

  /** Rows of `text` read page by page (by `id`), so a whole table is never in memory at once. */
  *pages(
    text: string,
    params: SQLInputValue[] = [],
    size = 512,
  ): Generator<Record<string, SQLInputValue>> {
    let after = 0;
    while (true) {
      const rows = this.sql(text).all(...params, after, size) as Record<string, SQLInputValue>[];
      for (const row of rows) yield row;
      if (rows.length < size) return;
      after = Number(rows[rows.length - 1].id);
    }
  }

  /** Closes and deletes the database; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.#db.close();
    try {
      Deno.removeSync(this.#path);
    } catch {
      // Already gone (a temp folder cleaner): nothing to leave behind.
    }
    this.#held.close();
  }
}

const PREFIX = "gphotos-nas-pass1-";

/**
 * A pass-1 database younger than this is never taken for left behind: between its creation and its
 * flock an import holds no lock on it yet (two imports starting together removed each other's).
 */
const SETTLING_MS = 60_000;

/**
 * Removes the pass-1 databases in `dir` whose import is gone (killed before it closed them): the
 * ones whose flock can be taken, since the kernel drops a flock when its holder dies, and that are
 * not brand new (see {@linkcode SETTLING_MS}). Not by pid: the binary may not look into another
 * process's `/proc` entry ("Requires all access"), and a pid is reused.
 */
function removeOrphans(dir: string): void {
  for (const entry of readFolderSync(dir)) {
    if (!entry.isFile || !entry.name.startsWith(PREFIX)) continue;
    const path = `${dir}/${entry.name}`;
    try {
      using file = Deno.openSync(path, { read: true, write: true });
      const age = Date.now() - (file.statSync().mtime?.getTime() ?? Date.now());
      if (age > SETTLING_MS && file.tryLockSync(true)) Deno.removeSync(path);
    } catch {
      // Another user's file, or another import removed it first: not ours to remove.
    }
  }
}
