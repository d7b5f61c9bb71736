/**
 * Whether a name is held on disk in a folder, asked of the folder's listing rather than of the
 * name: a new file's name is nearly always free, and asking the disk about a name that is not there
 * throws, which costs about 90 µs (measured: an `lstat` of a missing name 84–102 µs, of a present
 * one 15 µs), most of a small file's naming. A listing costs one call per folder.
 *
 * Listings are kept for the folders asked about last, up to {@linkcode NAMES_HELD} names in all, so
 * memory does not grow with the library. A file that appears after its folder was listed is not
 * seen here: placing never overwrites (`place.ts`), so such a file is only ever left untouched.
 *
 * @example
 * ```ts
 * const onDisk = new NamesOnDisk((name) => name.toLowerCase());
 * onDisk.has("/photos/2024/2024-05-01/IMG_0001.jpg"); // false: nothing holds that name
 * ```
 *
 * @module
 */
import { basename, dirname } from "node:path";
import { readFolderSync } from "./walk.ts";
import { existsSync } from "./place.ts";

/** The most names held, over every folder listed. */
export const NAMES_HELD = 16_384;

/** Names held in the folders listed last; a folder too large to hold is asked name by name. */
export class NamesOnDisk {
  readonly #key: (name: string) => string;
  /** Listed folders, the last asked about last (`null`: asked name by name). */
  readonly #folders = new Map<string, Set<string> | null>();
  readonly #budget: number;
  #held = 0;

  /**
   * `key` folds a name into the form names are unique in (case, Unicode normalisation); `budget`
   * bounds the names held.
   */
  constructor(key: (name: string) => string, budget = NAMES_HELD) {
    this.#key = key;
    this.#budget = budget;
  }

  /** Whether anything (a file, folder or link, even a broken one) holds `path`'s name. */
  has(path: string): boolean {
    const folder = dirname(path);
    let names = this.#folders.get(folder);
    if (names === undefined) names = this.#list(folder);
    else {
      // Asked again: last to be dropped.
      this.#folders.delete(folder);
      this.#folders.set(folder, names);
    }
    return names === null ? existsSync(path) : names.has(this.#key(basename(path)));
  }

  /** Lists `folder` (a missing one holds nothing), dropping the oldest listings past the budget. */
  #list(folder: string): Set<string> | null {
    let unlistable = false;
    const entries = readFolderSync(folder, (_folder, error) => {
      if (!(error instanceof Deno.errors.NotFound)) unlistable = true;
    });
    const names = unlistable || entries.length > this.#budget / 4
      ? null
      : new Set(entries.map((entry) => this.#key(entry.name)));
    this.#held += names?.size ?? 0;
    this.#folders.set(folder, names);
    for (const [oldest, held] of this.#folders) {
      if (this.#held <= this.#budget) break;
      this.#folders.delete(oldest);
      this.#held -= held?.size ?? 0;
    }
    return names;
  }
}
