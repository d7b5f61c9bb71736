/**
 * The web console's access token: 32 random bytes kept in `<config-dir>/web-token` (mode 0600),
 * created on the first `serve`, replaced by `serve --rotate-token`, compared in constant time. A
 * running console follows the file, so a rotation ends the old token's link and sessions at once.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import type { Logger } from "../ui/log.ts";

/** The token file's name inside the config folder. */
export const TOKEN_FILE = "web-token";

/** The console's token and whether this call created it (then it is shown once). */
export interface WebToken {
  /** The token (base64url). */
  value: string;
  /** True when the file did not exist before. */
  created: boolean;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Reads the token at `path`, tightening a file other users can read (as token.json is). */
async function readTokenFile(path: string, log?: Logger): Promise<string> {
  const info = await Deno.stat(path);
  if (info.mode !== null && (info.mode & 0o077) !== 0) {
    await Deno.chmod(path, 0o600);
    log?.warn(`${path} was readable by other users; its mode is now 0600`);
  }
  const value = (await Deno.readTextFile(path)).trim();
  if (/^[A-Za-z0-9_-]{32,}$/.test(value)) return value;
  throw new UsageError(
    `Cannot use the web console's token: ${path} is damaged; delete it and start serve again`,
  );
}

/** Reads `<configDir>/web-token`, creating it (0600, folder 0700) when missing. */
export async function loadOrCreateToken(configDir: string, log?: Logger): Promise<WebToken> {
  const path = join(configDir, TOKEN_FILE);
  try {
    return { value: await readTokenFile(path, log), created: false };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const value = randomToken();
  await Deno.mkdir(configDir, { recursive: true, mode: 0o700 });
  // createNew: two servers starting at once must not each write a different token.
  await Deno.writeTextFile(path, value + "\n", { createNew: true, mode: 0o600 });
  await Deno.chmod(path, 0o600);
  return { value, created: true };
}

/** Replaces the token with a new one (written aside, then renamed over: never half a token). */
export async function rotateToken(configDir: string): Promise<string> {
  const path = join(configDir, TOKEN_FILE);
  const value = randomToken();
  await Deno.mkdir(configDir, { recursive: true, mode: 0o700 });
  const temp = `${path}.new-${Deno.pid}`;
  await Deno.writeTextFile(temp, value + "\n", { mode: 0o600 });
  await Deno.chmod(temp, 0o600);
  await Deno.rename(temp, path);
  return value;
}

/**
 * The token as the file holds it now: re-read when the file changed (a rotation by another
 * process), so a running console never honours a replaced token. A file that went missing or bad
 * keeps the last good token rather than opening the door.
 */
export class TokenFile {
  #stamp = "";
  /** `value`: the token read at start. */
  constructor(
    private readonly path: string,
    private value: string,
    private readonly log?: Logger,
  ) {}

  /** The current token. */
  async current(): Promise<string> {
    const info = await Deno.stat(this.path).catch(() => undefined);
    const stamp = info ? `${info.ino}:${info.mtime?.getTime()}:${info.size}` : this.#stamp;
    if (stamp !== this.#stamp) {
      const fresh = await readTokenFile(this.path, this.log).catch(() => undefined);
      if (fresh) {
        if (this.#stamp && fresh !== this.value) {
          this.log?.info("web token replaced: sessions ended");
        }
        this.value = fresh;
        this.#stamp = stamp;
      }
    }
    return this.value;
  }
}

/** Whether `given` is the token, without leaking its length or prefix through timing. */
export function tokenMatches(token: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = new TextEncoder().encode(token);
  const b = new TextEncoder().encode(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
