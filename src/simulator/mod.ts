/**
 * A simulator of the Google APIs gphotos-nas talks to: OAuth, the Library API, the Picker API and
 * media URLs, as real HTTP servers on 127.0.0.1, faithful to Google's documented rules and with
 * switches for the faults the real services produce. The demo, every end-to-end test and the
 * benchmark run against it.
 *
 * @module
 */
import { createHash } from "node:crypto";
import {
  dailyQuotaError,
  googleError,
  insufficientScopes,
  json,
  rateLimitError,
  unauthenticated,
} from "./api/google_errors.ts";
import { handleLibrary } from "./api/library_api.ts";
import { familyLibraries } from "./family.ts";
import { generateLibrary } from "./library_gen.ts";
import { itemStream, lastUrlSerial, serveMedia } from "./api/media_server.ts";
import { handleOAuth, TokenRegistry } from "./api/oauth.ts";
import { LIBRARY_SCOPE, MAIN_ACCOUNT, PICKER_SCOPE } from "./api/oauth.ts";
import { PickerState } from "./api/picker_api.ts";
import { hashString, Prng } from "./prng.ts";
import { answered, arrived, requestKey, type ServerName } from "./request_log.ts";
import { SwitchableServer } from "./servers.ts";
import {
  type ClientSecretFile,
  type FaultConfig,
  noFaults,
  type Simulator,
  type SimulatorOptions,
  type SimulatorStats,
} from "./types.ts";

export type {
  ClientSecretFile,
  FaultConfig,
  PickerOptions,
  SimItem,
  SimItemSpec,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
} from "./types.ts";
export type { HostName } from "./servers.ts";
export { LIBRARY_SCOPE, MAIN_ACCOUNT, PICKER_SCOPE } from "./api/oauth.ts";
export type { LoggedRequest } from "./request_log.ts";

function page404(): Response {
  return googleError(404, "NOT_FOUND", "Not found.");
}

