/**
 * The Picker API, simulated with its rules: sessions with `pollingConfig`, `expireTime` and
 * `maxItemCount` (≤ 2000), `FAILED_PRECONDITION` when listing before the user has picked, page sizes
 * (default 50, at most 100), session deletion, and media URLs that require the Bearer token. The
 * user is played by the simulator: the items count as picked after a number of polls.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { googleError, invalidArgument, json } from "./google_errors.ts";
import { pageToken, readPageToken } from "./library_api.ts";
import { mediaUrl } from "./media_server.ts";
import type { PickerOptions, SimItem } from "../types.ts";

interface Session {
  id: string;
  polls: number;
  set: boolean;
  createdAt: number;
  maxItemCount: number;
  picked: SimItem[];
  /** The account whose token created it: another account's token finds no such session. */
  account?: string;
}

/** The Picker state of one simulator. */
export class PickerState {
  readonly sessions = new Map<string, Session>();
  readonly deleted: string[] = [];
  readonly #options: Required<Omit<PickerOptions, "select">> & Pick<PickerOptions, "select">;

  /** @param options the simulated user */
  constructor(options: PickerOptions = {}) {
    this.#options = {
      pickAfterPolls: options.pickAfterPolls ?? 2,
      pollInterval: options.pollInterval ?? "0.05s",
      timeoutInSeconds: options.timeoutInSeconds ?? 600,
      expireSeconds: options.expireSeconds ?? 3600,
      neverPick: options.neverPick ?? false,
      select: options.select,
    };
  }

  #json(session: Session, origin: string): Record<string, unknown> {
    const o = this.#options;
    const remaining = Math.max(0, o.timeoutInSeconds - (Date.now() - session.createdAt) / 1000);
    return {
      id: session.id,
      pickerUri: `${origin}/pick/${session.id}`,
      ...(session.set ? {} : {
        pollingConfig: { pollInterval: o.pollInterval, timeoutIn: `${Math.floor(remaining)}s` },
      }),
      expireTime: new Date(session.createdAt + o.expireSeconds * 1000).toISOString(),
      pickingConfig: { maxItemCount: String(session.maxItemCount) },
      mediaItemsSet: session.set,
    };
  }

  #live(id: string, account?: string): Session | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (account !== undefined && session.account !== account) return undefined;
    if (Date.now() > session.createdAt + this.#options.expireSeconds * 1000) return undefined;
    return session;
  }

  #pick(session: Session, items: readonly SimItem[]): void {
    if (session.set || this.#options.neverPick) return;
    session.set = true;
    const chosen = this.#options.select ? this.#options.select([...items]) : [...items];
    session.picked = chosen.slice(0, session.maxItemCount);
  }

  /** Handles the Picker paths; `undefined` for others. */
  async handle(
    request: Request,
    url: URL,
    context: { items: readonly SimItem[]; origin: string; account?: string },
  ): Promise<Response | undefined> {
    const path = url.pathname;
    if (request.method === "POST" && path === "/v1/sessions") {
      let body: { pickingConfig?: { maxItemCount?: string | number } } = {};
      try {
        body = JSON.parse(await request.text() || "{}");
      } catch {
        return invalidArgument("Invalid JSON payload received.");
      }
      const raw = body.pickingConfig?.maxItemCount;
      const max = raw === undefined ? 2000 : Number(raw);
      if (!Number.isInteger(max) || max < 0) {
        return invalidArgument("pickingConfig.maxItemCount must not be negative.");
      }
      const session: Session = {
        id: randomBytes(12).toString("hex"),
        polls: 0,
        set: false,
        createdAt: Date.now(),
        maxItemCount: Math.min(2000, max || 2000),
        picked: [],
        account: context.account,
      };
      this.sessions.set(session.id, session);
      return json(this.#json(session, context.origin));
    }
    const sessionPath = /^\/v1\/sessions\/([^/]+)$/.exec(path);
    if (sessionPath) {
      const session = this.#live(decodeURIComponent(sessionPath[1]), context.account);
      if (!session) return googleError(404, "NOT_FOUND", "Session not found.");
      if (request.method === "DELETE") {
        this.sessions.delete(session.id);
        this.deleted.push(session.id);
        return json({});
      }
      if (request.method === "GET") {
        session.polls++;
        if (session.polls >= this.#options.pickAfterPolls) this.#pick(session, context.items);
        return json(this.#json(session, context.origin));
      }
    }
    if (request.method === "GET" && path === "/v1/mediaItems") {
      const session = this.#live(url.searchParams.get("sessionId") ?? "", context.account);
      if (!session) return googleError(404, "NOT_FOUND", "Session not found.");
      if (!session.set) {
        return googleError(
          400,
          "FAILED_PRECONDITION",
          "The user has not yet finished picking media items for this session.",
        );
      }
      const requested = Number(url.searchParams.get("pageSize") ?? "0");
      if (!Number.isInteger(requested) || requested < 0) {
        return invalidArgument("pageSize must not be negative.");
      }
      const size = Math.min(100, requested || 50);
      const token = url.searchParams.get("pageToken");
      let offset = 0;
      if (token) {
        const decoded = readPageToken(token, session.id);
        if (decoded === undefined) return invalidArgument("Invalid page token.");
        offset = decoded;
      }
      const slice = session.picked.slice(offset, offset + size);
      const next = offset + size < session.picked.length
        ? pageToken(offset + size, session.id)
        : undefined;
      return json({
        mediaItems: slice.map((item) => pickedItemJson(item, context.origin)),
        ...(next ? { nextPageToken: next } : {}),
      });
    }
    const pickPage = /^\/pick\/([^/]+)$/.exec(path);
    if (request.method === "GET" && pickPage) {
      const session = this.#live(pickPage[1]);
      if (session) this.#pick(session, context.items);
      return new Response(
        "<!doctype html><title>Simulated Google Photos picker</title><p>Picked. You can close this page.</p>",
        { headers: { "content-type": "text/html; charset=utf-8" } },
      );
    }
    return undefined;
  }
}

/** A `PickedMediaItem`. */
export function pickedItemJson(item: SimItem, origin: string): Record<string, unknown> {
  return {
    id: item.id,
    ...(item.creationTime !== undefined ? { createTime: item.creationTime } : {}),
    type: item.kind === "video" ? "VIDEO" : "PHOTO",
    mediaFile: {
      baseUrl: mediaUrl(origin, "picker", item),
      mimeType: item.mimeType,
      filename: item.filename,
      mediaFileMetadata: {
        width: item.width ?? 8,
        height: 8,
        cameraMake: "Simulated",
        cameraModel: "Pixel Sim",
        ...(item.kind === "video"
          ? { videoMetadata: { fps: 30, processingStatus: item.videoStatus ?? "READY" } }
          : { photoMetadata: { focalLength: 4.4, isoEquivalent: 100 } }),
      },
    },
  };
}
