/**
 * The one connection to the index and its prepared statements, shared by every part of the catalog.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { libraryIoError } from "../disk/fs_errors.ts";

/** A row as `node:sqlite` returns it. */
export type Row = Record<string, SQLInputValue>;

/** An open index database with a cache of prepared statements. */
export class Statements {
  readonly #db: DatabaseSync;
  readonly #prepared = new Map<string, StatementSync>();
  /** Deferred work so far, counted (see {@linkcode Statements.deferred}). */
  #seq = 0;
  /** The count of deferred work on disk. */
  #synced = 0;

  /** The write-ahead log's file, synced by {@linkcode Statements.durable} (none: in memory). */
  readonly #log?: string;

  /** Wraps an open database (`log`: its write-ahead log file); the catalog owns it and closes it. */
  constructor(db: DatabaseSync, log?: string) {
    this.#db = db;
    this.#log = log;
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

  /** The SQL of every statement prepared so far, in order (the plan test reads their plans). */
  preparedSql(): string[] {
    return [...this.#prepared.keys()];
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
    // Prepared once like any statement: compiling these per call cost a run 3% of its time.
    this.sql("BEGIN IMMEDIATE").run();
    try {
      const result = work();
      this.sql("COMMIT").run();
      return result;
    } catch (error) {
      // SQLite rolls back by itself on some failures (a full disk): a second ROLLBACK would throw
      // "no transaction is active" and hide the real cause.
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  /**
   * Runs `work` (synchronous) with its commits deferred: SQLite's NORMAL sync, so each commit is
   * atomic and survives the process being killed, but reaches the disk only with the next
   * {@linkcode Statements.durable} commit (a power cut may lose it). Outside such work, every commit
   * is FULL as the index is opened.
   */
  deferred<T>(work: () => T): T {
    this.sql("PRAGMA synchronous = NORMAL").run();
    try {
      return work();
    } finally {
      this.#seq++;
      this.sql("PRAGMA synchronous = FULL").run();
    }
  }

  /** How many deferred works ran so far: a mark to wait for with {@linkcode Statements.synced}. */
  get seq(): number {
    return this.#seq;
  }

  /** How many of them are on disk (the count at the last durable commit). */
  get synced(): number {
    return this.#synced;
  }

  /**
   * Runs each of `works` in one transaction, each in its own savepoint so that one failing leaves
   * the others recorded, then syncs the write-ahead log, which brings every deferred commit before
   * it to the disk too. Resolves to each work's error, or undefined. The sync runs off the main
   * thread (a FULL commit would block every download while the disk answers); nothing waiting on
   * it is told done before it ends. With nothing to record and nothing deferred, writes nothing.
   */
  async durable(works: readonly (() => void)[]): Promise<unknown[]> {
    if (works.length === 0 && this.#synced === this.#seq) return [];
    const errors: unknown[] = [];
    // Nothing to record: only the deferred commits already in the log need the sync.
    if (works.length > 0) {
      this.deferred(() =>
        this.transaction(() => {
          for (const work of works) {
            this.sql("SAVEPOINT one").run();
            try {
              work();
              this.sql("RELEASE one").run();
              errors.push(undefined);
            } catch (error) {
              this.#db.exec("ROLLBACK TO one; RELEASE one");
              errors.push(error);
            }
          }
        })
      );
    }
    const upTo = this.#seq;
    if (this.#log) {
      try {
        using log = Deno.openSync(this.#log, { read: true });
        await log.syncData();
      } catch (error) {
        // No log file (no WAL on this filesystem): SQLite synced the database file at commit.
        // Any other failed open or sync of the log is the index's disk: one line naming it.
        if (!(error instanceof Deno.errors.NotFound)) {
          throw libraryIoError(error, this.#log) ?? error;
        }
      }
    }
    this.#synced = Math.max(this.#synced, upTo);
    return errors;
  }

  /** Whether the database is still open. */
  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  /** Closes the database (again is fine). */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
