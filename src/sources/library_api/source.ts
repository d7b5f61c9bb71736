/**
 * The Library API source: pages through `mediaItems:search` (100 per page, the next page fetched
 * while the current one downloads; a bounded day range as several date slices at once) and yields media records whose `open` fetches `baseUrl=d` or
 * `=dv`, renewing expired URLs through `mediaItems:batchGet`.
 *
 * Since 2025-03-31 Google returns only media this app created; the source is kept for those and for
 * the day Google widens access again.
 *
 * @module
 */
import { type DayRange, googleDateFilter } from "../../time/days.ts";
import type { MediaRecord } from "../../media/record.ts";
import { markLiveHalves } from "../../media/live_halves.ts";
import type { ApiClient, RequestCounter, TokenSource } from "../../net/api_client.ts";
import { openGoogleMedia } from "../../net/google_media.ts";
import { LISTING_SLICES, mergeListings, narrowToItems, sliceDayRange } from "./slices.ts";

/** Google's default Library API origin. */
export const LIBRARY_API_ORIGIN = "https://photoslibrary.googleapis.com";

/** A `MediaItem` as the Library API returns it (the fields used here). */
export interface LibraryMediaItem {
  /** Persistent id. */
  id?: string;
  /** Bytes URL, valid ~60 minutes. */
  baseUrl?: string;
  /** MIME type. */
  mimeType?: string;
  /** File name as shown in Google Photos. */
  filename?: string;
  /** Description. */
  description?: string;
  /** Capture metadata. */
  mediaMetadata?: {
    creationTime?: string;
    width?: string;
    height?: string;
    photo?: Record<string, unknown>;
    video?: { status?: string } & Record<string, unknown>;
  };
}

interface SearchResponse {
  mediaItems?: LibraryMediaItem[];
  nextPageToken?: string;
}

interface BatchGetResponse {
  mediaItemResults?: { mediaItem?: LibraryMediaItem; status?: { message?: string } }[];
}

/** Options of {@linkcode listLibrary}. */
export interface LibrarySourceOptions {
  /** Client for the Library API origin. */
  client: ApiClient;
  /** Tokens for media requests. */
  tokens: TokenSource;
  /** Request counter. */
  counter: RequestCounter;
  /** Days wanted (asked of Google one day wider at each end; the caller filters exactly). */
  range?: DayRange;
  /** Media type wanted. */
  media: "all" | "photo" | "video";
}

/** Collects URL renewals and sends them as `batchGet` calls of at most 50 ids. */
class BaseUrlRenewer {
  readonly #client: ApiClient;
  #waiting = new Map<string, { resolve: (url: string) => void; reject: (e: unknown) => void }[]>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  renew(id: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const list = this.#waiting.get(id) ?? [];
      list.push({ resolve, reject });
      this.#waiting.set(id, list);
      if (this.#waiting.size >= 50) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), 25);
    });
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#waiting.entries()].slice(0, 50);
    for (const [id] of batch) this.#waiting.delete(id);
    if (this.#waiting.size > 0) this.#timer = setTimeout(() => this.#flush(), 0);
    this.#client.get<BatchGetResponse>("/v1/mediaItems:batchGet", {
      mediaItemIds: batch.map(([id]) => id),
    }).then((response) => {
      const results = response.mediaItemResults ?? [];
      batch.forEach(([id, waiters], i) => {
        const url = results[i]?.mediaItem?.baseUrl;
        for (const w of waiters) {
          if (url) w.resolve(url);
          else {
            w.reject(
              new Error(`Google no longer serves this item (${results[i]?.status?.message ?? id})`),
            );
          }
        }
      });
    }, (error) => {
      for (const [, waiters] of batch) for (const w of waiters) w.reject(error);
    });
  }
}

