/**
 * The Library API endpoints the program uses, with Google's rules: `mediaItems:search` (inclusive
 * date ranges, partial dates, one media type, archived media only on request, pageSize capped at
 * 100, opaque page tokens, newest first), `mediaItems` list, `mediaItems/{id}` and
 * `mediaItems:batchGet` (1–50 distinct ids, per-item status).
 *
 * @module
 */
import { googleError, invalidArgument, json } from "./google_errors.ts";
import { mediaUrl } from "./media_server.ts";
import type { SimItem } from "../types.ts";

interface GDate {
  year?: number;
  month?: number;
  day?: number;
}

interface SearchBody {
  albumId?: string;
  pageSize?: number;
  pageToken?: string;
  orderBy?: string;
  filters?: {
    dateFilter?: { dates?: GDate[]; ranges?: { startDate?: GDate; endDate?: GDate }[] };
    mediaTypeFilter?: { mediaTypes?: string[] };
    includeArchivedMedia?: boolean;
  };
}

/** The MediaItem JSON of an item. */
export function mediaItemJson(item: SimItem, origin: string): Record<string, unknown> {
  return {
    id: item.id,
    productUrl: `https://photos.google.com/lr/photo/${item.id}`,
    baseUrl: mediaUrl(origin, "library", item),
    mimeType: item.mimeType,
    filename: item.filename,
    mediaMetadata: {
      ...(item.creationTime !== undefined ? { creationTime: item.creationTime } : {}),
      width: String(item.width ?? 8),
      height: "8",
      ...(item.kind === "photo"
        ? { photo: { cameraMake: "Simulated", cameraModel: "Pixel Sim", focalLength: 4.4 } }
        : { video: { cameraMake: "Simulated", fps: 30, status: item.videoStatus ?? "READY" } }),
    },
  };
}

function checkDate(d: GDate | undefined, what: string): string | undefined {
  const year = d?.year ?? 0, month = d?.month ?? 0, day = d?.day ?? 0;
  if (year < 0 || year > 9999 || month < 0 || month > 12 || day < 0 || day > 31) {
    return `Invalid ${what}: out of range`;
  }
  if (year === 0 && month === 0 && day === 0) return `Invalid ${what}: all fields are 0`;
  if (month === 0 && day !== 0) return `Invalid ${what}: month is 0 but day is set`;
  if (year === 0 && month !== 0 && day === 0) return `Invalid ${what}: only the month is set`;
  return undefined;
}

