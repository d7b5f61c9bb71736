/**
 * Google's OAuth endpoints for an installed app, simulated: the consent page approves at once and
 * redirects to the loopback address with `code` and `state`; the token endpoint checks the client,
 * the single-use code, the redirect URI and PKCE (S256), and refreshes tokens. Access tokens carry
 * scopes that the API endpoints check.
 *
 * Two behaviours of the real consent screen are played too: granular consent (the user may untick
 * a scope, and the token's `scope` then lists only what was granted), and the refresh token that
 * Google withholds when an account that already granted the client consents again without
 * `access_type=offline` and `prompt=consent`.
 *
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { json } from "./google_errors.ts";

/** The Library API scope that still works since 2025-03-31. */
export const LIBRARY_SCOPE =
  "https://www.googleapis.com/auth/photoslibrary.readonly.appcreateddata";
/** The Picker API scope. */
export const PICKER_SCOPE = "https://www.googleapis.com/auth/photospicker.mediaitems.readonly";
/**
 * The account that signs in on the consent page and owns tokens issued without a name: the
 * simulator's own library. Other accounts of a family are named in `SimulatorOptions.family`.
 */
export const MAIN_ACCOUNT = "main";

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string;
  /** The consent URL had `access_type=offline` and `prompt=consent`. */
  offlineConsent: boolean;
  /** The Google account that signed in on the consent page. */
  account: string;
  used: boolean;
}

/** Issued codes and tokens. */
export class TokenRegistry {
  readonly #codes = new Map<string, CodeGrant>();
  // Each token belongs to one Google account, as at Google: the APIs serve that account's library.
  readonly #refresh = new Map<string, { scopes: string[]; revoked: boolean; account: string }>();
  readonly #access = new Map<string, { scopes: string[]; expiresAt: number; account: string }>();
  readonly #ttlSec: number;
  /** Clients the account has granted before: a new consent then yields no refresh token by default. */
  readonly #granted = new Set<string>();
  /** Refreshes served, for tests. */
  refreshes = 0;

  /**
   * @param accessTtlSec `expires_in` of access tokens
   * @param grantedBefore client ids the account had already granted (another machine, an old auth)
   */
  constructor(accessTtlSec: number, grantedBefore: string[] = []) {
    this.#ttlSec = accessTtlSec;
    for (const id of grantedBefore) this.#granted.add(id);
  }

  /**
   * Records a consent of `clientId` and says whether it earns a refresh token: always the first
   * time, afterwards only when the consent URL asked for offline access and forced the prompt.
   */
  consented(clientId: string, offlineConsent: boolean): boolean {
    const first = !this.#granted.has(clientId);
    this.#granted.add(clientId);
    return first || offlineConsent;
  }

  /** Issues a refresh token directly (tests that skip the browser). */
  issueRefreshToken(scopes: string[], account: string = MAIN_ACCOUNT): string {
    const token = `1//sim-${randomBytes(24).toString("base64url")}`;
    this.#refresh.set(token, { scopes, revoked: false, account });
    return token;
  }

  /** Issues an access token for scopes. */
  issueAccessToken(scopes: string[], account: string = MAIN_ACCOUNT): string {
    const token = `ya29.sim-${randomBytes(24).toString("base64url")}`;
    this.#access.set(token, { scopes, expiresAt: Date.now() + this.#ttlSec * 1000, account });
    return token;
  }

