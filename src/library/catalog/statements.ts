/**
 * The one connection to the index and its prepared statements, shared by every part of the catalog.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { libraryIoError } from "../disk/fs_errors.ts";

/**
 * Statements that write nothing (or manage transactions themselves); any other statement is taken to
 * write. A word too few only costs a commit.
 */
const READS = /^\s*(SELECT|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|EXPLAIN)\b/i;

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
  /** A transaction holding deferred work is open (see {@linkcode Statements.deferred}). */
  #open = false;
  /** Savepoints inside the open transaction: a transaction there is one more. */
  #nested = 0;
  /** Why nothing can be recorded any more: SQLite rolled deferred work back by itself. */
  #lost: unknown;
  /** The statements that write (see {@linkcode READS}). */
  readonly #writes = new Set<string>();

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
      if (!READS.test(text)) this.#writes.add(text);
    }
    // A write of its own commits FULL as it always did, so deferred work before it goes first.
    if (this.#open && this.#nested === 0 && this.#writes.has(text)) this.#settle();
    return statement;
  }

  /** The SQL of every statement prepared so far, in order (the plan test reads their plans). */
  preparedSql(): string[] {
    return [...this.#prepared.keys()];
  }

  /** Runs SQL that returns nothing and takes no values: DDL and pragmas. */
  exec(text: string): void {
    if (this.#open && this.#nested === 0) this.#settle();
    this.#db.exec(text);
  }

  /**
   * Commits the deferred work open and syncs the log, as a FULL commit would: on disk before
   * anything else is written.
   */
  #settle(): void {
    this.#commit();
    using log = this.#openLog();
    try {
      log?.syncDataSync();
    } catch (error) {
      throw this.#logError(error);
    }
    this.#synced = this.#seq;
  }

  /**
   * Runs `work` in one write transaction: all of it is committed, or none of it (a failed
   * reservation must not leave its name taken). Inside deferred or durable work it is a savepoint of
   * theirs; otherwise it commits FULL, with any deferred work still open.
   */
  transaction<T>(work: () => T): T {
    if (this.#nested > 0) return this.#savepoint("nested", work);
    this.#usable();
    if (this.#open) {
      const result = this.#savepoint("nested", work);
      this.#settle();
      return result;
    }
    // Prepared once like any statement: compiling these per call cost a run 3% of its time.
    this.sql("BEGIN IMMEDIATE").run();
    this.#nested++;
    try {
      const result = work();
      this.sql("COMMIT").run();
      return result;
    } catch (error) {
      // SQLite rolls back by itself on some failures (a full disk): a second ROLLBACK would throw
      // "no transaction is active" and hide the real cause.
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    } finally {
      this.#nested--;
    }
  }

  /**
   * Runs `work` (synchronous) with its commit deferred: it joins one open transaction that the next
   * {@linkcode Statements.durable} commits and syncs (or the next plain transaction, or closing).
   * Until then a killed process loses it, which nothing may rely on: what relies on deferred work
   * (a rename into place, a temp file in a new folder) waits for `durable` first. One transaction
   * for them all, not a commit each: a reservation's own commit wrote its pages to the log again
   * for every file.
   */
  deferred<T>(work: () => T): T {
    if (this.#nested > 0) return this.#savepoint("deferred", work);
    this.#usable();
    this.#begin();
    try {
      return this.#savepoint("deferred", work);
    } finally {
      this.#seq++;
    }
  }

  /** `work` in a savepoint of the open transaction: undone alone if it fails. */
  #savepoint<T>(name: string, work: () => T): T {
    this.sql(`SAVEPOINT ${name}`).run();
    this.#nested++;
    try {
      const result = work();
      this.sql(`RELEASE ${name}`).run();
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      else if (this.#open) this.#lose(error);
      throw error;
    } finally {
      this.#nested--;
    }
  }

  /**
   * SQLite rolled the open transaction back by itself (a full disk): the deferred work in it is
   * gone, so what relies on it must not go on. Every later write fails with the same cause.
   */
  #lose(error: unknown): void {
    this.#open = false;
    this.#lost = error;
  }

  #usable(): void {
    if (this.#lost !== undefined) throw this.#lost;
  }

  /**
   * Opens the transaction for deferred work, unless it is open. Its commit does not sync (NORMAL:
   * SQLite refuses to change that inside a transaction); whoever commits it syncs the log.
   */
  #begin(): void {
    if (this.#open) return;
    this.sql("PRAGMA synchronous = NORMAL").run();
    this.sql("BEGIN IMMEDIATE").run();
    this.#open = true;
  }

  /** Commits the open transaction, unsynced (see {@linkcode Statements.#begin}). */
  #commit(): void {
    try {
      this.sql("COMMIT").run();
    } catch (error) {
      if (!this.#db.isTransaction) this.#lose(error);
      throw error;
    } finally {
      this.#open = this.#db.isTransaction;
      if (!this.#open) this.sql("PRAGMA synchronous = FULL").run();
    }
  }

  /**
   * The write-ahead log, opened to be synced; none: no log file (no WAL on this filesystem), where
   * SQLite synced the database file at commit.
   */
  #openLog(): Deno.FsFile | undefined {
    if (!this.#log) return undefined;
    try {
      return Deno.openSync(this.#log, { read: true });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw this.#logError(error);
    }
  }

  /** A failed open or sync of the log is the index's disk: one line naming it. */
  #logError(error: unknown): unknown {
    return libraryIoError(error, this.#log!) ?? error;
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
   * Runs each of `works` in the open transaction (with the deferred work before them), each in its
   * own savepoint so that one failing leaves the others recorded, commits, then syncs the
   * write-ahead log, which brings every deferred commit before it to the disk too. Resolves to each
   * work's error, or undefined. The sync runs off the main thread (a FULL commit would block every
   * download while the disk answers); nothing waiting on it is told done before it ends. With
   * nothing to record and nothing deferred, writes nothing.
   */
  async durable(works: readonly (() => void)[]): Promise<unknown[]> {
    if (works.length === 0 && this.#synced === this.#seq) return [];
    this.#usable();
    const errors: unknown[] = [];
    if (works.length > 0) this.#begin();
    for (const work of works) {
      try {
        this.#savepoint("one", work);
        errors.push(undefined);
      } catch (error) {
        this.#usable();
        errors.push(error);
      }
    }
    const upTo = this.#seq;
    if (this.#open) this.#commit();
    using log = this.#openLog();
    await log?.syncData().catch((error) => {
      throw this.#logError(error);
    });
    this.#synced = Math.max(this.#synced, upTo);
    return errors;
  }

  /** Whether the database is still open. */
  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  /** Closes the database (again is fine), committing the deferred work still open. */
  close(): void {
    if (!this.#db.isOpen) return;
    try {
      if (this.#open) this.#settle();
    } finally {
      this.#db.close();
    }
  }
}
