/**
 * What runs leave behind: temporary files in flight (recorded before they are created, so a
 * killed run leaves a trail to clean) and one record per run (for `status`).
 *
 * @module
 */
import type { Row, Statements } from "./statements.ts";

/** Summary of one run, kept for `status`. */
export interface RunRecord {
  /** The command that ran. */
  command: string;
  /** ISO-8601 start time. */
  startedAt: string;
  /** ISO-8601 end time, absent while running or after a crash. */
  finishedAt?: string;
  /** The exit code the run ended with. */
  exitCode?: number;
  /** The counts it reported. */
  summary?: Record<string, number>;
}

/** Temp files and run records of the index. */
export class Journal {
  readonly #db: Statements;

  /** @internal built by `openCatalog` */
  constructor(db: Statements) {
    this.#db = db;
  }

  /** Records a temp file before it is created, so a crash leaves a trail to clean. */
  addTemp(path: string): void {
    this.#db.sql("INSERT OR REPLACE INTO temps (path, created_at) VALUES (?, ?)").run(
      path,
      new Date().toISOString(),
    );
  }

  /** Forgets a temp file (renamed or removed). */
  removeTemp(path: string): void {
    this.#db.sql("DELETE FROM temps WHERE path = ?").run(path);
  }

  /** Temp files recorded and not yet forgotten: what a new run must clean up. */
  temps(): string[] {
    return (this.#db.sql("SELECT path FROM temps").all() as Row[]).map((r) => String(r.path));
  }

  /** Starts a run record (of `account`'s backup, pick or import); returns its id. */
  startRun(command: string, account?: string): number {
    const now = new Date().toISOString();
    const info = account === undefined
      ? this.#db.sql("INSERT INTO runs (command, started_at) VALUES (?, ?)").run(command, now)
      : this.#db.sql("INSERT INTO runs (command, started_at, account) VALUES (?, ?, ?)")
        .run(command, now, account);
    return Number(info.lastInsertRowid);
  }

  /** Ends a run record with its exit code and counts. */
  finishRun(runId: number, exitCode: number, summary: Record<string, number>): void {
    this.#db.sql(
      "UPDATE runs SET finished_at = ?, exit_code = ?, summary = ? WHERE id = ?",
    ).run(new Date().toISOString(), exitCode, JSON.stringify(summary), runId);
  }

  /** The most recent run, finished or not. */
  lastRun(): RunRecord | undefined {
    const run = this.#db.sql("SELECT * FROM runs ORDER BY id DESC LIMIT 1").get();
    return run ? runRecord(run) : undefined;
  }

  /** The `limit` most recent runs, newest first (the web console's history). */
  runs(limit: number): (RunRecord & { id: number })[] {
    return (this.#db.sql("SELECT * FROM runs ORDER BY id DESC LIMIT ?").all(limit) as Row[])
      .map((run) => ({ id: Number(run.id), ...runRecord(run) }));
  }
}

/** A row of `runs` as a {@linkcode RunRecord}. */
export function runRecord(run: Row): RunRecord {
  return {
    command: String(run.command),
    startedAt: String(run.started_at),
    ...(run.finished_at ? { finishedAt: String(run.finished_at) } : {}),
    ...(run.exit_code !== null ? { exitCode: Number(run.exit_code) } : {}),
    ...(run.summary ? { summary: JSON.parse(String(run.summary)) } : {}),
  };
}
