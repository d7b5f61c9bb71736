/**
 * The library index: an embedded SQLite database (`node:sqlite`) under `DEST/.gphotos-nas/`,
 * opened once per run and composed of one part per concern: `items` (items and their files),
 * `journal` (temp files and runs), `takeout` and `parts` (Takeout exports and their parts), `state`
 * (key-value state), `accounts` (which accounts have each file), `report` (what `status` shows), `sidecars` (XMP sidecars), `upgrades` (copies an
 * original may replace), `superseded` (copies one replaced) and `pairs` (motion and live photos).
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { UsageError } from "../../errors.ts";
import { Accounts } from "./accounts.ts";
import { Items } from "./items/items.ts";
import { MotionPairs } from "./pairs.ts";
import { Journal } from "./journal.ts";
import { ProvisionalFiles } from "./provisional.ts";
import { Report } from "./report.ts";
import {
  cheapCheck,
  hasTables,
  IndexDamagedError,
  isDamage,
  leftOpen,
  markClosed,
  markOpen,
  quickCheck,
} from "./health.ts";
import { STATE_DIR } from "../disk/paths.ts";
import { checkSchema, migrate, SCHEMA_VERSION } from "./schema.ts";
import { Sidecars } from "./sidecars.ts";
import { Superseded } from "./superseded.ts";
import { State } from "./state.ts";
import { Upgrades } from "./upgrades.ts";
import { Statements } from "./statements.ts";
import { TakeoutParts, TakeoutSets } from "./takeout.ts";

/** The index of one library. Create with {@linkcode openCatalog}. */
export class Catalog {
  /** Items and the files that hold them. */
  readonly items: Items;
  /** Temp files in flight and run records. */
  readonly journal: Journal;
  /** Imported Takeout sets. */
  readonly takeout: TakeoutSets;
  /** Takeout parts one by one, with their entries. */
  readonly parts: TakeoutParts;
  /** Files placed without their sidecar. */
  readonly provisional: ProvisionalFiles;
  /** Small values that outlive a run. */
  readonly state: State;
  /** What `status` shows. */
  readonly report: Report;
  /** XMP sidecars and what they are written from. */
  readonly sidecars: Sidecars;
  /** Lesser copies an original may replace. */
  readonly upgrades: Upgrades;
  /** Motion and live photos: stills and their videos. */
  readonly pairs: MotionPairs;
  /** Copies an original replaced, kept under `superseded/`. */
  readonly superseded: Superseded;
  /** The accounts that have each file, and each account's runs. */
  readonly accounts: Accounts;
  /** The schema version of the index as opened (older only when opened read-only). */
  readonly schemaVersion: number;
  readonly #db: Statements;
  readonly #marked: boolean;

  /**
   * @internal use {@linkcode openCatalog}; `version` is the schema the index has (older than this
   * program's only when opened read-only, where the newer tables read as empty); `marked`: this
   * writer holds the open marker, which closing clears.
   */
  constructor(db: Statements, version: number = SCHEMA_VERSION, marked = false) {
    this.#db = db;
    this.#marked = marked;
    this.schemaVersion = version;
    this.items = new Items(db, version >= 7);
    this.journal = new Journal(db);
    this.takeout = new TakeoutSets(db);
    this.parts = new TakeoutParts(db, version >= 2);
    this.provisional = new ProvisionalFiles(db);
    this.state = new State(db);
    this.report = new Report(db, this.journal, version >= 2);
    this.sidecars = new Sidecars(db, version >= 3);
    this.upgrades = new Upgrades(db);
    this.pairs = new MotionPairs(db);
    this.superseded = new Superseded(db, version >= 5);
    this.accounts = new Accounts(db);
  }

  /** See {@linkcode Statements.deferred}: commits a power cut may lose until the next durable one. */
  deferred<T>(work: () => T): T {
    return this.#db.deferred(work);
  }

  /**
   * The SQL of every statement this connection prepared so far: what the scaling test explains, so
   * that it checks the queries as the catalog words them, never a copy of them.
   */
  preparedSql(): string[] {
    return this.#db.preparedSql();
  }

  /** See {@linkcode Statements.durable}: one synced transaction; each work's error or undefined. */
  durable(works: readonly (() => void)[]): Promise<unknown[]> {
    return this.#db.durable(works);
  }

