/**
 * `gphotos-nas serve`: the web console on the NAS. See the backup's health and start a pick (or an
 * import, or a verify) from a phone's browser.
 *
 * @module
 */
import { resolve } from "node:path";
import { parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { loadConfig } from "../config/config_file.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { homeOptions } from "../library/index_home.ts";
import { createConsole } from "../web/server.ts";
import { loadOrCreateToken } from "../web/token.ts";

/** `serve --help`. */
export const help = `gphotos-nas serve — a web console: backup health, runs, and picks from a phone

Usage:
  gphotos-nas serve --dest DIR [--listen HOST:PORT] [--inbox DIR] [--allow-host NAME]...
  gphotos-nas serve --show-url [--listen HOST:PORT]

Serves the status of the library, the history of runs, and buttons to start a pick (with Google's
link and a QR code to open it on a phone), an import of the Takeout inbox, or a verify. Runs
started here take the same library lock as scheduled runs: only one writes at a time.

Every request needs the console's token, created on the first start in <config-dir>/web-token and
shown once as a link (\`--show-url\` prints it again); the link stores it in a cookie.

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

function consoleUrl(hostname: string, port: number, token: string): string {
  // 0.0.0.0 is no address a browser can open: name this machine's loopback instead.
  const host = hostname === "0.0.0.0" || hostname === "::"
    ? "127.0.0.1"
    : hostname.includes(":")
    ? `[${hostname}]`
    : hostname;
  return `http://${host}:${port}/?token=${token}`;
}

/** Runs `serve`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("serve", args);
  const { hostname, port } = parseListen(values.listen ?? DEFAULT_LISTEN);
  const token = await loadOrCreateToken(ctx.configDir);
  if (values["show-url"]) {
    ctx.writeStdout(consoleUrl(hostname, port, token.value) + "\n");
    return ExitCode.Ok;
  }
  const dest = values.dest ?? (await loadConfig(ctx.configDir)).dest;
  if (!dest) throw new UsageError("serve: --dest is missing: name the backup folder");
  const options = {
    dest: resolve(dest),
    configDir: ctx.configDir,
    where: homeOptions(ctx),
    inbox: values.inbox ? resolve(values.inbox) : undefined,
    token: token.value,
    port,
    allowedHosts: values["allow-host"] ?? [],
    env: ctx.env,
  };
  const { handler, jobs } = createConsole(options);
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname,
      port,
      signal: ctx.signal,
      onListen: () => {},
      onError: () => new Response("Cannot answer: internal error\n", { status: 500 }),
    }, handler);
  } catch (error) {
    throw new UsageError(
      `Cannot listen on ${hostname}:${port}: ${(error as Error).message}; ` +
        "choose another --listen address or stop what uses it",
    );
  }
  // Port 0 asks the system for a free port: the Host check must expect the real one.
  const actualPort = options.port = server.addr.port;
  if (token.created) {
    // Shown once, on stdout only (not in a log line): the link that logs a browser in.
    ctx.writeStdout(
      `open this link once to log in (again: gphotos-nas serve --show-url):\n${
        consoleUrl(hostname, actualPort, token.value)
      }\n`,
    );
  }
  ctx.log.info(
    `web console on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${actualPort}/` +
      (hostname === "127.0.0.1" || hostname === "localhost"
        ? " (this machine only; reach it with ssh -L, or --listen 0.0.0.0:PORT)"
        : ""),
  );
  ctx.signal.addEventListener("abort", () => jobs.cancel());
  await server.finished;
  await jobs.settled();
  return ExitCode.Ok;
}
