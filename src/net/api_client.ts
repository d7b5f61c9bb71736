/**
 * JSON calls to a Google API with the Bearer token, the retry policy and Google's error rules. Both
 * the Library and the Picker source talk through it; media downloads go through `google_media.ts`.
 *
 * @module
 */
import { UnreachableError } from "../errors.ts";
import { unreachable } from "./unreachable.ts";
import { errorFromResponse } from "./google_error.ts";
import { isRoutineRetry, RetryableError, type RetryPolicy, withRetry } from "./retry.ts";

/** Gives access tokens; `refresh` forces a new one after a 401. */
export interface TokenSource {
  /** A valid access token (refreshed when near expiry). */
  getAccessToken(): Promise<string>;
  /** A new access token, whatever the cached one's expiry says. */
  refresh(): Promise<string>;
}

/** Counts requests, for `--dry-run` estimates and summaries. */
export interface RequestCounter {
  /** JSON API requests sent. */
  api: number;
  /** Media (baseUrl) requests sent. */
  media: number;
}

/** Options of {@linkcode ApiClient}. */
export interface ApiClientOptions {
  /** Origin such as `https://photoslibrary.googleapis.com` (no `/v1`). */
  origin: string;
  /** Name used in messages, e.g. "Library API". */
  name: string;
  /** Token source. */
  tokens: TokenSource;
  /** Retry policy. */
  policy: RetryPolicy;
  /** Aborts every call. */
  signal: AbortSignal;
  /** Request counter shared by the run. */
  counter: RequestCounter;
  /** Hears about retries (for a warning line). */
  onRetry?: (error: Error, delayMs: number) => void;
  /**
   * How long one call may wait for its whole answer (default 60 s): a host that accepts and then
   * says nothing would otherwise hold the run forever.
   */
  timeoutMs?: number;
}

/** A small JSON client for one Google API. */
export class ApiClient {
  readonly #o: ApiClientOptions;

  /** Builds a client. */
  constructor(options: ApiClientOptions) {
    this.#o = options;
  }

  /** `GET origin + path` with query parameters (arrays repeat the key). */
  get<T>(
    path: string,
    query: Record<string, string | number | string[] | undefined> = {},
  ): Promise<T> {
    const url = new URL(path, this.#o.origin);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(key, String(v));
      }
    }
    return this.#call<T>("GET", url);
  }

  /** `POST origin + path` with a JSON body. */
  post<T>(path: string, body: unknown): Promise<T> {
    return this.#call<T>("POST", new URL(path, this.#o.origin), body);
  }

  /**
   * `DELETE origin + path`. `signal` replaces the run's signal, so cleanup can still be sent after
   * Ctrl-C.
   */
  delete(path: string, options: { signal?: AbortSignal } = {}): Promise<unknown> {
    return this.#call("DELETE", new URL(path, this.#o.origin), undefined, options.signal);
  }

  #call<T>(method: string, url: URL, body?: unknown, signal = this.#o.signal): Promise<T> {
    const o = this.#o;
    let forceRefresh = false;
    return withRetry(async () => {
      const token = forceRefresh ? await o.tokens.refresh() : await o.tokens.getAccessToken();
      forceRefresh = false;
      o.counter.api++;
      const timeoutMs = o.timeoutMs ?? 60_000;
      const timer = AbortSignal.timeout(timeoutMs);
      const failed = (error: unknown) => {
        if (timer.aborted && !signal.aborted) {
          return new UnreachableError(url.host, `no answer within ${timeoutMs / 1000} s`);
        }
        return unreachable(error, url) ?? error;
      };
      const attempt = AbortSignal.any([signal, timer]);
      const response = await fetch(url, {
        method,
        signal: attempt,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).catch((error) => {
        throw failed(error);
      });
      if (!response.ok) {
        const error = await errorFromResponse(response, o.name);
        if (error instanceof RetryableError && error.kind === "unauthorized") forceRefresh = true;
        throw error;
      }
      const text = await response.text().catch((error) => {
        throw failed(error);
      });
      if (text.trim() === "") return {} as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new RetryableError(
          "malformed",
          `${o.name}: malformed JSON in the answer to ${method}`,
        );
      }
    }, {
      policy: o.policy,
      signal,
      onRetry: (error, delay) => isRoutineRetry(error) || o.onRetry?.(error, delay),
    });
  }
}
