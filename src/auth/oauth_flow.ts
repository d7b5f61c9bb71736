/**
 * The installed-app OAuth flow: a loopback listener on 127.0.0.1, PKCE (S256) and a checked `state`,
 * through google-auth-library's `OAuth2Client`. On a headless NAS the user opens the consent URL on
 * any device; when the browser lands on the unreachable `http://127.0.0.1:PORT/?code=…` page, the
 * user pastes that address into the waiting prompt, which completes the flow just as the listener
 * would. Whichever arrives first wins.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { CodeChallengeMethod } from "google-auth-library";
import { AuthError, UsageError } from "../errors.ts";
import type { Logger } from "../ui/log.ts";
import { oauthClient, tokenError } from "./access.ts";
import type { ClientSecret } from "./client_secret.ts";
import { SCOPE_PREFIX, SCOPE_USES } from "../net/scopes.ts";
import type { StoredToken } from "./token_store.ts";

/** The scopes asked for by default: every scope a command uses. */
export const DEFAULT_SCOPES: string[] = SCOPE_USES.map((use) => use.scope);

/** Expands short scope names (`photospicker.mediaitems.readonly`) to full URLs. */
export function expandScopes(list: string): string[] {
  const scopes = list.split(",").map((s) => s.trim()).filter(Boolean)
    .map((s) => (s.includes("://") ? s : SCOPE_PREFIX + s));
  if (scopes.length === 0) throw new UsageError("--scopes: give at least one scope");
  return scopes;
}

/** Options of {@linkcode runAuthFlow}. */
export interface AuthFlowOptions {
  /** The client file. */
  secret: ClientSecret;
  /** Scopes to request. */
  scopes: string[];
  /** Loopback port (0: any free port). */
  port: number;
  /** Opens the consent URL in a browser; resolves false when none could be opened. */
  openBrowser?: (url: string) => Promise<boolean>;
  /** Lines the user pastes (stdin). */
  input: ReadableStream<Uint8Array>;
  /** Prompts. */
  log: Logger;
  /** Aborts the wait. */
  signal: AbortSignal;
}

/** Extracts `code`, `state` and `error` from a pasted redirect address or query string. */
export function parseRedirect(text: string): { code?: string; state?: string; error?: string } {
  const trimmed = text.trim();
  const query = trimmed.includes("?") ? trimmed.slice(trimmed.indexOf("?") + 1) : trimmed;
  const params = new URLSearchParams(query.replace(/#.*$/, ""));
  return {
    code: params.get("code") ?? undefined,
    state: params.get("state") ?? undefined,
    error: params.get("error") ?? undefined,
  };
}

const DONE_PAGE = "<!doctype html><title>gphotos-nas</title><p>gphotos-nas is authorized. " +
  "You can close this tab.</p>";

/** Runs the flow and resolves to the tokens Google issued. */
export async function runAuthFlow(options: AuthFlowOptions): Promise<StoredToken> {
  const { log, secret, scopes } = options;
  const state = randomBytes(24).toString("base64url");
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const codePromise = new Promise<string>((resolve, reject) => settle = { resolve, reject });

  const accept = (params: { code?: string; state?: string; error?: string }): string => {
    if (params.state !== state) return "mismatch";
    if (params.error) {
      settle.reject(
        new AuthError(
          params.error === "access_denied"
            ? "consent was refused in the browser; run `gphotos-nas auth` again and allow access"
            : `Google answered the sign-in with "${params.error}"; run \`gphotos-nas auth\` again`,
        ),
      );
      return "error";
    }
    if (!params.code) return "mismatch";
    settle.resolve(params.code);
    return "ok";
  };

  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port,
      onListen: () => {},
    }, (request) => {
      const outcome = accept(parseRedirect(request.url));
      if (outcome === "mismatch") {
        return new Response("This sign-in response does not belong to the waiting gphotos-nas.", {
          status: 400,
        });
      }
      return new Response(outcome === "ok" ? DONE_PAGE : "Sign-in refused.", {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    });
  } catch (error) {
    throw new UsageError(
      `cannot listen on 127.0.0.1:${options.port} (${
        (error as Error).message
      }); choose another --port`,
    );
  }
  const redirectUri = `http://127.0.0.1:${server.addr.port}/`;
  const client = oauthClient(secret, redirectUri);
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  // Without offline access and a forced prompt, an account that already granted this client may
  // get no refresh token at all, and `auth` could never succeed again.
  const url = client.generateAuthUrl({
    access_type: "offline",
    prompt: "consent",
    scope: scopes,
    state,
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
    redirect_uri: redirectUri,
  });

  log.info("Open this address in a browser, sign in and allow access:");
  log.info(`  ${url}`);
  const opened = options.openBrowser ? await options.openBrowser(url).catch(() => false) : false;
  log.info(
    opened
      ? "(a browser was opened). If it cannot reach this machine, paste the address it lands on here:"
      : "On a headless NAS: open it on any computer or phone. The browser then lands on an address " +
        `starting with ${redirectUri} that it cannot open: copy that whole address and paste it ` +
        "here, then press Enter.",
  );

  const reader = options.input.pipeThrough(new TextDecoderStream()).getReader();
  const readLines = async () => {
    let buffer = "";
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line) continue;
        const outcome = accept(parseRedirect(line));
        if (outcome === "mismatch") {
          log.warn(
            "that address does not belong to this sign-in (its state or code is missing or " +
              "different); paste the address of the page the browser landed on just now",
          );
        }
        if (outcome !== "mismatch") return;
      }
    }
  };
  readLines().catch(() => {});
  const onAbort = () => settle.reject(options.signal.reason);
  options.signal.addEventListener("abort", onAbort, { once: true });

  try {
    const code = await codePromise;
    try {
      const { tokens } = await client.getToken({ code, codeVerifier, redirect_uri: redirectUri });
      if (!tokens.refresh_token) {
        throw new AuthError(
          "Cannot authorize: Google issued no refresh token although it was asked for offline " +
            "access; remove gphotos-nas at https://myaccount.google.com/permissions, then run " +
            "`gphotos-nas auth` again",
        );
      }
      return {
        refresh_token: tokens.refresh_token,
        access_token: tokens.access_token ?? undefined,
        expiry_date: tokens.expiry_date ?? undefined,
        scope: tokens.scope ?? scopes.join(" "),
        token_type: tokens.token_type ?? "Bearer",
        refresh_token_issued_at: Date.now(),
      };
    } catch (error) {
      throw error instanceof AuthError ? error : tokenError(error);
    }
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    await reader.cancel().catch(() => {});
    await server.shutdown();
  }
}
