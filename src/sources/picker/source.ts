/**
 * The Picker API source: the one Google API that reaches a person's existing photos since
 * 2025-03-31. A picking session is created (or an unexpired one resumed from the library's state),
 * the user picks in Google Photos, the session is polled at Google's interval, and the picked items
 * are listed page by page and yielded as records. Media URLs need the Bearer token and expire after
 * about 60 minutes; they are renewed by listing the session again.
 *
 * @module
 */
import { RunFailedError } from "../../errors.ts";
import type { MediaRecord } from "../../media/record.ts";
import { markLiveHalves } from "../../media/live_halves.ts";
import type { ApiClient, RequestCounter, TokenSource } from "../../net/api_client.ts";
import { openGoogleMedia } from "../../net/google_media.ts";
import { sleep } from "../../net/retry.ts";
import type { PickerUi } from "../../ui/picker_prompt.ts";

/** Google's default Picker API origin. */
export const PICKER_API_ORIGIN = "https://photospicker.googleapis.com";

/** The library-state key that remembers an open session. */
export const SESSION_STATE_KEY = "picker.session";

/** A `PickingSession` (the fields used here). */
export interface PickingSession {
  /** Session id. */
  id: string;
  /** Where the user picks. */
  pickerUri: string;
  /** Polling advice, present until items are set. */
  pollingConfig?: { pollInterval?: string; timeoutIn?: string };
  /** When access to the session and its items ends. */
  expireTime?: string;
  /** True once the user pressed Done. */
  mediaItemsSet?: boolean;
}

/** A `PickedMediaItem`. */
export interface PickedMediaItem {
  /** Persistent id (the same media id the Library API uses). */
  id?: string;
  /** Capture time. */
  createTime?: string;
  /** PHOTO, VIDEO or TYPE_UNSPECIFIED. */
  type?: string;
  /** The file. */
  mediaFile?: {
    baseUrl?: string;
    mimeType?: string;
    filename?: string;
    mediaFileMetadata?: {
      width?: number | string;
      height?: number | string;
      cameraMake?: string;
      cameraModel?: string;
      videoMetadata?: { processingStatus?: string; fps?: number };
      photoMetadata?: Record<string, unknown>;
    };
  };
}

/** Parses a Google Duration like "3.5s" into milliseconds. */
export function parseDuration(text: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(text ?? "");
  return match ? Number(match[1]) * 1000 : undefined;
}

/** Options of {@linkcode PickerSession}. */
export interface PickerOptions {
  /** Client for the Picker API origin. */
  client: ApiClient;
  /** Tokens for media. */
  tokens: TokenSource;
  /** Request counter. */
  counter: RequestCounter;
  /** At most this many items (≤ 2000). */
  maxItems: number;
  /** Aborts polling. */
  signal: AbortSignal;
  /** Reads and writes the library's state. */
  state: {
    get(key: string): string | undefined;
    set(key: string, value: string | undefined): void;
  };
  /** Prompts and spinner. */
  ui: PickerUi;
  /** Only resume; never create a new session. */
  resumeOnly?: boolean;
}

/** One pick: session handling, waiting, listing and URL renewal. */
export class PickerSession {
  readonly #o: PickerOptions;
  #session: PickingSession | undefined;
  #urls = new Map<string, string>();
  #relisting: Promise<void> | undefined;
  #timedOut = false;

  /** Builds the session handler. */
  constructor(options: PickerOptions) {
    this.#o = options;
  }

