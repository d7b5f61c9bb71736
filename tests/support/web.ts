/**
 * Starts `gphotos-nas serve` as a subprocess on a free loopback port, the way a user does, and
 * hands the tests its origin and token.
 *
 * @module
 */
import { join } from "node:path";
import { permissionFlags } from "../../scripts/compile.ts";
import { ROOT, spawnCli } from "./cli.ts";

/** `spawnCli` with at most `fdLimit` open files (`ulimit -n`), as on a small NAS. */
function spawnLimited(args: string[], env: Record<string, string>, fdLimit: number) {
  return new Deno.Command("sh", {
    args: [
      "-c",
      `ulimit -n ${fdLimit} && exec "$0" "$@"`,
      Deno.execPath(),
      "run",
      "-A",
      "src/main.ts",
      ...args,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1", GPHOTOS_NAS_RETRY_SCALE: "0.001", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** A running console. */
export interface Served extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** The port. */
  port: number;
  /** The token read from `<config-dir>/web-token`. */
  token: string;
  /** What serve printed on stdout. */
  stdout(): string;
  /** Resolves with stdout once it matches `pattern` (stdout and stderr are separate pipes). */
  stdoutMatching(pattern: RegExp): Promise<string>;
  /** What serve printed on stderr. */
  stderr(): string;
  /** Sends `signal` (a crash: SIGKILL) and waits until serve is gone. */
  kill(signal: Deno.Signal): Promise<void>;
}

/**
 * Starts `serve --dest DEST --listen 127.0.0.1:0 ...extra` with `env` (`extra` may name the port);
 * `fdLimit`: under `ulimit -n`; `baked`: with the compiled binary's permissions instead of `-A`.
 */
export async function startServe(
  env: Record<string, string>,
  dest: string,
  extra: string[] = [],
  options: { fdLimit?: number; baked?: boolean } = {},
): Promise<Served> {
  const listen = extra.includes("--listen") ? [] : ["--listen", "127.0.0.1:0"];
  const args = ["serve", "--dest", dest, ...listen, ...extra];
  const child = options.fdLimit
    ? spawnLimited(args, env, options.fdLimit)
    : spawnCli(args, { env, permissions: options.baked ? permissionFlags() : undefined });
  let out = "";
  let err = "";
  const decoder = new TextDecoder();
  const drain = async (stream: ReadableStream<Uint8Array>, add: (s: string) => void) => {
    for await (const chunk of stream) add(decoder.decode(chunk, { stream: true }));
  };
  const outDone = drain(child.stdout, (s) => out += s);
  let port = 0;
  const errDone = drain(child.stderr, (s) => {
    err += s;
  });
  while (!port) {
    const match = /web console on http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
    if (match) port = Number(match[1]);
    else {
      const status = await Promise.race([
        child.status,
        new Promise((r) => setTimeout(r, 50)),
      ]);
      if (status) throw new Error(`serve exited early:\n${err}`);
    }
  }
  const token = (await Deno.readTextFile(join(env.GPHOTOS_NAS_CONFIG_DIR, "web-token"))).trim();
  async function kill(signal: Deno.Signal) {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
    await child.status;
    await Promise.all([outDone, errDone]);
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    token,
    stdout: () => out,
    async stdoutMatching(pattern) {
      while (!pattern.test(out)) await new Promise((r) => setTimeout(r, 20));
      return out;
    },
    stderr: () => err,
    kill,
    async [Symbol.asyncDispose]() {
      await kill("SIGTERM");
    },
  };
}

/** Opens the login link and returns the session cookie the console set (`name=value`). */
export async function login(origin: string, token: string): Promise<string> {
  const response = await fetch(`${origin}/?token=${token}`, { redirect: "manual" });
  await response.body?.cancel();
  return (response.headers.get("set-cookie") ?? "").split(";")[0];
}

/**
 * One raw HTTP/1.1 GET, so the test chooses the Host header and the path as sent (fetch would not
 * let it).
 */
export async function rawGet(
  port: number,
  host: string,
  path: string,
  headers = "",
): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(
    new TextEncoder().encode(
      `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${headers}Connection: close\r\n\r\n`,
    ),
  );
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of conn.readable) text += decoder.decode(chunk, { stream: true });
  return text;
}