  /** The account of a valid access token from an `Authorization` header, or undefined. */
  accountOf(authorization: string | null): string | undefined {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1];
    const entry = token ? this.#access.get(token) : undefined;
    return entry && entry.expiresAt > Date.now() ? entry.account : undefined;
  }

  /** One account's refresh tokens are revoked and its access tokens dropped (the others keep theirs). */
  revokeAccount(account: string): void {
    for (const entry of this.#refresh.values()) if (entry.account === account) entry.revoked = true;
    for (const [token, entry] of this.#access) {
      if (entry.account === account) this.#access.delete(token);
    }
  }

  /** The scopes of a valid access token from an `Authorization` header, or undefined. */
  scopesOf(authorization: string | null): string[] | undefined {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1];
    const entry = token ? this.#access.get(token) : undefined;
    if (!entry || entry.expiresAt <= Date.now()) return undefined;
    return entry.scopes;
  }

  /** Every refresh token is revoked and every access token dropped. */
  revokeAll(): void {
    for (const entry of this.#refresh.values()) entry.revoked = true;
    this.#access.clear();
  }

  /** Every access token expires now. */
  expireAccess(): void {
    for (const entry of this.#access.values()) entry.expiresAt = 0;
  }

  /** Records a code for the token endpoint. */
  addCode(code: string, grant: Omit<CodeGrant, "used">): void {
    this.#codes.set(code, { ...grant, used: false });
  }

  /** Takes a code once. */
  takeCode(code: string): CodeGrant | undefined {
    const grant = this.#codes.get(code);
    if (!grant || grant.used) return undefined;
    grant.used = true;
    return grant;
  }

  /** A live refresh token's scopes and account. */
  refreshGrant(token: string): { scopes: string[]; account: string } | undefined {
    const entry = this.#refresh.get(token);
    return entry && !entry.revoked ? entry : undefined;
  }

  /** `expires_in` of new access tokens. */
  get ttlSec(): number {
    return this.#ttlSec;
  }
}

function isLoopback(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

function page(status: number, text: string): Response {
  return new Response(`<!doctype html><title>Simulated Google sign-in</title><p>${text}</p>`, {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}

function oauthError(status: number, error: string, description: string): Response {
  return json({ error, error_description: description }, status);
}

/** Handles the OAuth paths; `undefined` for any other path. */
export async function handleOAuth(
  request: Request,
  url: URL,
  registry: TokenRegistry,
  client: { id: string; secret: string },
  untickedScopes: readonly string[] = [],
  accounts: ReadonlySet<string> = new Set([MAIN_ACCOUNT]),
): Promise<Response | undefined> {
  if (request.method === "GET" && /^\/o\/oauth2(\/v2)?\/auth$/.test(url.pathname)) {
    const q = url.searchParams;
    const redirectUri = q.get("redirect_uri") ?? "";
    if (q.get("client_id") !== client.id) return page(401, "Error 401: invalid_client");
    if (!isLoopback(redirectUri)) return page(400, "Error 400: redirect_uri_mismatch");
    if (q.get("response_type") !== "code") return page(400, "Error 400: unsupported_response_type");
    const scopes = (q.get("scope") ?? "").split(/\s+/).filter(Boolean);
    if (scopes.length === 0) return page(400, "Error 400: invalid_request (missing scope)");
    const challenge = q.get("code_challenge") ?? "";
    if (q.get("code_challenge_method") !== "S256" || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return page(400, "Error 400: invalid_request (PKCE S256 code_challenge required)");
    }
    // Who signs in: the person picks an account in Google's chooser; the browser a test plays
    // names it with `login_hint`, which Google also honours to preselect an account.
    const account = q.get("login_hint") ?? MAIN_ACCOUNT;
    if (!accounts.has(account)) return page(400, "Couldn't find your Google Account");
    const code = `4/sim-${randomBytes(18).toString("base64url")}`;
    const granted = scopes.filter((scope) => !untickedScopes.includes(scope));
    const offlineConsent = q.get("access_type") === "offline" &&
      (q.get("prompt") ?? "").split(" ").includes("consent");
    registry.addCode(code, {
      clientId: client.id,
      redirectUri,
      scopes: granted,
      challenge,
      offlineConsent,
      account,
    });
    const target = new URL(redirectUri);
    const state = q.get("state");
    if (state !== null) target.searchParams.set("state", state);
    target.searchParams.set("code", code);
    target.searchParams.set("scope", granted.join(" "));
    return new Response(null, { status: 302, headers: { location: target.href } });
  }
  if (request.method === "POST" && url.pathname === "/token") {
    const form = new URLSearchParams(await request.text());
    let clientId = form.get("client_id");
    let clientSecret = form.get("client_secret");
    const basic = /^Basic\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
    if (basic) [clientId, clientSecret] = atob(basic).split(":");
    if (clientId !== client.id || clientSecret !== client.secret) {
      return oauthError(401, "invalid_client", "The OAuth client was not found.");
    }
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const grant = registry.takeCode(form.get("code") ?? "");
      if (!grant) return oauthError(400, "invalid_grant", "Malformed auth code.");
      if (grant.redirectUri !== form.get("redirect_uri")) {
        return oauthError(400, "redirect_uri_mismatch", "Bad Request");
      }
      const verifier = form.get("code_verifier") ?? "";
      const computed = createHash("sha256").update(verifier).digest("base64url");
      if (computed !== grant.challenge) {
        return oauthError(400, "invalid_grant", "Invalid code verifier.");
      }
      const withRefresh = registry.consented(grant.clientId, grant.offlineConsent);
      return json({
        access_token: registry.issueAccessToken(grant.scopes, grant.account),
        expires_in: registry.ttlSec,
        ...(withRefresh
          ? { refresh_token: registry.issueRefreshToken(grant.scopes, grant.account) }
          : {}),
        scope: grant.scopes.join(" "),
        token_type: "Bearer",
      });
    }
    if (grantType === "refresh_token") {
      const refresh = registry.refreshGrant(form.get("refresh_token") ?? "");
      if (!refresh) return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
      const { scopes, account } = refresh;
      registry.refreshes++;
      return json({
        access_token: registry.issueAccessToken(scopes, account),
        expires_in: registry.ttlSec,
        scope: scopes.join(" "),
        token_type: "Bearer",
      });
    }
    return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType}`);
  }
  if (request.method === "POST" && url.pathname === "/revoke") {
    return json({});
  }
  return undefined;
}
