/**
 * `GET /api/events`: the running job's state as Server-Sent Events, bounded per client (a
 * browser's login, or the Bearer token) and in all, so that no client can pin down the server
 * with streams that never end.
 *
 * @module
 */
import type { Jobs } from "./jobs.ts";

/** Event streams one client may hold: a few tabs. */
const STREAMS_PER_CLIENT = 8;
/** Event streams in all. */
const STREAMS = 64;

/** The open event streams of a console. */
export class EventStreams {
  readonly #open = new Map<string, number>();
  #total = 0;

  /** `jobs`: what is followed; `headers`: the console's headers for every answer. */
  constructor(private readonly jobs: Jobs, private readonly headers: Record<string, string>) {}

  /** A stream for `client`, or 429 when it (or the console) holds too many already. */
  open(client: string): Response {
    const open = this.#open.get(client) ?? 0;
    if (open >= STREAMS_PER_CLIENT || this.#total >= STREAMS) {
      return new Response(
        JSON.stringify({ error: "Cannot follow the run: too many pages follow it; close some" }),
        {
          status: 429,
          headers: { ...this.headers, "content-type": "application/json", "retry-after": "15" },
        },
      );
    }
    this.#open.set(client, open + 1);
    this.#total++;
    let counted = true;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      this.#total--;
      const left = (this.#open.get(client) ?? 1) - 1;
      if (left) this.#open.set(client, left);
      else this.#open.delete(client);
    };
    const jobs = this.jobs;
    const encoder = new TextEncoder();
    let stop = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (data: unknown) =>
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
        if (jobs.current) send(jobs.current);
        const unfollow = jobs.follow(send);
        // A comment now and then keeps proxies (and the front door's idle timeout) from closing
        // a quiet stream, and finds a page that went away.
        const ping = setInterval(() => {
          try {
            controller.enqueue(encoder.encode(": ping\n\n"));
          } catch {
            stop();
          }
        }, 15_000);
        stop = () => {
          unfollow();
          clearInterval(ping);
          uncount();
        };
        // A page that went away cancels the stream (below); request.signal is not listened to:
        // Deno.serve aborts it on every finished response too, and warns about that in the log.
      },
      cancel: () => stop(),
    });
    return new Response(stream, {
      headers: { ...this.headers, "content-type": "text/event-stream" },
    });
  }
}
