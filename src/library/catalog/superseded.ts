/**
 * The index's record of Google's copies that an original replaced (`.gphotos-nas/superseded/`):
 * what each copy is, and which file holds the original now. `gc` removes only recorded copies.
 *
 * @module
 */
import type { Row, Statements } from "./statements.ts";

/** One superseded copy, and the original that took its place. */
export interface SupersededCopy {
  /** The copy's path relative to DEST (under `.gphotos-nas/superseded/`). */
  relPath: string;
  /** The copy's size in bytes. */
  size: number;
  /** The copy's SHA-256. */
  sha256: string;
  /** When the original replaced it, ISO-8601. */
  supersededAt: string;
  /** The file that holds the original. */
  original: {
    /** Path relative to DEST. */
    relPath: string;
    /** `done` once its bytes are in place. */
    state: string;
    /** Size in bytes, as recorded. */
    size: number | null;
    /** SHA-256, as recorded. */
    sha256: string | null;
  };
}

/** Superseded copies in the index. */
export class Superseded {
  readonly #db: Statements;
  readonly #present: boolean;

  /**
   * @internal built by `openCatalog`; `present` is false for an older index opened read-only,
   * which has no table of superseded copies yet (and so records none).
   */
  constructor(db: Statements, present = true) {
    this.#db = db;
    this.#present = present;
  }

  /** Records a copy moved aside for the original now in file `fileId`. */
  record(copy: { relPath: string; size: number; sha256: string }, fileId: number): void {
    this.#db.sql(
      `INSERT INTO superseded (rel_path, file_id, size, sha256, superseded_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (rel_path) DO UPDATE SET file_id = excluded.file_id, size = excluded.size,
         sha256 = excluded.sha256, superseded_at = excluded.superseded_at`,
    ).run(copy.relPath, fileId, copy.size, copy.sha256, new Date().toISOString());
  }

  /**
   * Copies superseded before `before` (all of them when absent), in path order: at most `limit`
   * (all when absent) whose paths sort after `after`. `gc` reads a page at a time (keyset paging on
   * the primary key), so 100,000 copies are never in memory at once.
   */
  list(before?: Date, after = "", limit = -1): SupersededCopy[] {
    if (!this.#present) return [];
    const at = before?.toISOString() ?? null;
    return (this.#db.sql(
      `SELECT s.rel_path, s.size, s.sha256, s.superseded_at, f.rel_path AS original_path,
         f.state, f.size AS original_size, f.sha256 AS original_sha256
       FROM superseded s JOIN files f ON f.id = s.file_id
       WHERE s.rel_path > ? AND (? IS NULL OR s.superseded_at < ?) ORDER BY s.rel_path LIMIT ?`,
    ).all(after, at, at, limit) as Row[]).map((r) => ({
      relPath: String(r.rel_path),
      size: Number(r.size),
      sha256: String(r.sha256),
      supersededAt: String(r.superseded_at),
      original: {
        relPath: String(r.original_path),
        state: String(r.state),
        size: r.original_size === null ? null : Number(r.original_size),
        sha256: r.original_sha256 === null ? null : String(r.original_sha256),
      },
    }));
  }

  /** Whether a path under `superseded/` is recorded. */
  isRecorded(relPath: string): boolean {
    if (!this.#present) return false;
    return this.#db.sql("SELECT 1 FROM superseded WHERE rel_path = ?").get(relPath) !== undefined;
  }

  /** Forgets a copy once its file is removed. */
  forget(relPath: string): void {
    this.forgetAll([relPath]);
  }

  /** Forgets copies whose files are removed, in one transaction (one write of the index). */
  forgetAll(relPaths: readonly string[]): void {
    if (relPaths.length === 0) return;
    this.#db.transaction(() => {
      const drop = this.#db.sql("DELETE FROM superseded WHERE rel_path = ?");
      for (const relPath of relPaths) drop.run(relPath);
    });
  }
}
