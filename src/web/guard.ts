/**
 * Who may talk to the console: the `Host` header must name this server (against DNS rebinding),
 * the request must carry the token (cookie, or `Authorization: Bearer` on `/api/`), and a
 * state-changing request must come from the console's own pages (CSRF).
 *
 * @module
 */
import { tokenMatches } from "./token.ts";

/** The cookie that carries the token. */
export const COOKIE = "gphotos_nas_token";

/** What the guard needs to know about the server. */
export interface GuardOptions {
  /** The access token. */
  token: string;
  /** The port the server listens on. */
  port: number;
  /** Host names (without port) besides IP literals and `localhost` that may reach the server. */
  allowedHosts: readonly string[];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Whether the `Host` header names this server. IP literals cannot be rebound by a foreign DNS
 * name, and `localhost` is the machine itself; any other name must be listed (`--allow-host`).
 */
export function hostAllowed(host: string | null, options: GuardOptions): boolean {
  if (!host) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase());
  if (!match) return false;
  const [, name, port] = match;
  if (port !== undefined && Number(port) !== options.port) return false;
  return IPV4.test(name) || name.startsWith("[") || name === "localhost" ||
    options.allowedHosts.some((h) => h.toLowerCase() === name);
}

function cookieToken(request: Request): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
  return undefined;
}

/** How a request proved it holds the token, if it did. */
export type Credential = "cookie" | "bearer" | undefined;

/** Which valid credential the request carries. Bearer is accepted on `/api/` only. */
export function credential(request: Request, url: URL, options: GuardOptions): Credential {
  const auth = request.headers.get("authorization");
  if (url.pathname.startsWith("/api/") && auth?.startsWith("Bearer ")) {
    return tokenMatches(options.token, auth.slice(7).trim()) ? "bearer" : undefined;
  }
  return tokenMatches(options.token, cookieToken(request)) ? "cookie" : undefined;
}

/**
 * Whether a state-changing request may act. A browser sends cookies along with cross-site
 * requests, so a cookie-authenticated POST must also show it came from this origin; a Bearer
 * token is never sent by a browser on its own, so it needs no such proof.
 */
export function sameOrigin(request: Request, how: Credential): boolean {
  if (how === "bearer") return true;
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const origin = request.headers.get("origin");
  return origin !== null && origin === `http://${request.headers.get("host")}`;
}

/** The `Set-Cookie` value that stores the token in the browser. */
export function tokenCookie(token: string): string {
  return `${COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000`;
}
