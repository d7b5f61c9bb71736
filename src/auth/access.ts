/**
 * Access tokens for API calls: the stored refresh token is exchanged through google-auth-library's
 * `OAuth2Client` when the access token is missing, about to expire, or refused (401); refreshed
 * tokens are saved. A revoked or expired refresh token (`invalid_grant`) becomes an
 * {@linkcode AuthError} that tells the user to run `auth` again.
 *
 * @module
 */
import { OAuth2Client } from "google-auth-library";
import { AuthError, UnreachableError } from "../errors.ts";
import { unreachable } from "../net/unreachable.ts";
import { RetryableError } from "../net/retry.ts";
import type { Logger } from "../ui/log.ts";
import { type ClientSecret, clientSecretPath, loadClientSecret } from "./client_secret.ts";
import { readToken, type StoredToken, writeToken } from "./token_store.ts";

/** Gives access tokens to the API clients. */
export interface AccessTokenProvider {
  /** A valid access token (refreshed within 60 s of expiry). */
  getAccessToken(): Promise<string>;
  /** A new access token now (after a 401). */
  refresh(): Promise<string>;
  /** The scopes granted. */
  scopes(): string[];
}

/** How long a token request may wait for its answer: a silent token host must not hold a run. */
export const TOKEN_TIMEOUT_MS = 30_000;

/**
 * An OAuth2Client for a client file.
 *
 * @internal for the auth modules; google-auth-library's own types are not documented here.
 */
export function oauthClient(
  secret: ClientSecret,
  redirectUri?: string,
  timeoutMs = TOKEN_TIMEOUT_MS,
): OAuth2Client {
  return new OAuth2Client({
    clientId: secret.clientId,
    clientSecret: secret.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: secret.authUri, oauth2TokenUrl: secret.tokenUri },
    transporterOptions: { timeout: timeoutMs },
  });
}

interface GaxiosLike {
  message?: string;
  code?: string;
  status?: number;
  config?: { url?: string | URL; timeout?: number };
  response?: { status?: number; data?: { error?: string; error_description?: string } };
}

/** Maps a failed token request to an error that carries no token text. */
export function tokenError(error: unknown): Error {
  const e = error as GaxiosLike;
  const oauthError = e.response?.data?.error ??
    (e.message === "invalid_grant" ? "invalid_grant" : "");
  if (oauthError === "invalid_grant") {
    return new AuthError(
      "Google refused the stored authorization (the refresh token was revoked or has expired; " +
        'apps left in "Testing" status get tokens that expire after 7 days): run ' +
        "`gphotos-nas auth` again",
    );
  }
  if (oauthError === "invalid_client" || oauthError === "unauthorized_client") {
    return new AuthError(
      "Google does not accept the OAuth client in client_secret.json (deleted or wrong client?): " +
        "run `gphotos-nas auth --client-secret FILE` with a current Desktop app client",
    );
  }
  if (e.code === "TimeoutError") {
    return new UnreachableError(
      hostOf(e.config?.url),
      `no answer within ${(e.config?.timeout ?? TOKEN_TIMEOUT_MS) / 1000} s`,
      { cause: error },
    );
  }
  const status = e.response?.status ?? e.status;
  if (status !== undefined && status >= 500) {
    return new RetryableError("server", `token endpoint answered ${status}`);
  }
  if (status !== undefined) {
    return new AuthError(`the token endpoint refused the refresh (${status} ${oauthError}).`);
  }
  return unreachable(error, e.config?.url ?? "the token endpoint") ??
    new RetryableError("network", `Cannot reach the token endpoint: ${e.code ?? "network error"}`);
}

function hostOf(url: string | URL | undefined): string {
  try {
    return new URL(url ?? "").host;
  } catch {
    return "the token endpoint";
  }
}

/** Builds the provider from the config folder's token and client files. */
export async function createAccessTokenProvider(
  configDir: string,
  log: Logger,
): Promise<AccessTokenProvider> {
  const stored = await readToken(configDir, log);
  if (!stored?.refresh_token) {
    throw new AuthError("not authorized yet: run `gphotos-nas auth` first");
  }
  const secret = await loadClientSecret(clientSecretPath(configDir));
  const client = oauthClient(secret);
  let token: StoredToken = stored;
  let pending: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    pending ??= (async () => {
      client.setCredentials({ refresh_token: token.refresh_token });
      let credentials;
      try {
        ({ credentials } = await client.refreshAccessToken());
      } catch (error) {
        throw tokenError(error);
      }
      token = {
        ...token,
        access_token: credentials.access_token ?? undefined,
        expiry_date: credentials.expiry_date ?? undefined,
        scope: credentials.scope ?? token.scope,
        token_type: credentials.token_type ?? "Bearer",
        refresh_token: credentials.refresh_token ?? token.refresh_token,
      };
      await writeToken(configDir, token);
      return token.access_token!;
    })().finally(() => pending = undefined);
    return pending;
  };

  return {
    getAccessToken() {
      if (token.access_token && (token.expiry_date ?? 0) > Date.now() + 60_000) {
        return Promise.resolve(token.access_token);
      }
      return refresh();
    },
    refresh,
    scopes: () => (token.scope ?? "").split(/\s+/).filter(Boolean),
  };
}
