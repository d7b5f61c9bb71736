/**
 * The index's tables and their versions. `PRAGMA user_version` holds the version an index was
 * written with; {@linkcode MIGRATIONS} lists, in order, what brings an index from one version to
 * the next. Version 1 is the schema gphotos-nas wrote before versions existed (user_version 0),
 * written with `IF NOT EXISTS`, so it creates a new index and adopts such an old one alike.
 *
 * @module
 */
import { UsageError } from "../../errors.ts";
import type { Statements } from "./statements.ts";

const V1 = `
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

/**
 * Version 2: Takeout parts one by one (an export's parts arrive minutes to hours apart), what each
 * part holds, and files placed without their sidecar (provisional), which a later sidecar moves.
 */
const V2 = `
ALTER TABLE files ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
CREATE TABLE takeout_parts (
  path TEXT PRIMARY KEY,
  export_key TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  seen_at TEXT NOT NULL,
  imported_at TEXT,
  deleted_at TEXT
);
CREATE INDEX takeout_parts_export ON takeout_parts (export_key);
CREATE TABLE takeout_entries (
  part_path TEXT NOT NULL REFERENCES takeout_parts (path) ON DELETE CASCADE,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('media', 'sidecar', 'other')),
  source_id TEXT,
  used INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (part_path, path)
);
`;

/**
 * Version 3, XMP sidecars: the SHA-256 of the sidecar gphotos-nas last wrote for a file (so it
 * knows its own sidecar from one another program rewrote, and when the metadata changed), and the
 * UTC offset of the place where a file was captured, when known (EXIF `OffsetTimeOriginal`), and
 * the zone that chose its day folder (so a layout migration keeps each file's day).
 */
const V3 = `
CREATE TABLE sidecars (
  file_id INTEGER PRIMARY KEY REFERENCES files (id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL,
  written_at TEXT NOT NULL
);
ALTER TABLE files ADD COLUMN capture_offset INTEGER;
ALTER TABLE files ADD COLUMN day_zone TEXT;
`;

/**
 * Version 4, motion and live photos: the two halves of one memory (an iPhone's `IMG_1234.HEIC` and
 * `IMG_1234.MOV`, a Pixel's `PXL_….MP.jpg` and `PXL_….MP`), and photos that carry their video
 * inside (a `GCamera:MotionPhoto` JPEG), recorded as a pair of the file with itself.
 */
const MOTION_PAIRS = `
CREATE TABLE motion_pairs (
  still_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  video_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  PRIMARY KEY (still_id, video_id)
);
CREATE INDEX motion_pairs_video ON motion_pairs (video_id);
`;

/**
 * Version 5: Google's copies that an original replaced, kept under `.gphotos-nas/superseded/`: where
 * each is, its size and SHA-256, the file whose original took its place, and when, so that
 * `gc --superseded` or a configured age removes only what it recorded, and only while the original
 * is in the library.
 */
const SUPERSEDED = `
CREATE TABLE superseded (
  rel_path TEXT PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  superseded_at TEXT NOT NULL
);
CREATE INDEX superseded_at ON superseded (superseded_at);
`;

/**
 * Version 6: an index of album memberships by file: every XMP sidecar written names its file's albums, and a
 * file that turns out to hold the same bytes as another drops its own; without it each of those
 * read the whole albums table, which in a lifetime library holds hundreds of thousands of rows.
 */
const ALBUMS_BY_FILE = `
CREATE INDEX albums_file ON albums (file_id);
`;

/**
 * Version 7: the CRC-32 of the bytes an item was read from, as its archive's directory declares it (Takeout zip
 * parts): with its name, size and capture time, what recognises a known entry without reading it,
 * so that a changed file with the same name, size and time is read and stored, never skipped.
 */
const ITEM_CRC32 = `
ALTER TABLE items ADD COLUMN crc32 INTEGER;
`;

/**
 * The accounts of a household (`--account`): which accounts have each file (a photo two members
 * share is stored once and had by both) and whose run each backup, pick or import was. Everything
 * recorded before belongs to the account `default`.
 */
const ACCOUNTS = `
CREATE TABLE file_accounts (
  file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  PRIMARY KEY (file_id, account)
) WITHOUT ROWID;
INSERT INTO file_accounts (file_id, account) SELECT id, 'default' FROM files;
ALTER TABLE runs ADD COLUMN account TEXT;
UPDATE runs SET account = 'default' WHERE command IN ('backup', 'pick', 'import');
`;

/**
 * Takeout parts by number: each entry of a part named its part by the part's full path (a
 * 60-byte path repeated in each of 100,000 rows, and in the key's index), about a third of the
 * index's bytes per item. Parts get an `id` (an INTEGER PRIMARY KEY, which VACUUM keeps), and
 * their entries refer to it, in a table keyed by (part, path) with no rowid of its own, so the key
 * is stored once. Replacing a part (a changed file) still drops its entries (ON DELETE CASCADE).
 */
const TAKEOUT_ENTRIES_BY_PART = `
CREATE TABLE takeout_parts_by_id (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  export_key TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  seen_at TEXT NOT NULL,
  imported_at TEXT,
  deleted_at TEXT
);
INSERT INTO takeout_parts_by_id (path, export_key, size, mtime_ms, seen_at, imported_at, deleted_at)
  SELECT path, export_key, size, mtime_ms, seen_at, imported_at, deleted_at FROM takeout_parts
  ORDER BY path;
CREATE TABLE takeout_part_entries (
  part_id INTEGER NOT NULL REFERENCES takeout_parts_by_id (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('media', 'sidecar', 'other')),
  source_id TEXT,
  used INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (part_id, path)
) WITHOUT ROWID;
INSERT INTO takeout_part_entries (part_id, path, size, role, source_id, used)
  SELECT p.id, e.path, e.size, e.role, e.source_id, e.used
  FROM takeout_entries e JOIN takeout_parts_by_id p ON p.path = e.part_path;
DROP TABLE takeout_entries;
DROP TABLE takeout_parts;
ALTER TABLE takeout_parts_by_id RENAME TO takeout_parts;
CREATE INDEX takeout_parts_export ON takeout_parts (export_key);
`;

/**
 * A leaner index (a million items took 1.5 KB each): `items_source_id` repeated what the primary
 * key (source, source_id) already finds (a lookup names its sources), and content is found by the
 * first 16 hex digits of the SHA-256 with the size (then the whole digest compared), not by all 64
 * in an index of its own.
 */
const LEANER_INDEXES = `
DROP INDEX IF EXISTS items_source_id;
DROP INDEX IF EXISTS files_sha;
CREATE INDEX files_content ON files (substr(sha256, 1, 16), size);
`;

/**
 * Version 11: superseded copies by file: deleting a file row (a reservation dropped for a duplicate,
 * once per such file in an import) cascades into `superseded`, which without it was read whole.
 */
const SUPERSEDED_BY_FILE = `
CREATE INDEX superseded_file ON superseded (file_id);
`;

/**
 * Version 12: each Takeout entry repeated its folder's path (`Takeout/Google Photos/Photos from
 * 2015/`, twice per photo: media and sidecar), a sixth of the index. `takeout_folders` holds each
 * once (up to and including its last `/`, which `rtrim(path, <path without '/'>)` finds, so an
 * entry's path is its folder's and its name); entries name it by id, and their role by number (0
 * media, 1 sidecar, 2 other: SQLite stores 0 and 1 in no bytes, 'sidecar' took seven).
 */
const TAKEOUT_ENTRIES_BY_FOLDER = `
CREATE TABLE takeout_folders (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
INSERT INTO takeout_folders (path)
  SELECT DISTINCT rtrim(path, replace(path, '/', '')) FROM takeout_part_entries ORDER BY 1;
CREATE TABLE takeout_folder_entries (
  part_id INTEGER NOT NULL REFERENCES takeout_parts (id) ON DELETE CASCADE,
  folder_id INTEGER NOT NULL REFERENCES takeout_folders (id),
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  role INTEGER NOT NULL CHECK (role IN (0, 1, 2)),
  source_id TEXT,
  used INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (part_id, folder_id, name)
) WITHOUT ROWID;
INSERT INTO takeout_folder_entries (part_id, folder_id, name, size, role, source_id, used)
  SELECT e.part_id, f.id, substr(e.path, length(f.path) + 1), e.size,
    CASE e.role WHEN 'media' THEN 0 WHEN 'sidecar' THEN 1 ELSE 2 END, e.source_id, e.used
  FROM takeout_part_entries e JOIN takeout_folders f
    ON f.path = rtrim(e.path, replace(e.path, '/', ''));
DROP TABLE takeout_part_entries;
ALTER TABLE takeout_folder_entries RENAME TO takeout_part_entries;
`;

/**
 * The SQL that brings an index to version `i + 1`, for each `i`. Only ever append: a step that
 * shipped is what older indexes on NAS boxes will run, so it must never change.
 */
export const MIGRATIONS: readonly string[] = [
  V1,
  V2,
  V3,
  MOTION_PAIRS,
  SUPERSEDED,
  ALBUMS_BY_FILE,
  ITEM_CRC32,
  ACCOUNTS,
  TAKEOUT_ENTRIES_BY_PART,
  LEANER_INDEXES,
  SUPERSEDED_BY_FILE,
  TAKEOUT_ENTRIES_BY_FOLDER,
];

/** The schema version this program writes. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/**
 * Refuses an index written by a newer program: its tables may mean things this one does not know,
 * and writing to them could lose what the newer one recorded. Returns the version the index was
 * written with (0: before versions existed, or a new empty file).
 */
export function checkSchema(db: Statements, path: string): number {
  const version = Number(db.sql("PRAGMA user_version").get()?.user_version);
  if (version > SCHEMA_VERSION) {
    throw new UsageError(
      `Cannot open index ${path}: it was written by a newer gphotos-nas (schema ${version}); ` +
        "upgrade the program",
    );
  }
  return version;
}

/**
 * Brings an index at version `from` up to {@linkcode SCHEMA_VERSION}. Each step and its new
 * version number commit together, so a run killed mid-migration leaves the index at the last whole
 * version.
 */
export function migrate(db: Statements, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}
