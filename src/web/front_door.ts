/**
 * The console's front door: the TCP listener that bounds what clients may hold. `Deno.serve` has no
 * header or idle timeout and no connection cap (an idle socket is kept forever; when file
 * descriptors run out its accept loop fails and `serve` ends, killing the running job), and
 * Deno's `node:http` honours `maxConnections` but not `headersTimeout`. So connections are
 * accepted here, counted, and given a deadline for their first request's head; only then are
 * their bytes passed on to `Deno.serve` listening on an ephemeral loopback port, whose HTTP parser
 * does the rest. A connection idle in both directions for `idleTimeoutMs` is closed (event
 * streams send a comment every 15 s, so they stay).
 *
 * Under pressure (too many connections in all, or from one address) a new one gets `503` with
 * `Retry-After` and is closed; when the process is out of file descriptors, accepting pauses and
 * resumes. Nothing a client does ends the server or a job it runs.
 *
 * @module
 */
import type { Logger } from "../ui/log.ts";

/** The bounds the front door keeps. */
export interface DoorLimits {
  /** Connections open at once, in all. */
  maxConnections: number;
  /** Connections open at once from one address. */
  perClient: number;
  /** Time for a new connection to send its first request's head. */
  headerTimeoutMs: number;
  /** A connection silent both ways this long is closed. */
  idleTimeoutMs: number;
}

/** The defaults: a household's phones and laptops, far below the descriptors a process has. */
export const DOOR_LIMITS: DoorLimits = {
  maxConnections: 128,
  perClient: 32,
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 75_000,
};

const MAX_HEAD = 32 * 1024;
const HEAD_END = new TextEncoder().encode("\r\n\r\n");

/** A listening console. */
export interface Door {
  /** The TCP address it listens on (the real port when 0 was asked). */
  addr: Deno.NetAddr;
  /** Resolves once the server has stopped (after `signal` aborted). */
  finished: Promise<void>;
}

/**
 * Each proxied connection costs three descriptors (the client's, ours to the socket, the inner
 * server's); a quarter of the soft limit is left for the job (index, downloads, archives).
 */
async function descriptorBound(limit: number): Promise<number> {
  const text = await Deno.readTextFile("/proc/self/limits").catch(() => "");
  const soft = Number(/^Max open files\s+(\d+)/m.exec(text)?.[1]);
  if (!(soft > 0)) return limit;
  return Math.max(4, Math.min(limit, Math.floor((soft * 3) / 4 / 3) - 16));
}

