/**
 * Google's error bodies (`{"error": {"code", "message", "status", "details"}}`) turned into the
 * program's typed errors: the daily quota stops the run, a missing scope asks for `auth`, per-minute
 * limits and server errors are retried, anything else fails the call with Google's own message.
 *
 * @module
 */
import { ApiError, AuthError, QuotaError, RetryableError } from "../errors.ts";
import { scopeOfApi, shortScope } from "./scopes.ts";
import { parseRetryAfter } from "./retry.ts";

/** Google's JSON error body (`{error: {code, message, status, details}}`, or OAuth's string form). */
export interface GoogleErrorBody {
  /** The API's error object, or OAuth's error code (`invalid_grant`). */
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: { reason?: string; metadata?: Record<string, string> }[];
  } | string;
  /** OAuth's explanation of its error code. */
  error_description?: string;
}

/** Whether a 429 body describes a per-day limit (retrying today is pointless). */
export function isDailyQuota(body: GoogleErrorBody): boolean {
  const error = typeof body.error === "object" ? body.error : undefined;
  if (!error) return false;
  const text = [
    error.message ?? "",
    ...(error.details ?? []).flatMap((d) => [
      d.metadata?.quota_limit ?? "",
      d.metadata?.quota_metric ?? "",
    ]),
  ].join(" ");
  return /per\s*day|PerDay|daily/i.test(text);
}

/**
 * The line for a 403 "insufficient authentication scopes": which API refused, the scope it needs,
 * and for the Library API what Google's 2025 change means (only media this app uploaded).
 */
export function scopeMessage(api: string): string {
  const use = scopeOfApi(api);
  const name = use?.api ?? api;
  const lacks = use ? `the authorization lacks ${shortScope(use.scope)}` : "a scope is missing";
  const line = `Cannot use the ${name}: ${lacks} (Google answered "insufficient authentication ` +
    'scopes"); run `gphotos-nas auth` again and tick every box on the consent screen';
  if (name !== "Library API") return line;
  return `${line}. Since 2025-03-31 the Library API only serves media this app uploaded: your ` +
    "existing photos come with `gphotos-nas pick` or `gphotos-nas import` (Google Takeout)";
}

/**
 * Turns an error response into the error to throw. `api` names the API in messages. The body is
 * read here; the caller must not read it again.
 */
export async function errorFromResponse(response: Response, api: string): Promise<Error> {
  const text = await response.text().catch(() => "");
  let body: GoogleErrorBody = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's or a media host's page): the HTTP status is all there is.
  }
  const error = typeof body.error === "object" ? body.error : undefined;
  const message = error?.message ?? (typeof body.error === "string" ? body.error : "") ??
    response.statusText;
  const status = response.status;
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (status === 429) {
    if (isDailyQuota(body)) {
      return new QuotaError(
        `${api}: Google's daily quota is used up (${message}); the next run resumes where this ` +
          "one stopped",
      );
    }
    return new RetryableError("rate-limit", `${api}: rate limited (429) ${message}`, retryAfter);
  }
  if (status === 401) {
    return new RetryableError("unauthorized", `${api}: access token refused (401)`);
  }
  if (status === 403 && /insufficient authentication scopes/i.test(message)) {
    return new AuthError(scopeMessage(api));
  }
  if (status >= 500) {
    return new RetryableError("server", `${api}: server error ${status} ${message}`, retryAfter);
  }
  return new ApiError(
    status,
    error?.status,
    `${api}: ${status} ${error?.status ?? ""} ${message || "request refused"}`.replace(/\s+/g, " ")
      .trim(),
  );
}
