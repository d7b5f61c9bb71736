import assert from "node:assert/strict";
import {
  backoffDelay,
  defaultRetryPolicy,
  parseRetryAfter,
  RetryableError,
  type RetryPolicy,
  withRetry,
} from "../../src/net/retry.ts";
import { errorFromResponse } from "../../src/net/google_error.ts";

/** The real policy with a chosen jitter and a sleep that records instead of waiting. */
function policyWith(random: number): { policy: RetryPolicy; slept: number[] } {
  const slept: number[] = [];
  const policy: RetryPolicy = {
    ...defaultRetryPolicy(),
    random: () => random,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  };
  return { policy, slept };
}

Deno.test("retry: Retry-After in seconds and as an HTTP date is parsed against an injected clock", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  assert.equal(parseRetryAfter("120", now), 120_000);
  assert.equal(parseRetryAfter("0", now), 0);
  assert.equal(parseRetryAfter("Mon, 30 Nov 2026 12:00:45 GMT", now), 45_000);
  assert.equal(parseRetryAfter("Mon, 30 Nov 2026 11:59:00 GMT", now), 0, "a past date: at once");
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter("soon", now), undefined);
});

Deno.test("retry: Retry-After always wins, below the 429 floor, above the 5xx cap, and for a date", async () => {
  for (const random of [0, 0.5, 0.999]) {
    const { policy } = policyWith(random);
    for (const attempt of [1, 4, 8]) {
      assert.equal(
        backoffDelay(new RetryableError("rate-limit", "429", 2_000), attempt, policy),
        2_000,
      );
      assert.equal(backoffDelay(new RetryableError("rate-limit", "429", 0), attempt, policy), 0);
      assert.equal(
        backoffDelay(new RetryableError("server", "503", 600_000), attempt, policy),
        600_000,
      );
    }
  }
  // End to end through a Google answer: the header's HTTP date decides the wait.
  const { policy, slept } = policyWith(0.5);
  const at = new Date(Date.now() + 90_000).toUTCString();
  let calls = 0;
  await withRetry(async () => {
    if (++calls === 1) {
      throw await errorFromResponse(
        new Response("{}", { status: 429, headers: { "retry-after": at } }),
        "Library API",
      );
    }
  }, { policy });
  assert.equal(slept.length, 1);
  assert.ok(slept[0] > 85_000 && slept[0] <= 90_000, `waited ${slept[0]} ms for an HTTP date`);
});

Deno.test("retry: a 429 without Retry-After waits at least 30 s, whatever the jitter", () => {
  for (const random of [0, 0.01, 0.5, 0.999]) {
    const { policy } = policyWith(random);
    for (let attempt = 1; attempt <= 8; attempt++) {
      const delay = backoffDelay(new RetryableError("rate-limit", "429"), attempt, policy);
      assert.ok(delay >= 30_000, `attempt ${attempt}, jitter ${random}: ${delay} ms`);
      assert.ok(delay <= policy.maxDelayMs);
    }
  }
});

Deno.test("retry: 5xx back off from 1 s with full jitter up to a doubling cap", () => {
  for (const kind of ["server", "network"] as const) {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const cap = Math.min(300_000, 1000 * 2 ** (attempt - 1));
      const low = backoffDelay(new RetryableError(kind, "x"), attempt, policyWith(0).policy);
      const high = backoffDelay(new RetryableError(kind, "x"), attempt, policyWith(0.999).policy);
      assert.equal(low, 1000, `attempt ${attempt} starts at 1 s`);
      assert.ok(high <= cap && high >= cap * 0.99, `attempt ${attempt}: ${high} ms, cap ${cap}`);
    }
  }
  const { policy } = policyWith(0.5);
  assert.ok(backoffDelay(new RetryableError("server", "x"), 30, policy) <= policy.maxDelayMs);
});

Deno.test("retry: 8 tries, then the last error is thrown", async () => {
  const { policy, slept } = policyWith(0.5);
  let calls = 0;
  const last = new RetryableError("server", "server error 503");
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(calls === 8 ? last : new RetryableError("server", "503"));
    }, { policy }),
    (error) => error === last,
  );
  assert.equal(calls, 8);
  assert.equal(slept.length, 7, "a wait between tries, none after the last");
});

Deno.test("retry: an error no retry can cure is thrown at once", async () => {
  const { policy, slept } = policyWith(0.5);
  let calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(new RangeError("a bug"));
    }, { policy }),
    RangeError,
  );
  assert.equal(calls, 1);
  assert.deepEqual(slept, []);
});
