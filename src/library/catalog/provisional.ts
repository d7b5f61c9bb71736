/**
 * Files placed without their sidecar (Takeout sidecars may sit in a part that arrives hours later).
 * When the sidecar turns up, the file takes the place the sidecar gives it: this part of the catalog
 * records that move in one transaction, together with the temp-file trail that makes a killed move
 * clean up after itself.
 *
 * @module
 */
import type { Row, Statements } from "./statements.ts";

/** Where a provisional file goes, and the temp-file trail of the move. */
export interface SettleMove {
  /** The reservation made for the dated item; it is dropped and its name goes to the file. */
  reservationId: number;
  /** The file's new path, relative to DEST (the reservation's). */
  relPath: string;
  /** Case-insensitive key of `relPath`. */
  nameKey: string;
  /** The new path's trail entry, recorded before the link was made; forgotten now. */
  forgetTemp?: string;
  /** The old path, still on disk as a second link until removed; recorded to be cleaned. */
  addTemp?: string;
}

/** Queries and updates of provisional files. */
export class ProvisionalFiles {
  readonly #db: Statements;

  /** @internal built by `openCatalog` */
  constructor(db: Statements) {
    this.#db = db;
  }

  /** The albums a file belongs to. */
  albumsOf(fileId: number): string[] {
    return (this.#db.sql("SELECT album FROM albums WHERE file_id = ? ORDER BY album").all(
      fileId,
    ) as Row[]).map((r) => String(r.album));
  }

  /**
   * Makes a provisional file final with its sidecar's capture time. With `move`, the file takes
   * the reservation's path and the reservation's items point at the file; without, a reservation
   * in the same folder is just dropped. Either way all of it commits together.
   */
  settle(fileId: number, captureTime: string | null, reservationId: number, move?: SettleMove) {
    this.#db.transaction(() => {
      this.#db.sql("UPDATE items SET file_id = ? WHERE file_id = ?").run(fileId, reservationId);
      this.#db.sql("DELETE FROM albums WHERE file_id = ?").run(reservationId);
      this.#db.sql("DELETE FROM files WHERE id = ? AND state = 'reserved'").run(reservationId);
      if (move) {
        this.#db.sql("UPDATE files SET rel_path = ?, name_key = ? WHERE id = ?").run(
          move.relPath,
          move.nameKey,
          fileId,
        );
        if (move.forgetTemp) this.#db.sql("DELETE FROM temps WHERE path = ?").run(move.forgetTemp);
        if (move.addTemp) {
          this.#db.sql("INSERT OR REPLACE INTO temps (path, created_at) VALUES (?, ?)").run(
            move.addTemp,
            new Date().toISOString(),
          );
        }
      }
      this.#db.sql("UPDATE files SET capture_time = ?, provisional = 0 WHERE id = ?").run(
        captureTime,
        fileId,
      );
    });
  }
}
