/**
 * Media URLs (`baseUrl`) and the bytes behind them: URLs that expire, `=d`/`=dv` for the original
 * bytes, the Bearer token the Picker requires, the 302 of `=dv` (and some `=d`) to a second media
 * host, a per-connection bandwidth cap, Google's HTML error pages, a used-up daily media quota, and
 * the faults of a real network (429, 5xx, resets, truncated and stalled bodies).
 *
 * @module
 */
import { googleError, htmlErrorPage } from "./google_errors.ts";
import { itemExifDate } from "../library_gen.ts";
import { photoBytes, videoBytes } from "../media.ts";
import { hashString, type Prng } from "../prng.ts";
import type { FaultConfig, SimItem } from "../types.ts";

/** Which API issued a URL (Picker URLs need a Bearer token). */
export type UrlKind = "library" | "picker";

/** The original bytes of an item. */
export function itemStream(item: SimItem): ReadableStream<Uint8Array> {
  const seed = item.contentId ?? item.id;
  return item.kind === "video"
    ? videoBytes(seed, item.size)
    : photoBytes(seed, item.size, itemExifDate(item));
}

let issued = 0;

/** The serial number of the last media URL issued (URLs up to it can be expired at once). */
export function lastUrlSerial(): number {
  return issued;
}

/** Encodes a URL token: the item, the issuing API, the moment of issue and a serial number. */
export function mediaUrl(origin: string, kind: UrlKind, item: SimItem): string {
  const token = btoa(JSON.stringify({ i: item.id, k: kind, t: Date.now(), n: ++issued }))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${origin}/media/${token}`;
}

function decode(token: string): { i: string; k: UrlKind; t: number; n: number } | undefined {
  try {
    return JSON.parse(atob(token.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    return undefined;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** How a body misbehaves. */
type BodyFault = "none" | "reset" | "truncate" | "stall";

/** Wraps a body with bandwidth shaping and a body fault, stopping work if the client goes away. */
function shapedBody(
  source: ReadableStream<Uint8Array>,
  size: number,
  options: { bandwidth?: number; fault: BodyFault; stallMs: number; onBytes: (n: number) => void },
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const cut = Math.floor(size / 2);
  let sent = 0;
  let shapingSince: number | undefined;
  const cancelled = new AbortController();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
        return;
      }
      let chunk = value;
      if (options.fault !== "none" && sent + chunk.length > cut) {
        chunk = chunk.subarray(0, Math.max(0, cut - sent));
        if (chunk.length) controller.enqueue(chunk);
        sent += chunk.length;
        options.onBytes(chunk.length);
        if (options.fault === "stall") {
          options.fault = "none";
          await sleep(options.stallMs, cancelled.signal);
          controller.enqueue(value.subarray(chunk.length));
          sent += value.length - chunk.length;
          return;
        }
        await reader.cancel();
        if (options.fault === "reset") controller.error(new Error("simulated connection reset"));
        else controller.close();
        return;
      }
      if (options.bandwidth) {
        // Paced against the clock, not by a sleep per piece: timers fire a millisecond late or
        // more, which capped every fast link near 16 KiB/ms whatever its bandwidth.
        shapingSince ??= performance.now() - (sent / options.bandwidth) * 1000;
        for (let offset = 0; offset < chunk.length; offset += 16384) {
          const piece = chunk.subarray(offset, offset + 16384);
          controller.enqueue(piece);
          const due = shapingSince + ((sent + offset + piece.length) / options.bandwidth) * 1000;
          const ahead = due - performance.now();
          if (ahead > 0) await sleep(ahead, cancelled.signal);
        }
      } else {
        controller.enqueue(chunk);
      }
      sent += chunk.length;
      options.onBytes(chunk.length);
    },
    cancel() {
      cancelled.abort();
      return reader.cancel();
    },
  });
}

/** Whether an item's download answers 302 to the second media host. */
function redirects(item: SimItem, params: string, faults: FaultConfig): boolean {
  if (item.kind === "video") return params === "dv" && faults.redirectVideos;
  return params === "d" &&
    hashString(`redirect:${item.id}`) / 0x1_0000_0000 < faults.redirectPhotoShare;
}

/**
 * Serves `GET /media/<token>[=params]`. On the first media host (`redirectOrigin` set) the checks a
 * base URL meets come first (token, expiry, quota, rate limits), then the 302; the second host
 * serves a redirected URL as a signed one: no Bearer token needed, expiry still checked.
 */
export function serveMedia(
  request: Request,
  url: URL,
  context: {
    items: Map<string, SimItem>;
    faults: FaultConfig;
    prng: Prng;
    ttlMs: number;
    bandwidth?: number;
    /** URLs with a serial up to this one are expired. */
    expiredSerial: number;
    /** The daily media quota is used up. */
    quotaUsedUp: boolean;
    /** The second media host, when this request reached the first one. */
    redirectOrigin?: string;
    pickerAuthorized: (authorization: string | null) => boolean;
    onBytes: (n: number) => void;
  },
): Response {
  const [token, params = ""] = url.pathname.slice("/media/".length).split("=");
  const claim = decode(token);
  const item = claim ? context.items.get(claim.i) : undefined;
  if (!claim || !item) return googleError(404, "NOT_FOUND", "Requested entity was not found.");
  const f = context.faults;
  const first = context.redirectOrigin !== undefined;
  if (context.quotaUsedUp) return htmlErrorPage(429, null);
  if (
    first && claim.k === "picker" &&
    !context.pickerAuthorized(request.headers.get("authorization"))
  ) {
    return htmlErrorPage(403, null);
  }
  if (Date.now() - claim.t > context.ttlMs || claim.n <= context.expiredSerial) {
    return htmlErrorPage(403, null);
  }
  if (item.kind === "video" && params === "dv" && item.videoStatus !== "READY") {
    return googleError(404, "NOT_FOUND", "The video is still being processed.");
  }
  const roll = () => context.prng.next();
  if (first) {
    if (roll() < f.mediaRateExpired) return htmlErrorPage(403, null);
    if (roll() < f.mediaRate429) return htmlErrorPage(429, f.retryAfterSeconds);
    if (roll() < f.mediaRate5xx) return htmlErrorPage(503, f.retryAfterSeconds);
    if (redirects(item, params, f)) {
      return new Response(null, {
        status: 302,
        headers: { location: `${context.redirectOrigin}/media/${token}=${params}` },
      });
    }
  }
  const original = (item.kind === "photo" && params === "d") ||
    (item.kind === "video" && params === "dv");
  if (!original) {
    // A thumbnail-sized stand-in: never the original bytes.
    const thumb = itemStream({ ...item, id: `${item.id}:thumb`, size: 600, kind: "photo" });
    return new Response(thumb, { headers: { "content-type": "image/jpeg" } });
  }
  let fault: BodyFault = "none";
  if (roll() < f.mediaRateReset) fault = "reset";
  else if (roll() < f.mediaRateTruncate) fault = "truncate";
  else if (roll() < f.mediaRateStall) fault = "stall";
  const body = shapedBody(itemStream(item), item.size, {
    bandwidth: context.bandwidth,
    fault,
    stallMs: f.stallMs,
    onBytes: context.onBytes,
  });
  return new Response(body, {
    headers: { "content-type": item.mimeType, "content-length": String(item.size) },
  });
}
