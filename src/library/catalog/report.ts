/**
 * What `status` shows: counts and sizes of the library, the last run, pending items, and SQLite's
 * own health check of the index.
 *
 * @module
 */
import type { Journal, RunRecord } from "./journal.ts";
import type { Row, Statements } from "./statements.ts";
import { UNKNOWN_DATE_FOLDER } from "../disk/paths.ts";

/** What `status` shows about the library. */
export interface StatusReport {
  /** Items and bytes per capture year (`unknown` for undated). */
  perYear: { year: string; items: number; bytes: number }[];
  /** Items and bytes per source (a file several sources brought counts once). */
  perSource: { source: string; items: number; bytes: number }[];
  /** Items seen but not yet downloadable (videos still processing). */
  pending: number;
  /** Files placed without their Takeout sidecar, which a later part may still date. */
  provisional: number;
  /** Files in `unknown-date/`: no sidecar, EXIF or source gave them a date. */
  undated: number;
  /** The most recent run. */
  lastRun?: RunRecord;
  /** Files in the library. */
  totalItems: number;
  /** Bytes in the library. */
  totalBytes: number;
}

/** Status reporting over the index. */
export class Report {
  readonly #db: Statements;
  readonly #journal: Journal;
  readonly #hasProvisional: boolean;

  /** @internal built by `openCatalog`; an older index opened read-only has no provisional files. */
  constructor(db: Statements, journal: Journal, hasProvisional: boolean) {
    this.#db = db;
    this.#journal = journal;
    this.#hasProvisional = hasProvisional;
  }

  /** Counts and sizes per year and source, the last run, pending items. */
  statusReport(): StatusReport {
    const perYear = (this.#db.sql(
      `SELECT COALESCE(substr(capture_time, 1, 4), 'unknown') AS year, COUNT(*) AS n,
              COALESCE(SUM(size), 0) AS b
       FROM files WHERE state = 'done' GROUP BY year ORDER BY year`,
    ).all() as Row[]).map((r) => ({
      year: String(r.year),
      items: Number(r.n),
      bytes: Number(r.b),
    }));
    // A file brought by several sources counts once, under the alphabetically first of them.
    const perSource = (this.#db.sql(
      `SELECT s.source AS source, COUNT(*) AS n, COALESCE(SUM(f.size), 0) AS b
       FROM files f JOIN (SELECT file_id, MIN(source) AS source FROM items GROUP BY file_id) s
         ON s.file_id = f.id
       WHERE f.state = 'done' GROUP BY s.source ORDER BY s.source`,
    ).all() as Row[]).map((r) => ({
      source: String(r.source),
      items: Number(r.n),
      bytes: Number(r.b),
    }));
    const pending = Number(this.#db.sql("SELECT COUNT(*) AS n FROM pending").get()?.n);
    const provisional = this.#hasProvisional
      ? Number(
        this.#db.sql("SELECT COUNT(*) AS n FROM files WHERE state = 'done' AND provisional = 1")
          .get()?.n,
      )
      : 0;
    // The folder name holds no LIKE wildcard.
    const undated = Number(
      this.#db.sql("SELECT COUNT(*) AS n FROM files WHERE state = 'done' AND rel_path LIKE ?")
        .get(`${UNKNOWN_DATE_FOLDER}/%`)?.n,
    );
    const totals = this.#db.sql(
      "SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS b FROM files WHERE state = 'done'",
    ).get() as Row;
    return {
      perYear,
      perSource,
      pending,
      provisional,
      undated,
      lastRun: this.#journal.lastRun(),
      totalItems: Number(totals.n),
      totalBytes: Number(totals.b),
    };
  }

  /** SQLite's own consistency check: "ok" or the problems it found. */
  integrityCheck(): string {
    const rows = this.#db.sql("PRAGMA integrity_check").all() as Row[];
    return rows.map((r) => String(Object.values(r)[0])).join("; ");
  }
}