function reply(status: string, message: string, extra = ""): Uint8Array {
  const body = `${message}\n`;
  return new TextEncoder().encode(
    `HTTP/1.1 ${status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${
      new TextEncoder().encode(body).length
    }\r\n${extra}connection: close\r\n\r\n${body}`,
  );
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Writes all of `bytes`, giving up after `ms` (a client that does not read is not waited for). */
async function writeAll(conn: Deno.Conn, bytes: Uint8Array, ms = 5_000): Promise<void> {
  const timer = setTimeout(() => close(conn), ms);
  try {
    for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
  } finally {
    clearTimeout(timer);
  }
}

function close(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch { /* already closed */ }
}

/**
 * Serves `handler` on `hostname:port` behind the front door. Throws what `Deno.listen` throws
 * (the address is in use, or not this machine's).
 */
export async function openDoor(
  listen: { hostname: string; port: number },
  handler: (request: Request) => Response | Promise<Response>,
  options: { limits?: DoorLimits; log: Logger; signal: AbortSignal },
): Promise<Door> {
  const limits = { ...(options.limits ?? DOOR_LIMITS) };
  limits.maxConnections = await descriptorBound(limits.maxConnections);
  limits.perClient = Math.min(limits.perClient, limits.maxConnections);
  const listener = Deno.listen({ hostname: listen.hostname, port: listen.port });
  // On loopback TCP, not a Unix socket: the binary's baked --allow-net names 127.0.0.1, and
  // cannot name a socket path chosen at run time. A local user reaching it directly meets the
  // same guard (Host, token), only without these bounds.
  const inner = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
    onError: () => new Response("Cannot answer: internal error\n", { status: 500 }),
  }, handler);
  const open = new Map<string, number>();
  let total = 0;
  let lastWarning = 0;
  const conns = new Set<Deno.Conn>();

  async function admit(conn: Deno.Conn): Promise<void> {
    const client = (conn.remoteAddr as Deno.NetAddr).hostname;
    if (total >= limits.maxConnections || (open.get(client) ?? 0) >= limits.perClient) {
      const busy = reply(
        "503 Service Unavailable",
        "Cannot answer now: too many connections are open; try again in a few seconds",
        "retry-after: 5\r\n",
      );
      await writeAll(conn, busy, 1_000).catch(() => {});
      close(conn);
      return;
    }
    total++;
    open.set(client, (open.get(client) ?? 0) + 1);
    conns.add(conn);
    try {
      await pass(conn);
    } catch {
      /* a client that went away */
    } finally {
      conns.delete(conn);
      close(conn);
      total--;
      const left = (open.get(client) ?? 1) - 1;
      if (left) open.set(client, left);
      else open.delete(client);
    }
  }

  /** Reads the first request's head within the header timeout, then passes bytes both ways. */
  async function pass(conn: Deno.Conn): Promise<void> {
    let head = new Uint8Array(0);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      writeAll(conn, reply("408 Request Timeout", "Cannot wait longer for the request"), 1_000)
        .catch(() => {}).finally(() => close(conn));
    }, limits.headerTimeoutMs);
    try {
      const chunk = new Uint8Array(8192);
      let from = 0;
      while (indexOf(head, HEAD_END, from) < 0) {
        from = Math.max(0, head.length - 3);
        const n = await conn.read(chunk);
        if (n === null || timedOut) return;
        const grown = new Uint8Array(head.length + n);
        grown.set(head);
        grown.set(chunk.subarray(0, n), head.length);
        head = grown;
        if (head.length > MAX_HEAD) {
          await writeAll(
            conn,
            reply("431 Request Header Fields Too Large", "Cannot read: headers too large"),
          );
          return;
        }
      }
    } finally {
      clearTimeout(timer);
    }
    if (timedOut) return;
    const upstream = await Deno.connect({ hostname: "127.0.0.1", port: inner.addr.port })
      .catch(() => undefined);
    if (!upstream) {
      await writeAll(conn, reply("503 Service Unavailable", "Cannot answer now: try again soon"));
      return;
    }
    try {
      await relay(conn, upstream, head);
    } finally {
      close(upstream);
    }
  }

  /** Copies bytes both ways until either side ends or both are silent for the idle timeout. */
  async function relay(client: Deno.Conn, upstream: Deno.Conn, head: Uint8Array): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        close(client);
        close(upstream);
      }, limits.idleTimeoutMs);
    };
    quiet();
    const copy = async (from: Deno.Conn, to: Deno.Conn, first?: Uint8Array) => {
      if (first) await writeAll(to, first, limits.idleTimeoutMs);
      const buffer = new Uint8Array(16 * 1024);
      for (;;) {
        const n = await from.read(buffer).catch(() => null);
        if (n === null) return;
        quiet();
        await writeAll(to, buffer.subarray(0, n), limits.idleTimeoutMs);
      }
    };
    try {
      // Either side's end ends the connection: browsers never half-close, and a page that went
      // away must free its event stream (and its place) at once, not at the next write.
      await Promise.race([
        copy(client, upstream, head).catch(() => {}),
        copy(upstream, client).catch(() => {}),
      ]);
      close(client);
      close(upstream);
    } finally {
      clearTimeout(timer);
    }
  }

  const accepting = (async () => {
    while (!options.signal.aborted) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (options.signal.aborted || error instanceof Deno.errors.BadResource) break;
        // Out of descriptors, or a connection reset before it was accepted: wait, go on.
        if (Date.now() - lastWarning > 60_000) {
          lastWarning = Date.now();
          options.log.warn(
            `Cannot accept a connection: ${
              (error as Error).message
            }; refusing new ones for a moment`,
          );
        }
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      admit(conn);
    }
  })();

  options.signal.addEventListener("abort", () => {
    try {
      listener.close();
    } catch { /* closed */ }
    for (const conn of conns) close(conn);
    inner.shutdown();
  }, { once: true });

  const finished = (async () => {
    await accepting;
    await inner.finished;
  })();
  return { addr: listener.addr as Deno.NetAddr, finished };
}