  /** A mark of the deferred commits so far (see {@linkcode Statements.seq}). */
  get seq(): number {
    return this.#db.seq;
  }

  /** The mark of those on disk. */
  get synced(): number {
    return this.#db.synced;
  }

  /**
   * SQLite's check of every page (`verify`): "ok", or the first problems it found. Minutes on a
   * large index, which is why opening does not run it.
   */
  fullCheck(): string {
    return quickCheck(this.#db);
  }

  /** Closes the database, whole: the open marker goes (the next open skips the full check). */
  close(): void {
    if (this.#marked && this.#db.isOpen) {
      // A full disk may refuse even this: the next open then runs the full check once.
      try {
        markClosed(this.#db);
      } catch { /* see above */ }
    }
    this.#db.close();
  }
}

/**
 * Opens the database file. A reader of a WAL index must create its shared-memory file, which a
 * full disk refuses ("disk I/O error"); then the file is read as it stands (SQLite's `immutable`),
 * so `status` and `verify` still work on a full disk.
 */
function openDatabase(path: string, readOnly: boolean): Statements {
  try {
    const db = new Statements(new DatabaseSync(path, { readOnly }), `${path}-wal`);
    db.exec("PRAGMA busy_timeout = 5000");
    // SQLite opens lazily: the first read is where a reader finds it cannot set up.
    db.sql("SELECT COUNT(*) FROM sqlite_master").get();
    return db;
  } catch (error) {
    if (!readOnly || !/disk I\/O error/.test((error as Error).message)) throw error;
    const url = `${pathToFileURL(path).href}?immutable=1`;
    return new Statements(new DatabaseSync(url, { readOnly }));
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
 * throwaway index (a dry run against a library that does not exist yet); `dir` is the folder
 * holding the index when it is not `DEST/.gphotos-nas` (DEST on a network share); `fullCheck` reads
 * every page (`verify`; opening otherwise runs only the cheap checks, see health.ts). An index
 * written by a newer gphotos-nas, or a damaged one, is refused (exit 2).
 */
export function openCatalog(
  dest: string,
  options: { readonly?: boolean; memory?: boolean; dir?: string; fullCheck?: boolean } = {},
): Catalog {
  if (options.memory) {
    const db = new Statements(new DatabaseSync(":memory:"));
    migrate(db, 0);
    return new Catalog(db);
  }
  const dir = options.dir ?? join(dest, STATE_DIR);
  const path = join(dir, "index.sqlite");
  if (!options.readonly) Deno.mkdirSync(dir, { recursive: true });
  let db: Statements | undefined;
  let version: number;
  try {
    db = openDatabase(path, options.readonly ?? false);
    version = checkSchema(db, path);
    // Every command passes here, so a damaged index stops them all before anything is written;
    // the cheap checks whatever the size, the full one only after a writer that never closed.
    let health = cheapCheck(db);
    const crashed = !options.readonly && hasTables(db) && leftOpen(db);
    if (health === "ok" && (options.fullCheck || crashed)) {
      health = quickCheck(db);
    }
    if (health !== "ok") throw new IndexDamagedError(path, health, { dest });
    if (options.readonly && !hasTables(db)) {
      throw new UsageError(
        `Cannot read the index ${path}: it is empty — run \`gphotos-nas index rebuild --dest ` +
          `${dest}\` to rebuild it from the files on disk`,
      );
    }
    if (!options.readonly) {
      // A NAS loses power; FULL makes a committed `done` row survive it (the writer defers
      // some commits and syncs them by the batch: commit_group.ts), and WAL keeps readers cheap.
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
      if (version < SCHEMA_VERSION) {
        migrate(db, version);
        // A new library's twelve schema steps leave ~0.3 MB of write-ahead log until SQLite's
        // next checkpoint: folded into the index now, so a nearly full disk keeps that room for
        // photos.
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      version = SCHEMA_VERSION;
      markOpen(db);
    }
  } catch (error) {
    db?.close();
    if (isDamage(error)) {
      throw new IndexDamagedError(path, (error as Error).message, { cause: error, dest });
    }
    throw error;
  }
  return new Catalog(db!, version, !options.readonly);
}
