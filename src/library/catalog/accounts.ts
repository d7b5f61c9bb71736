/**
 * The accounts of a household in the index: which accounts have each file (a photo shared between
 * two members is one file, had by both), and each account's runs. Files and runs recorded before
 * accounts existed belong to `default` (the migration says so once).
 *
 * @module
 */
import { type RunRecord, runRecord } from "./journal.ts";
import type { Row, Statements } from "./statements.ts";

/** One account's share of the library, for `status`. */
export interface AccountReport {
  /** Files of the library this account has (a shared file counts for each account). */
  items: number;
  /** Their bytes. */
  bytes: number;
  /** This account's most recent backup, pick or import. */
  lastRun?: RunRecord;
}

/** The accounts part of the index. */
export class Accounts {
  readonly #db: Statements;

  /** @internal built by `openCatalog` */
  constructor(db: Statements) {
    this.#db = db;
  }

  /** Records that `account` has the file `fileId` (again: nothing changes). */
  add(fileId: number, account: string): void {
    this.#db.sql("INSERT OR IGNORE INTO file_accounts (file_id, account) VALUES (?, ?)")
      .run(fileId, account);
  }

  /**
   * Every account with files or runs, by name. An index from before accounts (opened read-only by
   * `status` after an upgrade of the program) has them all under `default`.
   */
  report(): Record<string, AccountReport> {
    // The table's presence, not a version number: the order of migrations is not this module's.
    const present = this.#db.sql(
      "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'file_accounts'",
    ).get();
    if (!present) return this.#beforeAccounts();
    const out: Record<string, AccountReport> = {};
    const counts = this.#db.sql(
      `SELECT a.account AS account, COUNT(*) AS n, COALESCE(SUM(f.size), 0) AS b
       FROM file_accounts a JOIN files f ON f.id = a.file_id
       WHERE f.state = 'done' GROUP BY a.account ORDER BY a.account`,
    ).all() as Row[];
    for (const row of counts) {
      out[String(row.account)] = { items: Number(row.n), bytes: Number(row.b) };
    }
    const runs = this.#db.sql(
      `SELECT * FROM runs WHERE id IN
         (SELECT MAX(id) FROM runs WHERE account IS NOT NULL GROUP BY account)`,
    ).all() as Row[];
    for (const run of runs) {
      const name = String(run.account);
      out[name] = { ...(out[name] ?? { items: 0, bytes: 0 }), lastRun: runRecord(run) };
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
  }

  #beforeAccounts(): Record<string, AccountReport> {
    const totals = this.#db.sql(
      "SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS b FROM files WHERE state = 'done'",
    ).get() as Row;
    const run = this.#db.sql(
      `SELECT * FROM runs WHERE command IN ('backup', 'pick', 'import') ORDER BY id DESC LIMIT 1`,
    ).get();
    return {
      default: {
        items: Number(totals.n),
        bytes: Number(totals.b),
        ...(run ? { lastRun: runRecord(run) } : {}),
      },
    };
  }
}