/** Never answers: waits until the client gives up (its answer then goes nowhere). */
function hang(signal: AbortSignal): Promise<Response> {
  return new Promise((resolve) => {
    const done = () => resolve(new Response(null, { status: 504 }));
    if (signal.aborted) done();
    else signal.addEventListener("abort", done, { once: true });
  });
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

/** Starts the simulator on two random loopback ports. */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const items = generateLibrary(options);
  const libraries = familyLibraries(items, options);
  const byId = new Map([...libraries.values()].flat().map((item) => [item.id, item]));
  let expiredSerial = 0;
  const { expireAllBaseUrls, ...initialFaults } = { ...noFaults(), ...options.faults };
  const faults = initialFaults as FaultConfig;
  let expireAll = false;
  // Tests flip this switch at run time; the moment it turns on decides which URLs are "so far".
  Object.defineProperty(faults, "expireAllBaseUrls", {
    enumerable: true,
    get: () => expireAll,
    set(value: boolean) {
      if (value) expiredSerial = lastUrlSerial();
      expireAll = value;
    },
  });
  faults.expireAllBaseUrls = expireAllBaseUrls;
  const prng = new Prng((options.seed ?? 1) * 7919 + 17);
  // Its own generator: drawing delays must not shift the fault sequence a seed gives.
  const latencyPrng = new Prng(`latency:${options.seed ?? 1}`);
  const apiLatency = () => {
    const latency = options.latencyMs ?? 0;
    if (typeof latency === "number") return latency;
    return latency[0] + latencyPrng.next() * (latency[1] - latency[0]);
  };
  const client = {
    id: options.clientId ?? "123456789012-simulated.apps.googleusercontent.com",
    secret: options.clientSecret ?? "GOCSPX-simulated-client-secret",
  };
  const registry = new TokenRegistry(
    options.accessTokenTtlSec ?? 3600,
    options.grantedBefore ? [client.id] : [],
  );
  const picker = new PickerState(options.picker);
  const share = options.appCreated === undefined || options.appCreated === true
    ? 1
    : options.appCreated === false
    ? 0
    : options.appCreated;
  // What the Library API lists for each account: the share of its items this app created.
  const appLibraries = new Map([...libraries].map(([account, list]) => {
    const app = list.filter((item) => hashString(`app:${item.id}`) / 0x1_0000_0000 < share);
    return [account, { items: app, byId: new Map(app.map((item) => [item.id, item])) }];
  }));
  /** The account a request's token belongs to (the gate has checked the token). */
  const accountOf = (request: Request) =>
    registry.accountOf(request.headers.get("authorization")) ?? MAIN_ACCOUNT;
  const stats: SimulatorStats = {
    apiRequests: 0,
    mediaRequests: 0,
    mediaBytes: 0,
    requests: {},
    deletedSessions: picker.deleted,
    refreshes: 0,
    mediaRedirects: 0,
    log: [],
    accountRequests: {},
  };
  const origins = { library: "", picker: "", oauth: "", redirect: "" };

  const apiGate = (request: Request, api: "library" | "picker"): Response | undefined => {
    stats.apiRequests++;
    const service = api === "library"
      ? "photoslibrary.googleapis.com"
      : "photospicker.googleapis.com";
    if (faults.dailyQuotaRequests !== null && stats.apiRequests > faults.dailyQuotaRequests) {
      return dailyQuotaError(service);
    }
    const scopes = registry.scopesOf(request.headers.get("authorization"));
    if (!scopes) return unauthenticated();
    const account = accountOf(request);
    stats.accountRequests[account] = (stats.accountRequests[account] ?? 0) + 1;
    if (api === "library" && (faults.insufficientScope || !scopes.includes(LIBRARY_SCOPE))) {
      return insufficientScopes();
    }
    if (api === "picker" && !scopes.includes(PICKER_SCOPE)) return insufficientScopes();
    if (prng.next() < faults.apiRate429) return rateLimitError(service, faults.retryAfterSeconds);
    if (prng.next() < faults.apiRate5xx) {
      return googleError(503, "UNAVAILABLE", "The service is currently unavailable.", {
        ...(faults.retryAfterSeconds === null
          ? {}
          : { "retry-after": String(faults.retryAfterSeconds) }),
      });
    }
    return undefined;
  };

  const media = (request: Request, url: URL, redirectOrigin?: string) => {
    // Google counts base-URL fetches against the daily media quota; the redirect's hop is free.
    if (redirectOrigin !== undefined) stats.mediaRequests++;
    const response = serveMedia(request, url, {
      items: byId,
      faults,
      prng,
      ttlMs: options.baseUrlTtlMs ?? 3_600_000,
      bandwidth: options.bandwidthBytesPerSec,
      expiredSerial,
      pickerAuthorized: (auth) => registry.scopesOf(auth)?.includes(PICKER_SCOPE) ?? false,
      onBytes: (n) => stats.mediaBytes += n,
      quotaUsedUp: faults.mediaQuotaRequests !== null &&
        stats.mediaRequests > faults.mediaQuotaRequests,
      redirectOrigin,
    });
    if (response.status === 302) stats.mediaRedirects++;
    return response;
  };

  const withMalformed = async (response: Response): Promise<Response> => {
    if (response.status === 200 && prng.next() < faults.malformedJsonRate) {
      const text = await response.text();
      return new Response(text.slice(0, Math.floor(text.length / 2)), {
        headers: { "content-type": "application/json" },
      });
    }
    return response;
  };

  const libraryHandler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/media/")) return media(request, url, origins.redirect);
    if (!url.pathname.startsWith("/v1/")) return googleError(404, "NOT_FOUND", "Not found.");
    await delay(apiLatency());
    if (faults.apiHang) return await hang(request.signal);
    const refused = apiGate(request, "library");
    if (refused) return refused;
    const response = await handleLibrary(request, url, {
      ...appLibraries.get(accountOf(request))!,
      origin: options.mediaOrigin ?? origins.library,
    });
    return withMalformed(response ?? googleError(404, "NOT_FOUND", "Not found."));
  };

  const oauthHandler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const oauth = await handleOAuth(
      request,
      url,
      registry,
      client,
      faults.untickedScopes,
      new Set(libraries.keys()),
    );
    stats.refreshes = registry.refreshes;
    return oauth ?? page404();
  };

  const pickerHandler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/media/")) return media(request, url, origins.redirect);
    if (url.pathname.startsWith("/pick/")) {
      return (await picker.handle(request, url, { items, origin: origins.picker }))!;
    }
    await delay(apiLatency());
    if (faults.apiHang) return await hang(request.signal);
    const refused = apiGate(request, "picker");
    if (refused) return refused;
    const account = accountOf(request);
    const response = await picker.handle(request, url, {
      items: libraries.get(account)!,
      origin: origins.picker,
      account,
    });
    return withMalformed(response ?? googleError(404, "NOT_FOUND", "Not found."));
  };

  const serve = (server: ServerName, handler: (r: Request) => Promise<Response>) =>
    new SwitchableServer(async (request) => {
      const key = requestKey(request.method, new URL(request.url).pathname);
      stats.requests[key] = (stats.requests[key] ?? 0) + 1;
      const entry = arrived(stats.log, server, key);
      let response: Response;
      try {
        response = await handler(request);
      } catch (error) {
        response = json({ error: { code: 500, message: String(error), status: "INTERNAL" } }, 500);
      }
      answered(entry, response.status);
      return response;
    });
  const servers = {
    library: serve("library", libraryHandler),
    picker: serve("picker", pickerHandler),
    oauth: serve("oauth", oauthHandler),
    redirect: serve("redirect", (request) => {
      const url = new URL(request.url);
      return Promise.resolve(url.pathname.startsWith("/media/") ? media(request, url) : page404());
    }),
  };
  origins.library = servers.library.origin;
  origins.picker = servers.picker.origin;
  origins.oauth = servers.oauth.origin;
  origins.redirect = servers.redirect.origin;
  const hashes = new Map<string, string>();

  const clientSecretJson = (): ClientSecretFile => ({
    installed: {
      client_id: client.id,
      project_id: "gphotos-nas-simulated",
      auth_uri: `${origins.oauth}/o/oauth2/auth`,
      token_uri: `${origins.oauth}/token`,
      auth_provider_x509_cert_url: `${origins.oauth}/oauth2/v1/certs`,
      client_secret: client.secret,
      redirect_uris: ["http://localhost"],
    },
  });

  return Promise.resolve({
    libraryOrigin: origins.library,
    pickerOrigin: origins.picker,
    oauthOrigin: origins.oauth,
    mediaRedirectOrigin: origins.redirect,
    items,
    faults,
    stats,
    clientSecretJson,
    async writeClientSecret(path) {
      await Deno.writeTextFile(path, JSON.stringify(clientSecretJson(), null, 2), { mode: 0o600 });
    },
    issueRefreshToken: (scopes = [LIBRARY_SCOPE, PICKER_SCOPE], account = MAIN_ACCOUNT) => {
      if (!libraries.has(account)) throw new Error(`simulator: no account "${account}"`);
      return registry.issueRefreshToken(scopes, account);
    },
    revokeAllTokens: () => registry.revokeAll(),
    revokeAccount: (account) => registry.revokeAccount(account),
    itemsOf(account) {
      const list = libraries.get(account);
      if (!list) throw new Error(`simulator: no account "${account}"`);
      return list;
    },
    expireAccessTokens: () => registry.expireAccess(),
    expireBaseUrls() {
      expiredSerial = lastUrlSerial();
    },
    setReachable: (host, reachable) => servers[host].setReachable(reachable),
    mediaStream: itemStream,
    async sha256(item) {
      const known = hashes.get(item.id);
      if (known) return known;
      const hash = createHash("sha256");
      for await (const chunk of itemStream(item)) hash.update(chunk);
      const hex = hash.digest("hex");
      hashes.set(item.id, hex);
      return hex;
    },
    async close() {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
  });
}
