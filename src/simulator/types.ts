/**
 * The simulator's data: items of the simulated library, its fault switches and options.
 *
 * @module
 */
import type { LoggedRequest } from "./request_log.ts";
import type { HostName } from "./servers.ts";

/** An item as a test describes it (anything left out is generated). */
export interface SimItemSpec {
  /** Media id; generated when absent. */
  id?: string;
  /** File name exactly as the API will report it (hostile names welcome). */
  filename: string;
  /** MIME type; derived from the kind when absent. */
  mimeType?: string;
  /** Photo or video; derived from the MIME type when absent. */
  kind?: "photo" | "video";
  /** RFC 3339 capture time; `null` leaves it out, any string is passed through as is. */
  creationTime?: string | null;
  /** Size in bytes (photos are rounded to a valid JPEG size). */
  size?: number;
  /** Video processing state. */
  videoStatus?: "READY" | "PROCESSING" | "FAILED";
  /** Archived items are listed only with `includeArchivedMedia`. */
  archived?: boolean;
  /**
   * The width the APIs report (default 8, the generated JPEG's own): another value describes a
   * different photo than the bytes a Takeout export holds under the same name.
   */
  width?: number;
}

/** An item of the simulated library. */
export interface SimItem {
  /** Media id. */
  id: string;
  /** File name. */
  filename: string;
  /** MIME type. */
  mimeType: string;
  /** Photo or video. */
  kind: "photo" | "video";
  /** RFC 3339 capture time, if any. */
  creationTime: string | undefined;
  /** Exact size of the served bytes. */
  size: number;
  /** Video processing state. */
  videoStatus?: "READY" | "PROCESSING" | "FAILED";
  /** Archived in Google Photos. */
  archived: boolean;
  /** The width the APIs report, when not the generated JPEG's 8. */
  width?: number;
  /**
   * The id of the item whose bytes these are: a photo another account of the family shared (a
   * shared album, partner sharing) is a media item of this account with its own id, same bytes.
   */
  contentId?: string;
}

/**
 * Another Google account of the household, served by the same simulator: its tokens name it, and
 * the APIs then list its library only.
 */
export interface FamilyAccountSpec {
  /** Its own generated items (default 20). */
  itemCount?: number;
  /** Seed of its own items (default: derived from the name). */
  seed?: number;
  /** How many of the main account's ready photos it has too, shared with it (default 0). */
  sharedFromMain?: number;
}

/** Fault switches, mutable while the simulator runs. Rates are per request, 0..1. */
export interface FaultConfig {
  /** JSON API answers 429 (per-minute limit). */
  apiRate429: number;
  /** JSON API answers 503. */
  apiRate5xx: number;
  /** `Retry-After` seconds on 429/503, or null for none. */
  retryAfterSeconds: number | null;
  /** Media answers 429. */
  mediaRate429: number;
  /** Media answers 500/503. */
  mediaRate5xx: number;
  /** Media connection is reset part-way through the body. */
  mediaRateReset: number;
  /** Media body ends early although Content-Length promised more. */
  mediaRateTruncate: number;
  /** Media body stops for `stallMs` part-way through. */
  mediaRateStall: number;
  /** How long a stall lasts. */
  stallMs: number;
  /** Media URL refused with 403 as if expired. */
  mediaRateExpired: number;
  /** Setting this to true expires every media URL issued so far (403); later URLs work. */
  expireAllBaseUrls: boolean;
  /** After this many API requests every API request gets the daily-quota 429. */
  dailyQuotaRequests: number | null;
  /** The Library API refuses every call with "insufficient authentication scopes". */
  insufficientScope: boolean;
  /** JSON API answers 200 with a broken body. */
  malformedJsonRate: number;
  /**
   * `=dv` answers 302 to the second media origin (standing for
   * `video-downloads.googleusercontent.com`), as Google does; on by default.
   */
  redirectVideos: boolean;
  /** Share (0..1) of photos whose `=d` answers 302 to the second media origin too. */
  redirectPhotoShare: number;
  /**
   * After this many media requests the daily media quota is used up: every media request gets
   * Google's HTML 429 page without `Retry-After`.
   */
  mediaQuotaRequests: number | null;
  /** The JSON APIs accept every request and never answer (an overloaded or black-holed host). */
  apiHang: boolean;
  /** Scopes the user unticks on the consent screen (Google's granular consent): never granted. */
  untickedScopes: string[];
}

/** The user who picks, played by the simulator. */
export interface PickerOptions {
  /** Items count as picked after this many `sessions.get` polls (default 2). */
  pickAfterPolls?: number;
  /** `pollingConfig.pollInterval` (default "0.05s"). */
  pollInterval?: string;
  /** Seconds until polling should stop (default 600). */
  timeoutInSeconds?: number;
  /** Seconds until the session expires (default 3600). */
  expireSeconds?: number;
  /** What the user picks (default: everything, up to maxItemCount). */
  select?: (items: SimItem[]) => SimItem[];
  /** The user never presses Done. */
  neverPick?: boolean;
}

