/**
 * Browser sessions of the console. The login link's token is exchanged once for a session cookie:
 * a signed value (HMAC-SHA256 keyed by the token) holding when it was issued and when its login
 * happened, nothing else. Cookies are not scoped by port, so another web service on the NAS may
 * receive it: what it gets is a session that dies within hours and cannot be turned into the
 * token. Signed rather than stored, a session survives a restart of `serve` (an open page
 * reconnects), and rotating the token changes the key, which ends every session at once.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** A session lives this long after it was last issued or renewed. */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** A session used after this age is issued again (sliding), so a page in use stays logged in. */
const RENEW_AFTER_MS = 3_600_000;
/** However it is renewed, a login ends after this long: then the link is needed again. */
const LOGIN_MAX_MS = 30 * 86_400_000;

/** The cookie's name: with the port, so two consoles on one host do not overwrite each other's. */
export function sessionCookieName(port: number): string {
  return `gphotos_nas_session_${port}`;
}

function mac(token: string, body: string): string {
  return createHmac("sha256", token).update(`gphotos-nas session ${body}`).digest("base64url");
}

/**
 * A new session value, issued at `issuedAt` for a login at `loginAt` (default: the same time);
 * `id` names the login (random; kept when the session is renewed).
 */
export function newSession(
  token: string,
  issuedAt = Date.now(),
  loginAt = issuedAt,
  id = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(9))))
    .replace(/\+/g, "-").replace(/\//g, "_"),
): string {
  const body = `${issuedAt.toString(36)}.${loginAt.toString(36)}.${id}`;
  return `${body}.${mac(token, body)}`;
}

/** What a session cookie is worth now: nothing, or valid (with a renewed value when due). */
export type SessionCheck = { valid: false } | { valid: true; id: string; renewed?: string };

/** Checks `value` against the current token at `now`. */
export function checkSession(
  token: string,
  value: string | undefined,
  now = Date.now(),
): SessionCheck {
  const parts = value?.split(".") ?? [];
  if (parts.length !== 4) return { valid: false };
  const body = parts.slice(0, 3).join(".");
  const expected = new TextEncoder().encode(mac(token, body));
  const given = new TextEncoder().encode(parts[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { valid: false };
  }
  const issued = parseInt(parts[0], 36);
  const login = parseInt(parts[1], 36);
  if (!(now - issued < SESSION_TTL_MS) || !(now - login < LOGIN_MAX_MS) || issued > now + 60_000) {
    return { valid: false };
  }
  const id = parts[2];
  return now - issued > RENEW_AFTER_MS
    ? { valid: true, id, renewed: newSession(token, now, login, id) }
    : { valid: true, id };
}

/** The `Set-Cookie` value of a session (HttpOnly, SameSite=Strict, the session's lifetime). */
export function sessionCookie(port: number, value: string): string {
  return `${sessionCookieName(port)}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${
    SESSION_TTL_MS / 1000
  }`;
}
