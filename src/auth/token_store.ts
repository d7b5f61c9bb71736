/**
 * The token file, `<config-dir>/token.json`, in google-auth-library's `Credentials` shape, mode 0600
 * in a 0700 folder, written atomically. A file holding only a `refresh_token` is enough.
 *
 * @module
 */
import { join } from "node:path";
import { FatalIoError, isOsError, UsageError } from "../errors.ts";
import type { Logger } from "../ui/log.ts";

/** What the token file holds. */
export interface StoredToken {
  /** The long-lived refresh token. */
  refresh_token?: string;
  /** The current access token. */
  access_token?: string;
  /** When the access token expires, ms since the epoch. */
  expiry_date?: number;
  /** Granted scopes, space-separated. */
  scope?: string;
  /** "Bearer". */
  token_type?: string;
  /** When the refresh token was issued (ms), for the 7-day "Testing" warning in `status`. */
  refresh_token_issued_at?: number;
}

/** The token file's path. */
export function tokenPath(configDir: string): string {
  return join(configDir, "token.json");
}

/** Creates the config folder (0700) or tightens it. */
export async function ensureConfigDir(configDir: string): Promise<void> {
  await Deno.mkdir(configDir, { recursive: true, mode: 0o700 });
  await Deno.chmod(configDir, 0o700).catch(() => {});
}

/** Reads the token file; undefined when there is none. Tightens a file others can read. */
export async function readToken(configDir: string, log?: Logger): Promise<StoredToken | undefined> {
  const path = tokenPath(configDir);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  if (info.mode !== null && (info.mode & 0o077) !== 0) {
    await Deno.chmod(path, 0o600);
    log?.warn(`${path} was readable by other users; its mode is now 0600`);
  }
  let data: unknown;
  try {
    data = JSON.parse(await Deno.readTextFile(path));
  } catch {
    throw new UsageError(`${path} is not valid JSON; run \`gphotos-nas auth\` to create it again`);
  }
  if (typeof data !== "object" || data === null) {
    throw new UsageError(`${path} is not a token file; run \`gphotos-nas auth\` again`);
  }
  return data as StoredToken;
}

/**
 * Writes the token file atomically with mode 0600. A failed system call (a full or failing disk,
 * too many open files) is one line naming the file, never an internal error; the old file stays.
 */
export async function writeToken(configDir: string, token: StoredToken): Promise<string> {
  const path = tokenPath(configDir);
  const temp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await ensureConfigDir(configDir);
    await Deno.writeTextFile(temp, JSON.stringify(token, null, 2) + "\n", { mode: 0o600 });
    await Deno.chmod(temp, 0o600);
    await Deno.rename(temp, path);
    return path;
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    if (!isOsError(error)) throw error;
    throw new FatalIoError(
      `Cannot save the token in ${path}: ${(error as Error).message}; check the disk and the ` +
        `permissions of ` +
        `${configDir}, then run again`,
      { cause: error },
    );
  }
}
