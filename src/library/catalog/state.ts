/**
 * Small named values that must outlive a run: the library's layout, an open Picker session.
 *
 * @module
 */
import type { Statements } from "./statements.ts";

/** Key-value state kept in the index. */
export class State {
  readonly #db: Statements;

  /** @internal built by `openCatalog` */
  constructor(db: Statements) {
    this.#db = db;
  }

  /** Reads a value, or `undefined` when none is stored. */
  get(key: string): string | undefined {
    const row = this.#db.sql("SELECT value FROM state WHERE key = ?").get(key);
    return row ? String(row.value) : undefined;
  }

  /** Writes a value, or with `undefined` deletes it. */
  set(key: string, value: string | undefined): void {
    if (value === undefined) {
      this.#db.sql("DELETE FROM state WHERE key = ?").run(key);
    } else {
      this.#db.sql("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)").run(key, value);
    }
  }
}
