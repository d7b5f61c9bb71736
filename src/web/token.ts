/**
 * The web console's access token: 32 random bytes kept in `<config-dir>/web-token` (mode 0600),
 * created on the first `serve`, compared in constant time.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import { UsageError } from "../errors.ts";

/** The token file's name inside the config folder. */
export const TOKEN_FILE = "web-token";

/** The console's token and whether this call created it (then it is shown once). */
export interface WebToken {
  /** The token (base64url). */
  value: string;
  /** True when the file did not exist before. */
  created: boolean;
}

/** Reads `<configDir>/web-token`, creating it (0600, folder 0700) when missing. */
export async function loadOrCreateToken(configDir: string): Promise<WebToken> {
  const path = join(configDir, TOKEN_FILE);
  try {
    const value = (await Deno.readTextFile(path)).trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(value)) return { value, created: false };
    throw new UsageError(
      `Cannot use the web console's token: ${path} is damaged; delete it and start serve again`,
    );
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const value = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  await Deno.mkdir(configDir, { recursive: true, mode: 0o700 });
  // createNew: two servers starting at once must not each write a different token.
  await Deno.writeTextFile(path, value + "\n", { createNew: true, mode: 0o600 });
  await Deno.chmod(path, 0o600);
  return { value, created: true };
}

/** Whether `given` is the token, without leaking its length or prefix through timing. */
export function tokenMatches(token: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = new TextEncoder().encode(token);
  const b = new TextEncoder().encode(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
