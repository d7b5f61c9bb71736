/**
 * Telling a damaged index apart from every other failure, at open time: SQLite's own words for a
 * file that is not a database or is malformed, and `PRAGMA quick_check`. A damaged index stops the
 * command before anything is written, with one line naming the file and the way out.
 *
 * @module
 */
import { dirname } from "node:path";
import { UsageError } from "../../errors.ts";
import type { Row, Statements } from "./statements.ts";

const DAMAGE =
  /file is not a database|database disk image is malformed|malformed database|corrupt/i;

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

/** SQLite's quick consistency check: "ok", or the first problems it found. */
export function quickCheck(db: Statements): string {
  const rows = db.sql("PRAGMA quick_check(5)").all() as Row[];
  return rows.map((r) => String(Object.values(r)[0])).join("; ");
}

/** Whether the index has the tables of a library (a zero-byte file has none). */
export function hasTables(db: Statements): boolean {
  return db.sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'files'").get() !==
    undefined;
}
