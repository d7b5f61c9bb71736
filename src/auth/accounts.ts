/**
 * Named accounts: a household's Google accounts backed up by one NAS. `--account NAME` selects
 * `<config-dir>/accounts/NAME/`, which holds that account's `client_secret.json` and `token.json`
 * (files 0600, folders 0700). The account `default` is `<config-dir>/accounts/default/` when that
 * folder exists, else the files at the top of `<config-dir>` (the layout before accounts existed),
 * so an existing install keeps working unchanged, also after a second member is added.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The account of a run that names none, and of every item recorded before accounts existed. */
export const DEFAULT_ACCOUNT = "default";

/** The commands that work per account; the others work on the library as a whole. */
export const ACCOUNT_COMMANDS: readonly string[] = ["auth", "backup", "pick", "import", "status"];

/** A selected account: its name and the folder holding its client and token files. */
export interface Account {
  /** `default`, or the `--account` name. */
  name: string;
  /** The folder of its `client_secret.json` and `token.json`. */
  dir: string;
}

/** The folder of an account under `configDir` (see the module doc for `default`). */
export function accountDir(configDir: string, name: string): string {
  const named = join(configDir, "accounts", name);
  if (name !== DEFAULT_ACCOUNT || existsSync(named)) return named;
  return configDir;
}

/** The account `name` (already checked) of the config folder `configDir`. */
export function resolveAccount(configDir: string, name: string = DEFAULT_ACCOUNT): Account {
  return { name, dir: accountDir(configDir, name) };
}

/**
 * The library-state key of something that belongs to one account (a Picker session is the
 * account's own at Google: another account's token cannot resume it). The default account keeps
 * the key it had before accounts existed.
 */
export function accountStateKey(key: string, account: string): string {
  return account === DEFAULT_ACCOUNT ? key : `${key}@${account}`;
}

/** A key-value state (the library's `state` table, or a view of it). */
export interface KeyValueState {
  /** The value of `key`, if any. */
  get(key: string): string | undefined;
  /** Sets `key` (undefined: removes it). */
  set(key: string, value: string | undefined): void;
}

/** A key-value state seen by one account only (see {@linkcode accountStateKey}). */
export function accountState(state: KeyValueState, account: string): KeyValueState {
  return {
    get: (key) => state.get(accountStateKey(key, account)),
    set: (key, value) => state.set(accountStateKey(key, account), value),
  };
}

/**
 * An error line of a run of a named account: it says which account, and every `gphotos-nas auth`
 * it advises carries `--account NAME`, so the remedy fixes the right member's authorization.
 */
export function accountErrorLine(line: string, account: string): string {
  if (account === DEFAULT_ACCOUNT || !line.includes("gphotos-nas auth")) return line;
  const named = line.replaceAll("gphotos-nas auth", `gphotos-nas auth --account ${account}`);
  return `account ${account}: ${named}`;
}
