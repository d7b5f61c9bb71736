/**
 * Media downloads from Google (Library API and Picker `baseUrl`s): the one place that turns a base
 * URL into bytes. Both sources call {@linkcode openGoogleMedia}, so the rules for media hosts
 * (download suffixes, Bearer token, expiry and renewal, and next the redirects of `=dv` to other
 * googleusercontent.com hosts) live here once.
 *
 * @module
 */
import { unreachable } from "../errors.ts";
import type { MediaKind, OpenedMedia } from "../media/record.ts";
import type { RequestCounter, TokenSource } from "./api_client.ts";
import { errorFromResponse } from "./google_error.ts";
import { RetryableError } from "./retry.ts";

/** What a media request needs besides its URL. */
export interface GoogleMediaContext {
  /** Bearer tokens: Picker URLs require one, Library URLs accept one. */
  tokens: TokenSource;
  /** Counts the request (Google's daily media quota is separate from the API quota). */
  counter: RequestCounter;
  /** The API's name in messages, e.g. "Picker API". */
  api: string;
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
 * One attempt at downloading a Google media item: `GET` its download URL with the Bearer token and
 * resolve with the body and the size `Content-Length` promises. Failures become retryable errors
 * for the caller's retry loop: a refused URL (403/404: base URLs live about 60 minutes) calls
 * `renew` before `expired-url` is thrown, so the next attempt uses a fresh URL; a 401 refreshes the
 * access token; anything else is classified by Google's error rules.
 */
export async function openGoogleMedia(
  baseUrl: string,
  kind: MediaKind,
  renew: () => Promise<void>,
  context: GoogleMediaContext,
): Promise<OpenedMedia> {
  const { tokens, counter, api, signal } = context;
  counter.media++;
  const url = downloadUrl(baseUrl, kind);
  const response = await fetch(url, {
    signal,
    headers: { authorization: `Bearer ${await tokens.getAccessToken()}` },
  }).catch((error) => {
    throw unreachable(error, url) ?? error;
  });
  if (response.ok) {
    const length = response.headers.get("content-length");
    return { body: response.body!, size: length === null ? undefined : Number(length) };
  }
  if (response.status === 403 || response.status === 404) {
    await response.body?.cancel();
    await renew();
    throw new RetryableError("expired-url", `${api}: media URL refused (${response.status})`);
  }
  if (response.status === 401) {
    await response.body?.cancel();
    await tokens.refresh();
    throw new RetryableError("unauthorized", `${api}: media request unauthorized (401)`);
  }
  throw await errorFromResponse(response, `${api} media`);
}
