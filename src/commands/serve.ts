/**
 * `gphotos-nas serve`: the web console on the NAS. See the backup's health and start a pick (or an
 * import, or a verify) from a phone's browser.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { loadConfig } from "../config/config_file.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { createConsole } from "../web/server.ts";
import { type Door, openDoor } from "../web/front_door.ts";
import { loadOrCreateToken, rotateToken, TOKEN_FILE, TokenFile } from "../web/token.ts";
import { consoleHosts, loginUrl } from "../web/address.ts";
import { terminalQr } from "../ui/picker_prompt.ts";
import { homeOptions } from "../run/settings.ts";

/** `serve --help`. */
export const help = `gphotos-nas serve — a web console: backup health, runs, and picks from a phone

Usage:
  gphotos-nas serve --dest DIR [--listen HOST:PORT] [--inbox DIR] [--allow-host NAME]...
  gphotos-nas serve --show-url [--listen HOST:PORT]
  gphotos-nas serve --rotate-token [--listen HOST:PORT]

Serves the status of the library, the history of runs, and buttons to start a pick (with Google's
link and a QR code to open it on a phone), an import of the Takeout inbox, or a verify. Runs
started here take the same library lock as scheduled runs: only one writes at a time.

Every request needs the console's token, created on the first start in <config-dir>/web-token and
shown once as a link (\`--show-url\` prints it again, with a QR code on a terminal). Opening the
link trades the token for a browser session (a cookie that lasts 12 hours, renewed while used);
\`--rotate-token\` replaces the token and ends every session. Listening on 0.0.0.0, the link names
this machine's LAN address, for a phone. See docs/WEB.md for reaching it safely.

Exit codes: 0 · 2 bad usage, or the address is in use · 130/143 stopped by SIGINT/SIGTERM

Examples:
  gphotos-nas serve --dest /volume1/photos
  gphotos-nas serve --dest /volume1/photos --listen 0.0.0.0:8727 --allow-host nas.local
  gphotos-nas serve --show-url --listen 192.168.1.20:8727
`;

/** The default listen address. */
export const DEFAULT_LISTEN = "127.0.0.1:8727";

/** Parses `HOST:PORT` (`[::1]:PORT` for IPv6). */
export function parseListen(value: string): { hostname: string; port: number } {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || !(port >= 0 && port <= 65535)) {
    throw new UsageError(`serve: --listen "${value}" is not HOST:PORT, e.g. 127.0.0.1:8727`);
  }
  return { hostname: match[1].replace(/^\[|\]$/g, ""), port };
}

/** Prints the login link, and its QR code when a person is looking at a terminal. */
function showLink(ctx: CommandContext, text: string, url: string): void {
  ctx.writeStdout(`${text}${url}\n`);
  if (ctx.isTty) ctx.writeStdout(terminalQr(url));
}

/** Runs `serve`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("serve", args);
  const { hostname, port } = parseListen(values.listen ?? DEFAULT_LISTEN);
  if (values["rotate-token"]) {
    const value = await rotateToken(ctx.configDir);
    ctx.log.info("web token replaced: every browser session has ended; log in with the new link");
    showLink(ctx, "", loginUrl(hostname, port, value));
    return ExitCode.Ok;
  }
  const token = await loadOrCreateToken(ctx.configDir, ctx.log);
  if (values["show-url"]) {
    showLink(ctx, "", loginUrl(hostname, port, token.value));
    return ExitCode.Ok;
  }
  const config = await loadConfig(ctx.configDir);
  const dest = values.dest ?? config.dest;
  if (!dest) throw new UsageError("serve: --dest is missing: name the backup folder");
  const options = {
    dest: resolve(dest),
    configDir: ctx.configDir,
    where: homeOptions(ctx),
    inbox: values.inbox ? resolve(values.inbox) : undefined,
    token: token.value,
    tokens: new TokenFile(join(ctx.configDir, TOKEN_FILE), token.value, ctx.log),
    port,
    allowedHosts: consoleHosts(hostname, [...values["allow-host"] ?? [], ...config.webHosts ?? []]),
    env: ctx.env,
    loaders: {
      pick: () => import("./pick.ts"),
      import: () => import("./import.ts"),
      verify: () => import("./verify.ts"),
    },
  };
  const { handler, jobs } = createConsole(options);
  let door: Door;
  try {
    door = await openDoor({ hostname, port }, handler, { log: ctx.log, signal: ctx.signal });
  } catch (error) {
    throw new UsageError(
      `Cannot listen on ${hostname}:${port}: ${(error as Error).message}; ` +
        "choose another --listen address or stop what uses it",
    );
  }
  // Port 0 asks the system for a free port: the Host check must expect the real one.
  const actualPort = options.port = door.addr.port;
  if (token.created) {
    // Shown once, on stdout only (not in a log line): the link that logs a browser in.
    showLink(
      ctx,
      "open this link once to log in (again: gphotos-nas serve --show-url):\n",
      loginUrl(hostname, actualPort, token.value),
    );
  }
  ctx.log.info(
    `web console on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${actualPort}/` +
      (hostname === "127.0.0.1" || hostname === "localhost"
        ? " (this machine only; reach it with ssh -L, or --listen 0.0.0.0:PORT)"
        : ""),
  );
  ctx.signal.addEventListener("abort", () => jobs.cancel());
  await door.finished;
  await jobs.settled();
  return ExitCode.Ok;
}
