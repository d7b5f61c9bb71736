/**
 * Takeout set bookkeeping: which exports were imported, so `import --inbox` imports each once.
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
