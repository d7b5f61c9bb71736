/**
 * Telling a damaged index apart from every other failure. Opening stays cheap whatever the index's
 * size: SQLite's own words for a file that is not a database or is malformed (its header and
 * schema, a file shorter than its header says), the library's tables present, and the edges of
 * every table and index read (a cut-off B-tree). The full check of every page
 * (`PRAGMA quick_check`, about 35 s for a million items) runs in `verify`, and at an open after a
 * writer that did not close the index (killed, or the power lost): the open marker in `state`. A
 * damaged index stops the command before anything is written, with one line naming the file and
 * the way out.
 *
 * @module
 */
import { dirname } from "node:path";
import { UsageError } from "../../errors.ts";
import type { Row, Statements } from "./statements.ts";

const DAMAGE =
  /file is not a database|database disk image is malformed|malformed database|corrupt/i;

/** The `state` key a writer holds while it has the index open; left behind by a killed writer. */
const OPEN_MARKER = "open_by_pid";

/** The index of a library cannot be trusted; nothing was changed (exit 2). */
export class IndexDamagedError extends UsageError {
  /** The index file. */
  readonly path: string;
  /**
   * One line naming the index file and the rebuild command.
   *
   * @param path the index file
   * @param detail what SQLite said
   * @param options `dest`: the library, when its index is not inside it
   */
  constructor(path: string, detail: string, options?: ErrorOptions & { dest?: string }) {
    const dest = options?.dest ?? dirname(dirname(path));
    super(
      `Cannot open the index ${path}: it is damaged (${detail}); nothing was changed — run ` +
        `\`gphotos-nas index rebuild --dest ${dest}\` to rebuild it from the files on disk ` +
        "(the damaged file is kept beside it)",
      options,
    );
    this.path = path;
  }
}

/** Whether an error from SQLite means the file itself is damaged. */
export function isDamage(error: unknown): boolean {
  return DAMAGE.test((error as Error)?.message ?? "");
}

/** SQLite's check of every page: "ok", or the first problems it found (`verify`, after a crash). */
export function quickCheck(db: Statements): string {
  const rows = db.sql("PRAGMA quick_check(5)").all() as Row[];
  // SQLite's report spans lines ("*** in database main ***" first): the error is one line.
  return rows.map((r) => String(Object.values(r)[0]))
    .join("\n").replace(/\*\*\* in database \w+ \*\*\*/g, "").trim().split(/\s*\n\s*/).join("; ");
}

/** Whether the index has the tables of a library (a zero-byte file has none). */
export function hasTables(db: Statements): boolean {
  return db.sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'files'").get() !==
    undefined;
}

/**
 * The checks every open affords, whatever the index's size: "ok", or what is wrong. SQLite reads
 * the header (a file shorter than its page count is "malformed") and the schema; then the first
 * and last entry of every table and index are read, so a B-tree cut short fails on its edge.
 */
export function cheapCheck(db: Statements): string {
  const trees = db.sql(
    "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index') AND rootpage > 0",
  ).all() as Row[];
  for (const tree of trees) {
    const table = quoted(String(tree.tbl_name));
    // min() and max() each alone: together SQLite would read the whole tree.
    if (tree.type === "table") {
      if (!withoutRowid(db, String(tree.tbl_name))) {
        for (const edge of ["min", "max"]) db.sql(`SELECT ${edge}(rowid) FROM ${table}`).get();
      }
      continue;
    }
    const index = quoted(String(tree.name));
    const first = db.sql(`PRAGMA index_info(${index})`).get();
    if (first?.name) {
      const column = quoted(String(first.name));
      for (const edge of ["min", "max"]) {
        db.sql(`SELECT ${edge}(${column}) FROM ${table} INDEXED BY ${index}`).get();
      }
    }
  }
  return "ok";
}

/**
 * Whether the last writer left the index open (it was killed or lost power mid-run): then the
 * opener runs the full check once.
 */
export function leftOpen(db: Statements): boolean {
  return db.sql("SELECT value FROM state WHERE key = ?").get(OPEN_MARKER) !== undefined;
}

/** Marks the index open by this writer (under the library lock: one writer at a time). */
export function markOpen(db: Statements): void {
  db.sql("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)").run(
    OPEN_MARKER,
    String(Deno.pid),
  );
}

/** Clears the open marker: the writer is closing the index whole. */
export function markClosed(db: Statements): void {
  db.sql("DELETE FROM state WHERE key = ?").run(OPEN_MARKER);
}

function withoutRowid(db: Statements, table: string): boolean {
  const row = db.sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  return /WITHOUT\s+ROWID/i.test(String(row?.sql ?? ""));
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
