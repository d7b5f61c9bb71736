/**
 * Motion and live photos in the index: a still and its video as one pair (two files), and a photo
 * that carries its video inside its own bytes as a pair of the file with itself.
 *
 * @module
 */
import type { Statements } from "./statements.ts";

/** How many motion and live photos the library holds, both halves in place. */
export interface PairCounts {
  /** A still and a video file side by side (iPhone Live Photos, Pixel `.MP` + `.MP.jpg`). */
  live: number;
  /** One file with the video inside (`GCamera:MotionPhoto`/`MicroVideo` JPEGs). */
  embedded: number;
}

/** The pairs of the index. */
export class MotionPairs {
  readonly #db: Statements;

  /** @internal built by `openCatalog` */
  constructor(db: Statements) {
    this.#db = db;
  }

  /** Records `videoId` as the video of `stillId` (the same id: the video is inside the still). */
  record(stillId: number, videoId: number): void {
    this.#db.sql("INSERT OR IGNORE INTO motion_pairs (still_id, video_id) VALUES (?, ?)")
      .run(stillId, videoId);
  }

  /**
   * The pairs whose files are all in place. An index from before pairs were recorded (opened
   * read-only, by `status` after an upgrade of the program) has none.
   */
  counts(): PairCounts {
    // The table's presence, not a version number: the order of migrations is not this module's.
    const present = this.#db.sql(
      "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'motion_pairs'",
    ).get();
    if (!present) return { live: 0, embedded: 0 };
    const row = this.#db.sql(
      `SELECT COALESCE(SUM(p.still_id <> p.video_id), 0) AS live,
              COALESCE(SUM(p.still_id = p.video_id), 0) AS embedded
       FROM motion_pairs p JOIN files s ON s.id = p.still_id JOIN files v ON v.id = p.video_id
       WHERE s.state = 'done' AND v.state = 'done'`,
    ).get();
    return { live: Number(row?.live ?? 0), embedded: Number(row?.embedded ?? 0) };
  }
}
