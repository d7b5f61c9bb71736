/**
 * The one connection to the index and its prepared statements, shared by every part of the catalog.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";

/** A row as `node:sqlite` returns it. */
export type Row = Record<string, SQLInputValue>;

/** An open index database with a cache of prepared statements. */
export class Statements {
  readonly #db: DatabaseSync;
  readonly #prepared = new Map<string, StatementSync>();

  /** Wraps an open database; the catalog owns it and closes it. */
  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /**
   * A prepared statement, prepared once: statements hold native memory that V8 does not see, so
   * preparing one per call let a 100k-item run grow by hundreds of MiB before any GC.
   */
  sql(text: string): StatementSync {
    let statement = this.#prepared.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#prepared.set(text, statement);
    }
    return statement;
  }

  /** Runs SQL that returns nothing and takes no values: DDL and pragmas. */
  exec(text: string): void {
    this.#db.exec(text);
  }

  /**
   * Runs `work` in one write transaction: all of it is committed, or none of it (a failed
   * reservation must not leave its name taken).
   */
  transaction<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      // SQLite rolls back by itself on some failures (a full disk): a second ROLLBACK would throw
      // "no transaction is active" and hide the real cause.
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /** Closes the database (again is fine). */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
