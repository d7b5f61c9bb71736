/**
 * Where `pick` keeps its picking session between runs. A session is its account's at Google, so
 * each account has its own (`accountStateKey`). It lives in the library's index, wherever the CLI
 * keeps that (`--state-dir`, a network share); a dry run on a library that has no index yet keeps
 * it in the config folder (`config/kept_sessions.ts`) until the next real `pick` takes it in.
 *
 * @module
 */
import { accountState, accountStateKey } from "../auth/accounts.ts";
import { keepSession, keptSession } from "../config/kept_sessions.ts";
import { openCatalog } from "../library/catalog/mod.ts";
import type { Library } from "../library/mod.ts";
import { type PickerOptions, SESSION_STATE_KEY } from "../sources/picker/source.ts";

/** The places of one account's picking session for the library at `root`. */
export class SessionPlaces {
  readonly #root: string;
  readonly #indexDir: string | undefined;
  readonly #configDir: string;
  readonly #account: string;
  /** The key of this library and account in the config folder's kept sessions. */
  readonly #kept: string;

  /** `indexDir`: the folder of the library's index when it has one, else undefined. */
  constructor(root: string, indexDir: string | undefined, configDir: string, account: string) {
    this.#root = root;
    this.#indexDir = indexDir;
    this.#configDir = configDir;
    this.#account = account;
    this.#kept = accountStateKey(root, account);
  }

  /**
   * Whether an unexpired session is saved, read without the lock: `pick --resume` with nothing to
   * resume is not a run (no lock, no run record, exit 0).
   */
  saved(): boolean {
    let saved = keptSession(this.#configDir, this.#kept);
    if (this.#indexDir) {
      const index = openCatalog(this.#root, { readonly: true, dir: this.#indexDir });
      try {
        saved = index.state.get(accountStateKey(SESSION_STATE_KEY, this.#account)) ?? saved;
      } finally {
        index.close();
      }
    }
    if (!saved) return false;
    const { expireTime } = JSON.parse(saved) as { expireTime?: string };
    return !expireTime || Date.parse(expireTime) > Date.now();
  }

  /** A real run's state: the index, and a dry run's kept session taken in by its first write. */
  libraryState(library: Library): PickerOptions["state"] {
    const state = accountState(library.index.state, this.#account);
    return {
      get: (key) => state.get(key) ?? this.#keptValue(key),
      set: (key, value) => {
        state.set(key, value);
        if (key === SESSION_STATE_KEY) keepSession(this.#configDir, this.#kept, undefined);
      },
    };
  }

  /**
   * A dry run writes no file and no item, but it keeps the session it made, so that the real
   * `pick` that follows does not make the user pick again. Its index is opened read-only, so the
   * session goes through a short writable connection, or to the config folder without an index.
   */
  dryRunState(library: Library): PickerOptions["state"] {
    const state = accountState(library.index.state, this.#account);
    return {
      get: (key) => state.get(key) ?? this.#keptValue(key),
      set: (key, value) => {
        if (!this.#indexDir) {
          if (key === SESSION_STATE_KEY) keepSession(this.#configDir, this.#kept, value);
          return;
        }
        const index = openCatalog(this.#root, { dir: this.#indexDir });
        try {
          accountState(index.state, this.#account).set(key, value);
        } finally {
          index.close();
        }
      },
    };
  }

  #keptValue(key: string): string | undefined {
    return key === SESSION_STATE_KEY ? keptSession(this.#configDir, this.#kept) : undefined;
  }
}
