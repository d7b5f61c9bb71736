/**
 * The simulator's hosts as loopback HTTP servers that can stop listening and listen again on the
 * same port: a stopped host refuses connections exactly as a real host that is down (or a
 * firewall's RST) does, which no HTTP answer can imitate.
 *
 * @module
 */

/**
 * The simulated hosts: the Library API, the Picker API, Google's OAuth (consent + token), and the
 * media host that `=dv` redirects to.
 */
export type HostName = "library" | "picker" | "oauth" | "redirect";

/** A loopback server whose port outlives its listener. */
export class SwitchableServer {
  readonly #handler: (request: Request) => Promise<Response>;
  #server: Deno.HttpServer<Deno.NetAddr> | undefined;
  readonly #port: number;

  /** Starts listening on a free port of 127.0.0.1. */
  constructor(handler: (request: Request) => Promise<Response>) {
    this.#handler = handler;
    this.#server = this.#listen(0);
    this.#port = this.#server.addr.port;
  }

  #listen(port: number): Deno.HttpServer<Deno.NetAddr> {
    return Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, this.#handler);
  }

  /** `http://127.0.0.1:PORT`. */
  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Stops listening (connections are refused) or listens again on the same port. */
  async setReachable(reachable: boolean): Promise<void> {
    if (reachable && !this.#server) this.#server = this.#listen(this.#port);
    if (!reachable && this.#server) {
      const server = this.#server;
      this.#server = undefined;
      await server.shutdown();
    }
  }

  /** Stops for good. */
  async close(): Promise<void> {
    await this.setReachable(false);
  }
}
