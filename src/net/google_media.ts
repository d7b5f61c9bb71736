/**
 * Media downloads from Google (Library API and Picker `baseUrl`s): the one place that turns a base
 * URL into bytes. Both sources call {@linkcode openGoogleMedia}, so the rules for media hosts live
 * here once: download suffixes, the Bearer token, expiry and renewal, redirects (`=dv` answers 302
 * to video-downloads.googleusercontent.com) followed here so that the token only goes where it
 * belongs and a refused host is named, and the HTML 429 pages of a used-up media quota.
 *
 * @module
 */
import { QuotaError } from "../errors.ts";
import { unreachable } from "./unreachable.ts";
import type { MediaKind, StreamedMedia } from "../media/record.ts";
import type { RequestCounter, TokenSource } from "./api_client.ts";
import { errorFromResponse } from "./google_error.ts";
import { HostNotPermittedError, mayCarryToken } from "./hosts.ts";
import { mediaQuotaWatch } from "./media_quota.ts";
import { parseRetryAfter, RetryableError } from "./retry.ts";

/** Redirects followed per download; Google's media URLs take one. */
export const MAX_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** What a media request needs besides its URL. */
export interface GoogleMediaContext {
  /** Bearer tokens: Picker URLs require one, Library URLs accept one. */
  tokens: TokenSource;
  /** The run's request counter (Google's daily media quota is separate from the API quota). */
  counter: RequestCounter;
  /** The API's name in messages, e.g. "Picker API". */
  api: string;
  /** The item's id: refusals are counted per item to recognise a used-up media quota. */
  item: string;
  /** Aborts this attempt (stall timeout, Ctrl-C). */
  signal: AbortSignal;
}
/**
 * The download form of a base URL: `=d` for a photo (original bytes, location EXIF removed by
 * Google) and `=dv` for a video (Google's transcode; a bare base URL would give a thumbnail).
 */
function downloadUrl(baseUrl: string, kind: MediaKind): string {
  return `${baseUrl}=${kind === "video" ? "dv" : "d"}`;
}

/**
 * GETs `start` and follows its redirects by hand: Deno's automatic redirects would carry the token
 * to any host and turn a host outside the permissions into an error nobody can read. The token goes
 * to the first origin and to Google's own hosts only.
 */
async function follow(
  start: URL,
  token: string,
  signal: AbortSignal,
): Promise<{ response: Response; url: URL }> {
  let url = start;
  for (let hop = 0;; hop++) {
    const headers: Record<string, string> = mayCarryToken(url, start.origin)
      ? { authorization: `Bearer ${token}` }
      : {};
    let response: Response;
    try {
      response = await fetch(url, { signal, headers, redirect: "manual" });
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) {
        throw new HostNotPermittedError("download from", url.host, { cause: error });
      }
      throw unreachable(error, url.href) ?? error;
    }
    const location = REDIRECTS.has(response.status) ? response.headers.get("location") : null;
    if (location === null) return { response, url };
    await response.body?.cancel();
    const next = new URL(location, url);
    if (hop >= MAX_REDIRECTS || !/^https?:$/.test(next.protocol)) {
      throw new Error(
        `Cannot download from ${url.host}: it redirected more than ${MAX_REDIRECTS} times or to ` +
          "a non-web address; the next run tries again",
      );
    }
    url = next;
  }
}

/** Whether an error page reads like a per-day limit rather than a passing one. */
function looksLikeDailyQuota(text: string): boolean {
  return /quota/i.test(text) && /per\s*day|daily|PerDay/i.test(text);
}

/**
 * One attempt at downloading a Google media item: `GET` its download URL with the Bearer token,
 * follow up to {@linkcode MAX_REDIRECTS} redirects, and resolve with the body and the size
 * `Content-Length` promises. Failures become errors for the caller's retry loop: a refused URL
 * (403/404: base URLs live about 60 minutes) calls `renew` before `expired-url` is thrown, so the
 * next attempt uses a fresh URL; a 401 refreshes the access token; a 429 backs off, or stops the
 * run with a {@linkcode QuotaError} once the media quota looks used up; a host outside the
 * program's permissions is a {@linkcode HostNotPermittedError}; anything else is classified by
 * Google's error rules.
 */
export async function openGoogleMedia(
  baseUrl: string,
  kind: MediaKind,
  renew: () => Promise<void>,
  context: GoogleMediaContext,
): Promise<StreamedMedia> {
  const { tokens, counter, api, item, signal } = context;
  const watch = mediaQuotaWatch(counter);
  watch.check();
  counter.media++;
  const start = new URL(downloadUrl(baseUrl, kind));
  const { response, url } = await follow(start, await tokens.getAccessToken(), signal);
  const host = url.host;
  if (response.ok) {
    watch.served(item);
    const length = response.headers.get("content-length");
    return { body: response.body!, size: length === null ? undefined : Number(length) };
  }
  if (response.status === 403 || response.status === 404) {
    await response.body?.cancel();
    await renew();
    throw new RetryableError(
      "expired-url",
      `${api}: media URL refused by ${host} (${response.status})`,
    );
  }
  if (response.status === 401) {
    await response.body?.cancel();
    await tokens.refresh();
    throw new RetryableError("unauthorized", `${api}: media request unauthorized (401)`);
  }
  if (response.status !== 429) throw await errorFromResponse(response, `${api} media (${host})`);
  const text = await response.text().catch(() => "");
  const error = await errorFromResponse(new Response(text, response), `${api} media (${host})`);
  if (error instanceof QuotaError) throw watch.stop(host, error.message);
  if (looksLikeDailyQuota(text)) throw watch.stop(host, "its 429 page names a daily quota");
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (retryAfter === undefined) {
    const stop = watch.refused(item, host);
    if (stop) throw stop;
  }
  throw new RetryableError(
    "rate-limit",
    `${api}: ${host} answered 429 Too Many Requests` +
      (retryAfter === undefined ? " without Retry-After" : ""),
    retryAfter,
  );
}
