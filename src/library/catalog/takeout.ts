/**
 * Takeout bookkeeping: the outcome of each import of an export, and each part of an export on its
 * own (size, mtime, when it was read, what it holds), so that a part arriving later is imported
 * when it arrives and `--delete-after` knows what each part still holds that the library lacks.
 *
 * @module
 */
import type { Row, Statements } from "./statements.ts";

/** The outcome of importing one Takeout set. */
export interface ImportSetOutcome {
  /** The archive paths of the set. */
  parts: string[];
  /** Their total size in bytes. */
  bytes: number;
  /** `done` only when every file of the set is in the library. */
  status: "done" | "failed";
  /** Why it failed. */
  detail?: string;
}

/** Takeout sets recorded in the index. */
export class TakeoutSets {
  readonly #db: Statements;

  /** @internal built by `openCatalog` */
  constructor(db: Statements) {
    this.#db = db;
  }

  /** Whether a Takeout set (by key) was fully imported. */
  isImportSetDone(key: string): boolean {
    return this.#db.sql("SELECT 1 FROM import_sets WHERE key = ? AND status = 'done'").get(
      key,
    ) !== undefined;
  }

  /** Records the outcome of importing a Takeout set, replacing an earlier one. */
  recordImportSet(key: string, outcome: ImportSetOutcome): void {
    this.#db.sql(
      `INSERT OR REPLACE INTO import_sets (key, parts, bytes, status, detail, finished_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(
      key,
      JSON.stringify(outcome.parts),
      outcome.bytes,
      outcome.status,
      outcome.detail ?? null,
      new Date().toISOString(),
    );
  }

  /**
   * Of `sourceIds` (Takeout keys), the ones the library holds as a done file, with that file's
   * path and recorded size: one query for the whole batch, not one lookup per entry.
   */
  doneFiles(sourceIds: readonly string[]): Map<string, { relPath: string; size: number }> {
    const rows = this.#db.sql(
      // CROSS JOIN keeps the batch outside: SQLite's own order walked every Takeout item and
      // scanned the batch for each, quadratic in the library.
      `SELECT i.source_id, f.rel_path, f.size FROM json_each(?) j
       CROSS JOIN items i ON i.source = 'takeout' AND i.source_id = j.value
       JOIN files f ON f.id = i.file_id
       WHERE f.state = 'done'`,
    ).all(JSON.stringify(sourceIds)) as Row[];
    return new Map(
      rows.map((r) => [String(r.source_id), { relPath: String(r.rel_path), size: Number(r.size) }]),
    );
  }

  /** Every recorded Takeout set with its outcome (the web console's inbox view). */
  importSets(): { key: string; status: string; detail?: string }[] {
    return (this.#db.sql("SELECT key, status, detail FROM import_sets ORDER BY key").all() as Row[])
      .map((r) => ({
        key: String(r.key),
        status: String(r.status),
        ...(r.detail ? { detail: String(r.detail) } : {}),
      }));
  }
}

/** What one entry of a part is to the library. */
export type EntryRole = "media" | "sidecar" | "other";

/** Each role's number in the index (schema 12): its place here. */
const ROLES: readonly EntryRole[] = ["media", "sidecar", "other"];

/** One entry of a Takeout part, as the last read of the part found it. */
export interface PartEntry {
  /** Path inside the archive. */
  path: string;
  /** Uncompressed size. */
  size: number;
  /** Media, sidecar, or Takeout's own file. */
  role: EntryRole;
  /** Media: the Takeout key of the item it became. */
  sourceId?: string;
  /** Sidecar: whether it dated some media of its export. */
  used?: boolean;
}

/** A Takeout part as the index knows it. */
export interface PartRecord {
  /** Absolute path of the archive. */
  path: string;
  /** The export it belongs to (`takeout-<timestamp>`). */
  exportKey: string;
  /** Size when last seen. */
  size: number;
  /** Modification time when last seen, ms since the epoch. */
  mtimeMs: number;
  /** When this size and mtime were first seen. */
  seenAt: Date;
  /** When its entries were read into the library; unset until then, and again once it changed. */
  importedAt?: string;
  /** When `--delete-after` removed it. */
  deletedAt?: string;
}

function toPart(row: Row): PartRecord {
  return {
    path: String(row.path),
    exportKey: String(row.export_key),
    size: Number(row.size),
    mtimeMs: Number(row.mtime_ms),
    seenAt: new Date(String(row.seen_at)),
    importedAt: row.imported_at === null ? undefined : String(row.imported_at),
    deletedAt: row.deleted_at === null ? undefined : String(row.deleted_at),
  };
}

/** Takeout parts one by one, with their entries (schema 2). */
export class TakeoutParts {
  readonly #db: Statements;
  readonly #present: boolean;

  /** @internal built by `openCatalog`; `present` is false in an older index opened read-only. */
  constructor(db: Statements, present: boolean) {
    this.#db = db;
    this.#present = present;
  }

  /** The part at `path`, if it was ever seen. */
  part(path: string): PartRecord | undefined {
    if (!this.#present) return undefined;
    const row = this.#db.sql("SELECT * FROM takeout_parts WHERE path = ?").get(path);
    return row ? toPart(row as Row) : undefined;
  }

  /** Every part of an export ever seen, deleted ones included. */
  partsOf(exportKey: string): PartRecord[] {
    if (!this.#present) return [];
    return (this.#db.sql("SELECT * FROM takeout_parts WHERE export_key = ? ORDER BY path")
      .all(exportKey) as Row[]).map(toPart);
  }

  /**
   * Notes a part's size and mtime as seen `now`. A part that differs from what was seen before is
   * a new part: its quiet period starts again and it must be read again.
   */
  observe(path: string, exportKey: string, size: number, mtimeMs: number, now: Date): PartRecord {
    const known = this.part(path);
    if (known && known.size === size && known.mtimeMs === mtimeMs && !known.deletedAt) return known;
    this.#db.sql(
      `INSERT OR REPLACE INTO takeout_parts (path, export_key, size, mtime_ms, seen_at)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(path, exportKey, size, mtimeMs, now.toISOString());
    return this.part(path)!;
  }

  /**
   * Replaces what the index knows of a part's entries, and marks it read. Each entry's folder is
   * stored once (`takeout_folders`) and the entry keeps its name in it.
   */
  recordEntries(path: string, entries: Iterable<PartEntry>, imported: boolean): void {
    this.#db.transaction(() => {
      const id = this.#db.sql("SELECT id FROM takeout_parts WHERE path = ?").get(path)?.id;
      if (id === undefined) throw new Error(`Cannot record the entries of ${path}: not observed`);
      this.#db.sql("DELETE FROM takeout_part_entries WHERE part_id = ?").run(id);
      const insert = this.#db.sql(
        `INSERT OR REPLACE INTO takeout_part_entries (part_id, folder_id, name, size, role,
           source_id, used) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const folders = new Map<string, number>();
      for (const e of entries) {
        const cut = e.path.lastIndexOf("/") + 1;
        const folder = e.path.slice(0, cut);
        let folderId = folders.get(folder);
        if (folderId === undefined) folders.set(folder, folderId = this.#folderId(folder));
        const used = e.used ? 1 : 0;
        const role = ROLES.indexOf(e.role);
        insert.run(id, folderId, e.path.slice(cut), e.size, role, e.sourceId ?? null, used);
      }
      if (imported) {
        this.#db.sql("UPDATE takeout_parts SET imported_at = ? WHERE id = ?").run(
          new Date().toISOString(),
          id,
        );
      }
    });
  }

  /** The id of a folder of the archives (its path up to and including its last `/`). */
  #folderId(folder: string): number {
    this.#db.sql("INSERT OR IGNORE INTO takeout_folders (path) VALUES (?)").run(folder);
    return Number(this.#db.sql("SELECT id FROM takeout_folders WHERE path = ?").get(folder)?.id);
  }

  /** The entries of a part as last read. */
  entries(path: string): PartEntry[] {
    return (this.#db.sql(
      `SELECT f.path || e.name AS path, e.size, e.role, e.source_id, e.used
       FROM takeout_part_entries e JOIN takeout_parts p ON p.id = e.part_id
       JOIN takeout_folders f ON f.id = e.folder_id
       WHERE p.path = ? ORDER BY 1`,
    ).all(path) as Row[]).map((r) => ({
      path: String(r.path),
      size: Number(r.size),
      role: ROLES[Number(r.role)],
      sourceId: r.source_id === null ? undefined : String(r.source_id),
      used: Number(r.used) === 1,
    }));
  }

  /** Records that `--delete-after` removed a part. */
  markDeleted(path: string): void {
    this.#db.sql("UPDATE takeout_parts SET deleted_at = ? WHERE path = ?").run(
      new Date().toISOString(),
      path,
    );
  }
}
