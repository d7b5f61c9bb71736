/**
 * `gphotos-nas auth`: authorize once (loopback + PKCE), headless-friendly.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { accountDir, DEFAULT_ACCOUNT } from "../auth/accounts.ts";
import { intFlag, parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { clientSecretPath, loadClientSecret } from "../auth/client_secret.ts";
import { DEFAULT_SCOPES, expandScopes, runAuthFlow } from "../auth/oauth_flow.ts";
import { ensureConfigDir, writeToken } from "../auth/token_store.ts";
import { checkGrant, noUsableScopeMessage, scopeOfApi } from "../net/scopes.ts";
import { AuthError, ExitCode } from "../errors.ts";

/** `auth --help`. */
export const help = `gphotos-nas auth — authorize gphotos-nas with your Google account (once)

Usage:
  gphotos-nas auth [--account NAME] [--client-secret FILE] [--no-browser] [--port N] [--scopes S,S]

It prints a consent address. Open it in any browser, sign in and allow access. On a headless NAS
(over SSH) the browser then lands on an http://127.0.0.1:PORT/?…code=… address it cannot open: copy
that whole address into the waiting prompt and press Enter. The refresh token is stored in
<config-dir>/token.json (mode 0600) and is never printed. With --account NAME (a household member's
Google account) the client and token go to <config-dir>/accounts/NAME/ instead; without a
--client-secret, a new account reuses the default account's client file.

Exit codes: 0 authorized (a warning names each scope you unticked and the command it disables) ·
            1 Google unreachable · 2 bad usage or client file · 3 consent refused, Google refused
            the code, or none of the scopes gphotos-nas uses was granted

Examples:
  gphotos-nas auth --client-secret ~/Downloads/client_secret_1234.json
  gphotos-nas auth --no-browser                     # on a NAS, over SSH
  gphotos-nas auth --account ben --no-browser       # a second member of the household
  ssh -L 8085:127.0.0.1:8085 nas gphotos-nas auth --port 8085 --no-browser
`;

/** Opens a URL where a desktop exists; false on a headless box. */
async function openBrowser(url: string, env: (name: string) => string | undefined) {
  const mac = Deno.build.os === "darwin";
  if (!mac && !env("DISPLAY") && !env("WAYLAND_DISPLAY")) return false;
  try {
    const child = new Deno.Command(mac ? "open" : "xdg-open", {
      args: [url],
      stdout: "null",
      stderr: "null",
    }).spawn();
    return (await child.status).success;
  } catch {
    return false;
  }
}

/** Runs `auth`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("auth", args);
  const port = intFlag("port", values.port, 0, 0, 65535);
  const scopes = values.scopes ? expandScopes(values.scopes) : DEFAULT_SCOPES;
  // Every folder made on the way is 0700: <config-dir>, accounts/ and the account's own.
  await ensureConfigDir(ctx.configDir);
  await ensureConfigDir(ctx.account.dir);
  const target = clientSecretPath(ctx.account.dir);
  // A household usually has one OAuth client: a new member's auth reuses the default account's.
  const shared = clientSecretPath(accountDir(ctx.configDir, DEFAULT_ACCOUNT));
  const source = values["client-secret"] ??
    (target !== shared && !existsSync(target) && existsSync(shared) ? shared : undefined);
  if (source) {
    await loadClientSecret(source);
    await Deno.copyFile(source, target);
    await Deno.chmod(target, 0o600);
    if (source === shared) {
      ctx.log.info(`using the OAuth client of the default account (${shared})`);
    }
  }
  const secret = await loadClientSecret(target);
  const token = await runAuthFlow({
    secret,
    scopes,
    port,
    openBrowser: values["no-browser"] ? undefined : (url) => openBrowser(url, ctx.env),
    input: Deno.stdin.readable,
    log: ctx.log,
    signal: ctx.signal,
  });
  const granted = (token.scope ?? "").split(/\s+/).filter(Boolean);
  const check = checkGrant(scopes, granted);
  // A grant no command can use must not replace an authorization that works.
  if (!check.usable) throw new AuthError(noUsableScopeMessage());
  const path = await writeToken(ctx.account.dir, token);
  ctx.log.info(`authorized for: ${granted.join(", ")}`);
  for (const warning of check.warnings) ctx.log.warn(warning);
  const next = granted.includes(scopeOfApi("Picker API")!.scope) ? "pick" : "backup";
  ctx.log.info(`the token is stored in ${path} (mode 0600); next: gphotos-nas ${next} --dest DIR`);
  return ExitCode.Ok;
}
