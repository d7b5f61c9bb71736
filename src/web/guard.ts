/**
 * Who may talk to the console: the `Host` header must name this server (against DNS rebinding),
 * the request must carry a session (cookie) or the token (`Authorization: Bearer` on `/api/`), and
 * a state-changing request must come from the console's own pages (CSRF).
 *
 * @module
 */
import { checkSession, sessionCookieName } from "./session.ts";
import { tokenMatches } from "./token.ts";

/** What the guard needs to know about the server. */
export interface GuardOptions {
  /** The access token (the current one: a rotation replaces it). */
  token: string;
  /** The port the server listens on (it names the session cookie). */
  port: number;
  /**
   * Host names (without port) besides IP literals and `localhost` that may reach the server:
   * the listen address, this machine's names, `--allow-host` and `webHosts` of config.json.
   */
  allowedHosts: readonly string[];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Whether the `Host` header names this server. IP literals cannot be rebound by a foreign DNS
 * name, and `localhost` is the machine itself; any other name must be listed. Any port: a
 * forwarded port (`ssh -L 9000:…`, Docker's `8080:8727`, a reverse proxy) reaches the same server,
 * and the port is no defence against rebinding, the name is.
 */
export function hostAllowed(host: string | null, options: GuardOptions): boolean {
  if (!host) return false;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(host.toLowerCase());
  if (!match) return false;
  const name = match[1].replace(/\.$/, "");
  return IPV4.test(name) || name.startsWith("[") || name === "localhost" ||
    options.allowedHosts.some((h) => h.toLowerCase().replace(/\.$/, "") === name);
}

function cookieValue(request: Request, cookie: string): string | undefined {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === cookie) return value.join("=");
  }
  return undefined;
}

/** How a request proved who it is, if it did; a session may come with its renewed value. */
export type Credential =
  | { how: "session"; id: string; renewed?: string }
  | { how: "bearer" }
  | undefined;

/** Which valid credential the request carries. Bearer is accepted on `/api/` only. */
export function credential(request: Request, url: URL, options: GuardOptions): Credential {
  const auth = request.headers.get("authorization");
  if (url.pathname.startsWith("/api/") && auth?.startsWith("Bearer ")) {
    return tokenMatches(options.token, auth.slice(7).trim()) ? { how: "bearer" } : undefined;
  }
  const session = checkSession(
    options.token,
    cookieValue(request, sessionCookieName(options.port)),
  );
  return session.valid ? { how: "session", id: session.id, renewed: session.renewed } : undefined;
}

/**
 * Whether a state-changing request may act. A browser sends cookies along with cross-site
 * requests, so a cookie-authenticated POST must also show it came from this origin; a Bearer
 * token is never sent by a browser on its own, so it needs no such proof.
 */
export function sameOrigin(request: Request, who: Credential): boolean {
  if (who?.how === "bearer") return true;
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  const origin = request.headers.get("origin");
  return origin !== null && origin === `http://${request.headers.get("host")}`;
}