  /** Finds a recorded unexpired session, or creates one; then waits until the user has picked. */
  async ready(): Promise<void> {
    const { client, state, ui, signal } = this.#o;
    const saved = state.get(SESSION_STATE_KEY);
    let resumed = false;
    if (saved) {
      const { id, expireTime } = JSON.parse(saved) as { id: string; expireTime?: string };
      if (!expireTime || Date.parse(expireTime) > Date.now()) {
        try {
          this.#session = await client.get<PickingSession>(
            `/v1/sessions/${encodeURIComponent(id)}`,
          );
          resumed = true;
        } catch {
          state.set(SESSION_STATE_KEY, undefined);
        }
      } else {
        state.set(SESSION_STATE_KEY, undefined);
      }
    }
    if (!this.#session) {
      if (this.#o.resumeOnly) {
        throw new RunFailedError(
          "pick --resume: no unexpired picking session is recorded for this library; run `pick` " +
            "without --resume to start one",
        );
      }
      this.#session = await client.post<PickingSession>("/v1/sessions", {
        pickingConfig: { maxItemCount: String(this.#o.maxItems) },
      });
      state.set(
        SESSION_STATE_KEY,
        JSON.stringify({ id: this.#session.id, expireTime: this.#session.expireTime }),
      );
    }
    if (this.#session.mediaItemsSet) return ui.picked();
    await ui.showPickerUri(this.#session.pickerUri, resumed);
    const started = Date.now();
    try {
      while (!this.#session.mediaItemsSet) {
        const polling = this.#session.pollingConfig ?? {};
        const timeoutIn = parseDuration(polling.timeoutIn);
        const expired = this.#session.expireTime &&
          Date.parse(this.#session.expireTime) <= Date.now();
        if (timeoutIn === 0 || expired) {
          this.#timedOut = true;
          throw new RunFailedError(
            "nothing was picked before the picking session timed out; run `gphotos-nas pick` " +
              "again and press Done in Google Photos when you have chosen",
          );
        }
        await sleep(parseDuration(polling.pollInterval) ?? 5000, signal);
        ui.waiting(Date.now() - started);
        this.#session = await client.get<PickingSession>(
          `/v1/sessions/${encodeURIComponent(this.#session.id)}`,
        );
      }
    } finally {
      ui.doneWaiting();
    }
    ui.picked();
  }

  async *#pages(): AsyncGenerator<PickedMediaItem[]> {
    let pageToken: string | undefined;
    do {
      const page = await this.#o.client.get<
        { mediaItems?: PickedMediaItem[]; nextPageToken?: string }
      >("/v1/mediaItems", { sessionId: this.#session!.id, pageSize: 100, pageToken });
      const items = page.mediaItems ?? [];
      for (const item of items) {
        if (item.id && item.mediaFile?.baseUrl) this.#urls.set(item.id, item.mediaFile.baseUrl);
      }
      yield items;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /** Lists the session again for fresh URLs; concurrent callers share one listing. */
  #renew(): Promise<void> {
    this.#relisting ??= (async () => {
      for await (const _ of this.#pages()) { /* #pages refreshes the URL map */ }
    })().finally(() => this.#relisting = undefined);
    return this.#relisting;
  }

  /** Yields the picked items as records. Call after {@linkcode ready}. */
  async *records(): AsyncGenerator<MediaRecord> {
    for await (const page of this.#pages()) {
      const records = page.map((item) => this.#record(item));
      // A live photo's still and video picked together are known as such, whichever comes first.
      markLiveHalves(records);
      yield* records;
    }
  }

  #record(item: PickedMediaItem): MediaRecord {
    const file = item.mediaFile ?? {};
    const mime = file.mimeType ?? "application/octet-stream";
    const video = item.type === "VIDEO" || (item.type !== "PHOTO" && mime.startsWith("video/"));
    const status = file.mediaFileMetadata?.videoMetadata?.processingStatus;
    const created = item.createTime ? new Date(item.createTime) : null;
    const id = item.id ?? "";
    const { tokens, counter } = this.#o;
    const record: MediaRecord = {
      source: "picker",
      match: "id-or-name-time-size",
      sourceId: id || `invalid:${file.filename ?? "unnamed"}`,
      filename: file.filename ?? "",
      captureTime: created && !Number.isNaN(created.getTime()) ? created : null,
      mimeType: mime,
      kind: video ? "video" : "photo",
      ready: !video || status === undefined || status === "READY",
      metadata: file.mediaFileMetadata ? { mediaFileMetadata: file.mediaFileMetadata } : undefined,
      open: async (signal) => {
        const url = this.#urls.get(id);
        if (!url) throw new Error("the Picker API gave no media URL for this item");
        return await openGoogleMedia(url, record.kind, () => this.#renew(), {
          tokens,
          counter,
          api: "Picker API",
          item: id,
          signal,
        });
      },
    };
    if (!id) record.invalid = "the Picker API returned an item without an id";
    return record;
  }

  /**
   * Leaves the session open at Google and saved in the library, for `pick --resume`, when it can
   * still be finished: resolves to its expiry (or "Google expires it"); `undefined` when it has
   * expired or nothing was ever picked in it before Google timed it out.
   */
  keep(): string | undefined {
    const session = this.#session;
    if (!session) return undefined;
    const expired = session.expireTime !== undefined &&
      Date.parse(session.expireTime) <= Date.now();
    const timedOut = !session.mediaItemsSet &&
      parseDuration(session.pollingConfig?.timeoutIn) === 0;
    if (expired || timedOut || this.#timedOut) return undefined;
    return session.expireTime ?? "Google expires it";
  }

  /** Deletes the session at Google and forgets it (every item handled, or it cannot be finished). */
  async close(): Promise<void> {
    if (!this.#session) return;
    const id = this.#session.id;
    this.#session = undefined;
    this.#o.state.set(SESSION_STATE_KEY, undefined);
    await this.#o.client.delete(`/v1/sessions/${encodeURIComponent(id)}`, {
      signal: AbortSignal.timeout(10_000),
    }).catch(() => {});
  }
}
