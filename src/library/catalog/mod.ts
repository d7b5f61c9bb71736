/**
 * The library index: an embedded SQLite database (`node:sqlite`) under `DEST/.gphotos-nas/`,
 * opened once per run and composed of one part per concern: `items` (items and their files),
 * `journal` (temp files and runs), `takeout` (imported Takeout sets), `state` (key-value state),
 * `report` (what `status` shows) and `sidecars` (XMP sidecars).
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { Items } from "./items.ts";
import { Journal } from "./journal.ts";
import { Report } from "./report.ts";
import { checkSchema, migrate } from "./schema.ts";
import { Sidecars } from "./sidecars.ts";
import { State } from "./state.ts";
import { Upgrades } from "./upgrades.ts";
import { Statements } from "./statements.ts";
import { TakeoutSets } from "./takeout.ts";

/** The folder inside DEST that holds the index, the lock and other state. */
export const STATE_DIR = ".gphotos-nas";

/** The index of one library. Create with {@linkcode openCatalog}. */
export class Catalog {
  /** Items and the files that hold them. */
  readonly items: Items;
  /** Temp files in flight and run records. */
  readonly journal: Journal;
  /** Imported Takeout sets. */
  readonly takeout: TakeoutSets;
  /** Small values that outlive a run. */
  readonly state: State;
  /** What `status` shows. */
  readonly report: Report;
  /** XMP sidecars and what they are written from. */
  readonly sidecars: Sidecars;
  /** Lesser copies an original may replace. */
  readonly upgrades: Upgrades;
  readonly #db: Statements;

  /** @internal use {@linkcode openCatalog} */
  constructor(db: Statements) {
    this.#db = db;
    this.items = new Items(db);
    this.journal = new Journal(db);
    this.takeout = new TakeoutSets(db);
    this.state = new State(db);
    this.report = new Report(db, this.journal);
    this.sidecars = new Sidecars(db);
    this.upgrades = new Upgrades(db);
  }

  /** Closes the database. */
  close(): void {
    this.#db.close();
  }
}

/** The index file of a library. */
export function indexPath(dest: string): string {
  return join(dest, STATE_DIR, "index.sqlite");
}

/**
 * Opens (creating or migrating when needed) the index of the library at `dest`. `readonly` opens
 * an existing index without changing anything (for `status`, `verify` and dry runs), so an older
 * index is read as it stands until the next writing run migrates it; `memory` gives an empty
 * throwaway index (a dry run against a library that does not exist yet). An index written by a
 * newer gphotos-nas is refused (exit 2).
 */
export function openCatalog(
  dest: string,
  options: { readonly?: boolean; memory?: boolean } = {},
): Catalog {
  if (options.memory) {
    const db = new Statements(new DatabaseSync(":memory:"));
    migrate(db, 0);
    return new Catalog(db);
  }
  const path = indexPath(dest);
  if (!options.readonly) Deno.mkdirSync(join(dest, STATE_DIR), { recursive: true });
  const db = new Statements(new DatabaseSync(path, { readOnly: options.readonly ?? false }));
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    const version = checkSchema(db, path);
    if (!options.readonly) {
      // A NAS loses power; FULL makes a committed `done` row survive it, and WAL keeps readers
      // cheap.
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
      migrate(db, version);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return new Catalog(db);
}
