/**
 * A healthchecks-style monitoring endpoint for tests: records the path of every ping it receives.
 *
 * @module
 */

/** A running ping listener. */
export interface PingListener extends AsyncDisposable {
  /** The `--ping-url` to give the CLI. */
  url: string;
  /** Paths received, in order, relative to the URL (`/start`, `/fail`, `` for success). */
  received: string[];
  /** Bodies received, in the same order. */
  bodies: string[];
}

/** Starts a listener on 127.0.0.1 under `/ping/<uuid-like>`. */
export function pingListener(): PingListener {
  const received: string[] = [];
  const bodies: string[] = [];
  const base = "/ping/0f3c";
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    received.push(new URL(req.url).pathname.slice(base.length));
    bodies.push(await req.text());
    return new Response("OK");
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}${base}`,
    received,
    bodies,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}