function parseTime(text: string | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Turns one API item into a record (or an invalid record that fails alone). */
export function libraryRecord(
  item: LibraryMediaItem,
  options: { tokens: TokenSource; counter: RequestCounter; renew: (id: string) => Promise<string> },
): MediaRecord {
  const video = item.mediaMetadata?.video !== undefined ||
    (item.mimeType ?? "").startsWith("video/");
  const status = item.mediaMetadata?.video?.status;
  const id = typeof item.id === "string" && item.id !== "" ? item.id : undefined;
  let baseUrl = item.baseUrl;
  const record: MediaRecord = {
    source: "library",
    match: "id-or-name-time-size",
    sourceId: id ?? `invalid:${item.filename ?? "unnamed"}`,
    filename: typeof item.filename === "string" ? item.filename : "",
    captureTime: parseTime(item.mediaMetadata?.creationTime),
    mimeType: item.mimeType ?? "application/octet-stream",
    kind: video ? "video" : "photo",
    ready: !video || status === undefined || status === "READY",
    metadata: {
      ...(item.description ? { description: item.description } : {}),
      ...(item.mediaMetadata ? { mediaMetadata: item.mediaMetadata } : {}),
    },
    async open(signal) {
      if (!baseUrl) baseUrl = await options.renew(record.sourceId);
      return await openGoogleMedia(baseUrl, record.kind, async () => {
        baseUrl = await options.renew(record.sourceId);
      }, {
        tokens: options.tokens,
        counter: options.counter,
        api: "Library API",
        item: record.sourceId,
        signal,
      });
    },
  };
  if (!id) record.invalid = "Google returned an item without an id; it cannot be fetched";
  return record;
}

/**
 * Records for known ids (for `verify --repair`), fetched through `batchGet` 50 at a time. Ids Google
 * no longer serves are left out.
 */
export async function libraryRecordsById(
  ids: string[],
  options: { client: ApiClient; tokens: TokenSource; counter: RequestCounter },
): Promise<MediaRecord[]> {
  const renewer = new BaseUrlRenewer(options.client);
  const records: MediaRecord[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const response = await options.client.get<BatchGetResponse>("/v1/mediaItems:batchGet", {
      mediaItemIds: ids.slice(i, i + 50),
    });
    for (const result of response.mediaItemResults ?? []) {
      if (!result.mediaItem?.id) continue;
      records.push(libraryRecord(result.mediaItem, {
        tokens: options.tokens,
        counter: options.counter,
        renew: (id) => renewer.renew(id),
      }));
    }
  }
  return records;
}

/** The search body for a day range and media filter (archived media included). */
export function searchFilters(
  range: DayRange | undefined,
  media: "all" | "photo" | "video",
): Record<string, unknown> {
  return {
    includeArchivedMedia: true,
    ...(range && (range.from || range.to) ? { dateFilter: googleDateFilter(range) } : {}),
    ...(media === "all" ? {} : { mediaTypeFilter: { mediaTypes: [media.toUpperCase()] } }),
  };
}

/** The items of one search, page by page, prefetching the next page. */
async function* searchPages(
  client: ApiClient,
  filters: Record<string, unknown>,
): AsyncGenerator<LibraryMediaItem[]> {
  const fetchPage = (pageToken?: string) => {
    const page = client.post<SearchResponse>("/v1/mediaItems:search", {
      pageSize: 100,
      ...(pageToken ? { pageToken } : {}),
      filters,
    });
    page.catch(() => {});
    return page;
  };
  let next: Promise<SearchResponse> | undefined = fetchPage();
  while (next) {
    const page: SearchResponse = await next;
    next = page.nextPageToken ? fetchPage(page.nextPageToken) : undefined;
    yield page.mediaItems ?? [];
  }
}

/**
 * The searches that together list the run's items. A range bounded at both ends is narrowed to the
 * days of its oldest and newest item (two one-item searches) and cut into
 * {@linkcode LISTING_SLICES} disjoint day ranges listed at once. An open range stays one search:
 * Google leaves items without a capture date out of every date-filtered search, so only an
 * unfiltered listing reaches them.
 */
async function searches(
  client: ApiClient,
  range: DayRange | undefined,
  media: "all" | "photo" | "video",
): Promise<Record<string, unknown>[]> {
  const filters = searchFilters(range, media);
  if (!range?.from || !range.to) return [filters];
  const edge = async (orderBy: string) => {
    const page = await client.post<SearchResponse>("/v1/mediaItems:search", {
      pageSize: 1,
      filters,
      orderBy,
    });
    return parseTime(page.mediaItems?.[0]?.mediaMetadata?.creationTime);
  };
  const [oldest, newest] = await Promise.all([
    edge("MediaMetadata.creation_time"),
    edge("MediaMetadata.creation_time desc"),
  ]);
  if (!oldest || !newest) return [filters];
  const [wide] = googleDateFilter(range).ranges;
  return sliceDayRange(narrowToItems(wide, oldest, newest), LISTING_SLICES).map((slice) => ({
    ...filters,
    dateFilter: { ranges: [slice] },
  }));
}

/** Yields every item of the run's range (several date slices at once when it is bounded). */
export async function* listLibrary(options: LibrarySourceOptions): AsyncGenerator<MediaRecord> {
  const renewer = new BaseUrlRenewer(options.client);
  const listings = (await searches(options.client, options.range, options.media)).map((filters) =>
    searchPages(options.client, filters)
  );
  for await (const page of mergeListings(listings)) {
    const records = page.map((item) =>
      libraryRecord(item, {
        tokens: options.tokens,
        counter: options.counter,
        renew: (id) => renewer.renew(id),
      })
    );
    // A live photo's still and video listed together are known as such, whichever comes first.
    markLiveHalves(records);
    yield* records;
  }
}
