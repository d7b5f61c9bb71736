/**
 * The simulator's request log: every request in the order it arrived, with the answer's status and
 * when it was given, so a test can prove what a client did after a given answer (for instance that
 * nothing reached the API after the daily-quota 429).
 *
 * @module
 */

/** Which server a request reached. */
export type ServerName = "library" | "picker" | "oauth" | "redirect";

/** One request as the simulator saw it. */
export interface LoggedRequest {
  /** Arrival order, from 1. */
  seq: number;
  /** The server it reached. */
  server: ServerName;
  /** "METHOD /path-pattern", as in the request counters. */
  key: string;
  /** `performance.now()` when it arrived. */
  receivedAt: number;
  /** The answer's status; `null` while the handler is still working. */
  status: number | null;
  /** `performance.now()` when the answer's head was sent; `null` until then. */
  answeredAt: number | null;
}

/** The counter key of a request: ids and media tokens are folded into placeholders. */
export function requestKey(method: string, path: string): string {
  const p = path
    .replace(/^\/media\/.*/, "/media")
    .replace(/^\/v1\/mediaItems\/[^/:]+$/, "/v1/mediaItems/{id}")
    .replace(/^\/v1\/sessions\/[^/]+$/, "/v1/sessions/{id}")
    .replace(/^\/pick\/.*/, "/pick/{id}");
  return `${method} ${p}`;
}

/** Records a request on arrival; the returned entry is completed by {@linkcode answered}. */
export function arrived(log: LoggedRequest[], server: ServerName, key: string): LoggedRequest {
  const entry: LoggedRequest = {
    seq: log.length + 1,
    server,
    key,
    receivedAt: performance.now(),
    status: null,
    answeredAt: null,
  };
  log.push(entry);
  return entry;
}

/** Completes a logged request with its answer. */
export function answered(entry: LoggedRequest, status: number): void {
  entry.status = status;
  entry.answeredAt = performance.now();
}
