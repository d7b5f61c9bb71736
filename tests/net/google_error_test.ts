import assert from "node:assert/strict";
import { ApiError, AuthError, QuotaError, RetryableError } from "../../src/errors.ts";
import { errorFromResponse, isDailyQuota } from "../../src/net/google_error.ts";
import { dailyQuotaError, rateLimitError } from "../../src/simulator/api/google_errors.ts";

function resourceExhausted(message: string, quotaLimit: string): Response {
  return Response.json({
    error: {
      code: 429,
      message,
      status: "RESOURCE_EXHAUSTED",
      details: [{
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "RATE_LIMIT_EXCEEDED",
        domain: "googleapis.com",
        metadata: { quota_limit: quotaLimit, quota_metric: "photoslibrary.googleapis.com/all" },
      }],
    },
  }, { status: 429 });
}

Deno.test("google errors: a 429 RESOURCE_EXHAUSTED with a per-day quota detail is the daily quota", async () => {
  const error = await errorFromResponse(
    resourceExhausted("Quota exceeded.", "ApiCallsPerProjectPerDay"),
    "Library API",
  );
  assert.ok(error instanceof QuotaError, String(error));
  assert.equal(error.exitCode, 5);
  assert.match(error.message, /daily quota/);
  assert.ok(
    (await errorFromResponse(dailyQuotaError("photoslibrary"), "Library API")) instanceof
      QuotaError,
  );
});

Deno.test("google errors: a per-minute 429 is retried, with its Retry-After", async () => {
  const error = await errorFromResponse(
    resourceExhausted("Quota exceeded.", "ReadRequestsPerMinutePerUser"),
    "Library API",
  );
  assert.ok(error instanceof RetryableError, String(error));
  assert.equal(error.kind, "rate-limit");
  const withHeader = await errorFromResponse(rateLimitError("photoslibrary", 7), "Library API");
  assert.ok(withHeader instanceof RetryableError);
  assert.equal(withHeader.retryAfterMs, 7_000);
});

Deno.test("google errors: the quota text alone decides when there are no details", () => {
  const body = (message: string) => ({
    error: { code: 429, message, status: "RESOURCE_EXHAUSTED" },
  });
  assert.equal(isDailyQuota(body("limit 'All requests per day' of service")), true);
  assert.equal(isDailyQuota(body("limit 'Requests per minute per user' of service")), false);
});

Deno.test("google errors: 5xx retry, missing scopes ask for auth, other 4xx fail the call", async () => {
  const server = await errorFromResponse(new Response("oops", { status: 503 }), "Picker API");
  assert.ok(server instanceof RetryableError && server.kind === "server");
  const scope = await errorFromResponse(
    Response.json({
      error: { code: 403, message: "Request had insufficient authentication scopes." },
    }, {
      status: 403,
    }),
    "Library API",
  );
  assert.ok(scope instanceof AuthError);
  assert.match(
    scope.message,
    /^Cannot use the Library API: the authorization lacks photoslibrary\.readonly\.appcreateddata /,
  );
  assert.match(scope.message, /2025-03-31/);
  const pickerScope = await errorFromResponse(
    Response.json({
      error: { code: 403, message: "Request had insufficient authentication scopes." },
    }, { status: 403 }),
    "Picker API",
  );
  assert.ok(pickerScope instanceof AuthError);
  assert.match(
    pickerScope.message,
    /^Cannot use the Picker API: the authorization lacks photospicker\.mediaitems\.readonly /,
  );
  assert.doesNotMatch(pickerScope.message, /Library API/);
  const refused = await errorFromResponse(
    Response.json({ error: { code: 400, message: "bad", status: "INVALID_ARGUMENT" } }, {
      status: 400,
    }),
    "Library API",
  );
  assert.ok(refused instanceof ApiError);
  assert.equal(refused.message, "Library API: 400 INVALID_ARGUMENT bad");
});