function utcParts(time: string): [number, number, number] | undefined {
  const t = Date.parse(time);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(t);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

function matchesDate(parts: [number, number, number], d: GDate): boolean {
  const [y, m, day] = parts;
  return (!d.year || d.year === y) && (!d.month || d.month === m) && (!d.day || d.day === day);
}

function key(y: number, m: number, d: number): number {
  return y * 10000 + m * 100 + d;
}

function inRange(parts: [number, number, number], start: GDate, end: GDate): boolean {
  const [y, m, d] = parts;
  const value = key(y, m, d);
  const lo = key(start.year ?? 0, start.month || 1, start.day || 1);
  const hi = key(end.year ?? 0, end.month || 12, end.day || 31);
  return value >= lo && value <= hi;
}

/** Encodes an opaque page token. */
export function pageToken(offset: number, scope: string): string {
  return btoa(JSON.stringify({ o: offset, s: scope })).replace(/=+$/, "");
}

/** Decodes a page token made for `scope`. */
export function readPageToken(token: string, scope: string): number | undefined {
  try {
    const parsed = JSON.parse(atob(token));
    return parsed.s === scope && Number.isInteger(parsed.o) ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

/** Applies the search rules; returns the matching items or an error response. */
export function search(items: readonly SimItem[], body: SearchBody): SimItem[] | Response {
  const filters = body.filters;
  if (body.albumId && filters) {
    return invalidArgument("albumId cannot be set in conjunction with any filters.");
  }
  const dateFilter = filters?.dateFilter;
  const dates = dateFilter?.dates ?? [];
  const ranges = dateFilter?.ranges ?? [];
  if (dates.length > 5) return invalidArgument("A maximum of 5 dates can be included per request.");
  if (ranges.length > 5) return invalidArgument("A maximum of 5 date ranges can be included.");
  for (const d of dates) {
    const problem = checkDate(d, "date");
    if (problem) return invalidArgument(problem);
  }
  for (const r of ranges) {
    const problem = checkDate(r.startDate, "startDate") ?? checkDate(r.endDate, "endDate");
    if (problem) return invalidArgument(problem);
    if (!r.startDate?.year || !r.endDate?.year) {
      return invalidArgument("Date ranges need a year in startDate and endDate.");
    }
    if (!!r.startDate.month !== !!r.endDate.month || !!r.startDate.day !== !!r.endDate.day) {
      return invalidArgument("endDate must be specified in the same format as startDate.");
    }
  }
  const order = body.orderBy?.trim();
  if (order && !dateFilter) return invalidArgument("orderBy only works with a dateFilter.");
  if (order && !/^MediaMetadata\.creation_time( desc)?$/.test(order)) {
    return invalidArgument(`Invalid orderBy: ${order}`);
  }
  const types = filters?.mediaTypeFilter?.mediaTypes ?? [];
  if (types.length > 1) return invalidArgument("Only one media type can be specified.");
  const type = types[0] ?? "ALL_MEDIA";
  if (!["ALL_MEDIA", "PHOTO", "VIDEO"].includes(type)) {
    return invalidArgument(`Invalid media type: ${type}`);
  }
  const withDates = dates.length > 0 || ranges.length > 0;
  const matching = items.filter((item) => {
    if (item.archived && !filters?.includeArchivedMedia) return false;
    if (type === "PHOTO" && item.kind !== "photo") return false;
    if (type === "VIDEO" && item.kind !== "video") return false;
    if (!withDates) return true;
    const parts = item.creationTime ? utcParts(item.creationTime) : undefined;
    if (!parts) return false;
    return dates.some((d) => matchesDate(parts, d)) ||
      ranges.some((r) => inRange(parts, r.startDate!, r.endDate!));
  });
  if (!order) return matching;
  // An explicit order is by capture time whatever order a test gave its items in, as at Google.
  const newestFirst = matching.sort((a, b) => {
    const x = a.creationTime ?? "", y = b.creationTime ?? "";
    return x < y ? 1 : x > y ? -1 : 0;
  });
  return order === "MediaMetadata.creation_time" ? newestFirst.reverse() : newestFirst;
}

/**
 * The latest results per item list, a few scopes deep: paging through 100k items must not filter
 * them on every page, also when a client pages several date slices at once.
 */
const lastResults = new WeakMap<readonly SimItem[], Map<string, SimItem[]>>();
const CACHED_SCOPES = 8;

function cachedSearch(
  items: readonly SimItem[],
  body: SearchBody,
  scope: string,
): SimItem[] | Response {
  const cache = lastResults.get(items) ?? new Map<string, SimItem[]>();
  lastResults.set(items, cache);
  const cached = cache.get(scope);
  if (cached) return cached;
  const result = search(items, body);
  if (result instanceof Response) return result;
  if (cache.size >= CACHED_SCOPES) cache.delete(cache.keys().next().value!);
  cache.set(scope, result);
  return result;
}

/** One page of a result list. */
export function page(
  matching: readonly SimItem[],
  pageSizeRaw: unknown,
  token: string | undefined,
  scope: string,
  origin: string,
  defaultSize = 25,
): Response {
  const requested = pageSizeRaw === undefined || pageSizeRaw === null ? 0 : Number(pageSizeRaw);
  if (!Number.isInteger(requested) || requested < 0) {
    return invalidArgument("pageSize must be a non-negative integer.");
  }
  const size = Math.min(100, requested || defaultSize);
  let offset = 0;
  if (token) {
    const decoded = readPageToken(token, scope);
    if (decoded === undefined) return invalidArgument("Invalid page token.");
    offset = decoded;
  }
  const slice = matching.slice(offset, offset + size);
  const next = offset + size < matching.length ? pageToken(offset + size, scope) : undefined;
  return json({
    ...(slice.length ? { mediaItems: slice.map((item) => mediaItemJson(item, origin)) } : {}),
    ...(next ? { nextPageToken: next } : {}),
  });
}

/** Handles `/v1/mediaItems…` on the Library API origin; `undefined` for other paths. */
export async function handleLibrary(
  request: Request,
  url: URL,
  context: { items: readonly SimItem[]; byId: Map<string, SimItem>; origin: string },
): Promise<Response | undefined> {
  const path = url.pathname;
  if (request.method === "POST" && path === "/v1/mediaItems:search") {
    let body: SearchBody;
    try {
      body = JSON.parse(await request.text() || "{}");
    } catch {
      return invalidArgument("Invalid JSON payload received.");
    }
    const scope = JSON.stringify({ a: body.albumId, f: body.filters ?? null, o: body.orderBy });
    const matching = cachedSearch(context.items, body, scope);
    if (matching instanceof Response) return matching;
    return page(matching, body.pageSize, body.pageToken, scope, context.origin);
  }
  if (request.method === "GET" && path === "/v1/mediaItems") {
    const visible = cachedSearch(context.items, {}, "list");
    if (visible instanceof Response) return visible;
    return page(
      visible,
      url.searchParams.get("pageSize") ?? undefined,
      url.searchParams.get("pageToken") ?? undefined,
      "list",
      context.origin,
    );
  }
  if (request.method === "GET" && path === "/v1/mediaItems:batchGet") {
    const ids = url.searchParams.getAll("mediaItemIds");
    if (ids.length === 0) return invalidArgument("mediaItemIds must not be empty.");
    if (ids.length > 50) return invalidArgument("The maximum number of media items is 50.");
    if (new Set(ids).size !== ids.length) return invalidArgument("mediaItemIds must not repeat.");
    return json({
      mediaItemResults: ids.map((id) => {
        const item = context.byId.get(id);
        return item
          ? { mediaItem: mediaItemJson(item, context.origin) }
          : { status: { code: 5, message: `Media item not found: ${id}` } };
      }),
    });
  }
  const single = /^\/v1\/mediaItems\/([^/:]+)$/.exec(path);
  if (request.method === "GET" && single) {
    const item = context.byId.get(decodeURIComponent(single[1]));
    return item
      ? json(mediaItemJson(item, context.origin))
      : googleError(404, "NOT_FOUND", "Requested entity was not found.");
  }
  return undefined;
}