/** Options of `startSimulator`. */
export interface SimulatorOptions {
  /** Seed of everything random (default 1). */
  seed?: number;
  /** Generated items (default 300). */
  itemCount?: number;
  /** First year of generated capture times (default 2019). */
  startYear?: number;
  /** Last year (default 2025). */
  endYear?: number;
  /** Photo sizes [min, max] in bytes (default [4000, 40000]). */
  photoSize?: [number, number];
  /** Video sizes [min, max] (default [50000, 300000]). */
  videoSize?: [number, number];
  /** Explicit items instead of generated ones. */
  items?: SimItemSpec[];
  /**
   * Which items the Library API returns, as Google does since 2025 (only those this app created):
   * `true` (default) all, `false` none, a number in (0, 1) that share of the items.
   */
  appCreated?: boolean | number;
  /**
   * Delay of every JSON API answer, ms: fixed, or `[min, max]` for a delay drawn (seeded) anew for
   * each answer, as a home link's round trips vary.
   */
  latencyMs?: number | [number, number];
  /** Per-connection media bandwidth cap in bytes/s. */
  bandwidthBytesPerSec?: number;
  /** Lifetime of media URLs (default 60 minutes). */
  baseUrlTtlMs?: number;
  /** `expires_in` of access tokens (default 3600). */
  accessTokenTtlSec?: number;
  /**
   * Where the Library API's `baseUrl`s point (default: its own origin); a closed port plays a
   * media host that cannot be reached while the API answers.
   */
  mediaOrigin?: string;
  /** Initial faults. */
  faults?: Partial<FaultConfig>;
  /** The picking user. */
  picker?: PickerOptions;
  /**
   * The account had already granted this client before (e.g. on another machine): a consent that
   * lacks `access_type=offline` and `prompt=consent` then yields no refresh token.
   */
  grantedBefore?: boolean;
  /** The household's other accounts, by name (the main account is `MAIN_ACCOUNT`). */
  family?: Record<string, FamilyAccountSpec>;
  /** OAuth client id. */
  clientId?: string;
  /** OAuth client secret. */
  clientSecret?: string;
}

/** No faults; only the redirects every real media download meets. */
export function noFaults(): FaultConfig {
  return {
    apiRate429: 0,
    apiRate5xx: 0,
    retryAfterSeconds: 1,
    mediaRate429: 0,
    mediaRate5xx: 0,
    mediaRateReset: 0,
    mediaRateTruncate: 0,
    mediaRateStall: 0,
    stallMs: 5000,
    mediaRateExpired: 0,
    expireAllBaseUrls: false,
    dailyQuotaRequests: null,
    insufficientScope: false,
    malformedJsonRate: 0,
    redirectVideos: true,
    redirectPhotoShare: 0.25,
    mediaQuotaRequests: null,
    untickedScopes: [],
    apiHang: false,
  };
}

/** The `client_secret.json` of a Desktop app client, pointing at the simulator. */
export interface ClientSecretFile {
  /** Google's "installed" client. */
  installed: {
    client_id: string;
    project_id: string;
    auth_uri: string;
    token_uri: string;
    auth_provider_x509_cert_url: string;
    client_secret: string;
    redirect_uris: string[];
  };
}

/** Request counters. */
export interface SimulatorStats {
  /** JSON API requests (Library and Picker). */
  apiRequests: number;
  /** Media requests. */
  mediaRequests: number;
  /** Media bytes sent. */
  mediaBytes: number;
  /** Media requests answered with a 302 to the second media origin. */
  mediaRedirects: number;
  /** Requests by "METHOD /path-pattern". */
  requests: Record<string, number>;
  /** Picker sessions deleted by the client. */
  deletedSessions: string[];
  /** Token refreshes served. */
  refreshes: number;
  /** Every request in arrival order, with its answer. */
  log: LoggedRequest[];
  /** JSON API requests by the account whose token they carried. */
  accountRequests: Record<string, number>;
}

/** A running simulator. */
export interface Simulator {
  /** Library API origin (no `/v1`). */
  readonly libraryOrigin: string;
  /** Picker API origin (another port: both APIs have `GET /v1/mediaItems`). */
  readonly pickerOrigin: string;
  /** OAuth origin: the consent page and the token endpoint (its own host, as at Google). */
  readonly oauthOrigin: string;
  /**
   * The second media origin, standing for `video-downloads.googleusercontent.com`: `=dv` (and a
   * share of `=d`) answer 302 to it.
   */
  readonly mediaRedirectOrigin: string;
  /** The simulated library, newest first. */
  readonly items: readonly SimItem[];
  /** Fault switches, mutable while running. */
  readonly faults: FaultConfig;
  /** Counters. */
  readonly stats: SimulatorStats;
  /** The Desktop-app client file. */
  clientSecretJson(): ClientSecretFile;
  /** Writes the client file (mode 0600). */
  writeClientSecret(path: string): Promise<void>;
  /** A refresh token without the browser step (default: both scopes, the main account). */
  issueRefreshToken(scopes?: string[], account?: string): string;
  /** Revokes every token: refreshes answer `invalid_grant`. */
  revokeAllTokens(): void;
  /** Revokes one account's tokens only (the user removed the app's access in that account). */
  revokeAccount(account: string): void;
  /** The library of one account of the household (`MAIN_ACCOUNT`: {@linkcode items}). */
  itemsOf(account: string): readonly SimItem[];
  /** Every access token expires now (clients must refresh). */
  expireAccessTokens(): void;
  /** Every media URL issued so far expires now. */
  expireBaseUrls(): void;
  /** The exact original bytes of an item, generated lazily. */
  mediaStream(item: SimItem): ReadableStream<Uint8Array>;
  /** Hex SHA-256 of those bytes. */
  sha256(item: SimItem): Promise<string>;
  /**
   * Stops a host listening (its connections are refused, as when Google is unreachable) or lets it
   * listen again on the same port.
   */
  setReachable(host: HostName, reachable: boolean): Promise<void>;
  /** Stops the servers. */
  close(): Promise<void>;
}
