/**
 * Google's error bodies, as the simulator answers them.
 *
 * @module
 */

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", ...headers },
  });
}

/** `{"error": {code, message, status}}`. */
export function googleError(
  code: number,
  status: string,
  message: string,
  headers: Record<string, string> = {},
  details?: unknown[],
): Response {
  return json({ error: { code, message, status, ...(details ? { details } : {}) } }, code, headers);
}

/** The per-day quota answer (shape observed from Google, see the API notes §5.2). */
export function dailyQuotaError(service: string): Response {
  return googleError(
    429,
    "RESOURCE_EXHAUSTED",
    `Quota exceeded for quota metric 'All requests' and limit 'All requests per day' of service '${service}' for consumer 'project_number:123456789012'.`,
    {},
    [{
      "@type": "type.googleapis.com/google.rpc.ErrorInfo",
      reason: "RATE_LIMIT_EXCEEDED",
      domain: "googleapis.com",
      metadata: {
        quota_limit_value: "10000",
        quota_limit: "ApiCallsPerProjectPerDay",
        quota_metric: `${service}/all_requests`,
      },
    }],
  );
}

/** A per-minute rate limit answer. */
export function rateLimitError(service: string, retryAfter: number | null): Response {
  return googleError(
    429,
    "RESOURCE_EXHAUSTED",
    `Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user' of service '${service}'.`,
    retryAfter === null ? {} : { "retry-after": String(retryAfter) },
  );
}

/** 401 for a missing, unknown or expired access token. */
export function unauthenticated(): Response {
  return googleError(
    401,
    "UNAUTHENTICATED",
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  );
}

/** 403 for a token without the scope the API needs. */
export function insufficientScopes(): Response {
  return googleError(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.");
}

/** 400 INVALID_ARGUMENT. */
export function invalidArgument(message: string): Response {
  return googleError(400, "INVALID_ARGUMENT", message);
}

/**
 * The HTML error page Google's media hosts (`*.googleusercontent.com`) answer with instead of a JSON
 * body. A used-up daily media quota gets the same generic 429 page, with no `Retry-After` and no
 * word about quotas, so a client can only tell it from a passing rate limit by its persistence.
 */
export function htmlErrorPage(status: 403 | 429 | 500 | 503, retryAfter: number | null): Response {
  const texts = {
    403: "Your client does not have permission to get URL from this server.",
    429: "We're sorry, but you have sent too many requests to us recently. Please try again later.",
    500: "The server encountered an error and could not complete your request.",
    503: "The service you requested is not available at this time.",
  };
  const page = `<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error ${status}</title>` +
    `<p><b>${status}.</b> <ins>That’s an error.</ins><p>${
      texts[status]
    } <ins>That’s all we know.</ins>`;
  return new Response(page, {
    status,
    headers: {
      "content-type": "text/html; charset=UTF-8",
      ...(retryAfter === null ? {} : { "retry-after": String(retryAfter) }),
    },
  });
}
