/**
 * The one retry policy for API calls and media downloads alike.
 *
 * - 429 without `Retry-After`: exponential backoff with full jitter, never less than 30 s (Google's
 *   advice for per-minute quotas). A `Retry-After` header always wins.
 * - 5xx, network errors, resets, truncated bodies, stalls: exponential backoff from 1 s with jitter.
 * - An expired media URL is renewed by the source and retried at once.
 * - Every item gets at most `maxAttempts` tries.
 *
 * Written here rather than taken from p-retry or exponential-backoff because neither lets one error
 * dictate its own delay (`Retry-After`), which is the rule Google's quotas need most.
 *
 * @module
 */

import { RetryableError } from "../errors.ts";

// The policy's vocabulary: callers raise and inspect these without knowing where classes live.
export { RetryableError, type RetryKind } from "../errors.ts";

/** Tunables of the policy. */
export interface RetryPolicy {
  /** Tries per call or item, first one included. */
  maxAttempts: number;
  /** First backoff for 5xx and network errors. */
  baseDelayMs: number;
  /** Floor for 429 backoffs without `Retry-After`. */
  rateLimitFloorMs: number;
  /** Ceiling of any computed backoff. */
  maxDelayMs: number;
  /** Source of randomness for jitter (injectable for tests). */
  random: () => number;
  /** Waits between attempts, rejecting when `signal` aborts (injectable: tests never wait). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The default policy. `scale` shrinks computed backoffs (tests and simulators use 0.001). */
export function defaultRetryPolicy(scale = 1): RetryPolicy {
  return {
    maxAttempts: 8,
    baseDelayMs: 1000 * scale,
    rateLimitFloorMs: 30_000 * scale,
    maxDelayMs: 300_000 * scale,
    random: Math.random,
    sleep,
  };
}

/** Reads the backoff scale from `GPHOTOS_NAS_RETRY_SCALE` (a number in (0, 1]; default 1). */
export function retryScaleFromEnv(env: (name: string) => string | undefined): number {
  const value = Number(env("GPHOTOS_NAS_RETRY_SCALE") ?? "1");
  return Number.isFinite(value) && value > 0 && value <= 1 ? value : 1;
}

/** Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The delay before attempt `attempt + 1` after `error` failed attempt `attempt` (1-based). */
export function backoffDelay(error: RetryableError, attempt: number, policy: RetryPolicy): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  if (error.kind === "expired-url" || error.kind === "unauthorized") return 0;
  const exp = 2 ** (attempt - 1);
  if (error.kind === "rate-limit") {
    const cap = Math.min(policy.maxDelayMs, policy.rateLimitFloorMs * exp);
    return Math.max(policy.rateLimitFloorMs, policy.random() * cap);
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * exp);
  return policy.baseDelayMs + policy.random() * (cap - policy.baseDelayMs);
}

/** Retries the user need not hear about: a refreshed token, a renewed media URL. */
export function isRoutineRetry(error: Error): boolean {
  return error instanceof RetryableError &&
    (error.kind === "unauthorized" || error.kind === "expired-url");
}

/** Whether an error is worth another attempt: our own retryable kinds and fetch's network failures. */
export function isRetryable(error: unknown): error is RetryableError | TypeError {
  if (error instanceof RetryableError) return true;
  if (error instanceof TypeError) return true;
  const code = (error as { code?: string } | null)?.code;
  return code === "ECONNRESET" || code === "ECONNREFUSED" || code === "EPIPE";
}

/** Sleeps, waking early (with the signal's reason) when the run is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Runs `fn` until it succeeds, a non-retryable error occurs, or the attempts run out (then the last
 * error is thrown). `onRetry` hears about each retry before the wait.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: {
    policy: RetryPolicy;
    signal?: AbortSignal;
    onRetry?: (error: Error, delayMs: number, attempt: number) => void;
  },
): Promise<T> {
  for (let attempt = 1;; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (options.signal?.aborted || !isRetryable(error) || attempt >= options.policy.maxAttempts) {
        throw error;
      }
      const retryable = error instanceof RetryableError
        ? error
        : new RetryableError("network", error.message, undefined, { cause: error });
      const delay = backoffDelay(retryable, attempt, options.policy);
      options.onRetry?.(retryable, delay, attempt);
      await options.policy.sleep(delay, options.signal);
    }
  }
}
