/**
 * The console's request handler: the guard (Host, token, same origin) in front of every route, the
 * pages, and the JSON API under `/api/` (the same data, plus starting and following runs).
 *
 * @module
 */
import { renderSVG } from "uqr";
import { statusReport } from "../run/status.ts";
import { GphotosError } from "../errors.ts";
import {
  type Credential,
  credential,
  type GuardOptions,
  hostAllowed,
  sameOrigin,
} from "./guard.ts";
import { newSession, sessionCookie } from "./session.ts";
import { esc, layout } from "./html.ts";
import { BusyError, type JobKind, type JobLoaders, Jobs } from "./jobs.ts";
import { EventStreams } from "./events.ts";
import { consoleIndexDir, readOverview } from "./overview.ts";
import type { HomeOptions } from "../library/guard/index_home.ts";
import { firstRunPage, pickPage, runsPage, statusPage } from "./pages.ts";
import { type TokenFile, tokenMatches } from "./token.ts";

/** What the console serves. */
export interface ConsoleOptions extends GuardOptions {
  /** The commands the console can start, loaded when first started. */
  loaders: JobLoaders;
  /** The library root (absolute). */
  dest: string;
  /** The config folder (token, OAuth token). */
  configDir: string;
  /** Where the index and lock live: decided as for the CLI (`homeOptions` of serve's context). */
  where: HomeOptions;
  /** The token file, followed while serving (a rotation ends every session). */
  tokens: TokenFile;
  /** The Takeout inbox, if configured. */
  inbox?: string;
  /** The environment the commands read. */
  env(name: string): string | undefined;
}

/** Headers on every answer. */
export const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

function json(data: unknown, status = 200): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8" },
  });
}

function page(title: string, body: string, status = 200): Response {
  const nonce = crypto.randomUUID().replaceAll("-", "");
  return new Response(layout(title, body, nonce), {
    status,
    headers: {
      ...SECURITY_HEADERS,
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'none'; script-src 'nonce-${nonce}'; ` +
        "style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; form-action 'self'; " +
        "frame-ancestors 'none'",
    },
  });
}

function refuse(status: number, api: boolean, message: string): Response {
  if (api) return json({ error: message }, status);
  return new Response(`${message}\n`, {
    status,
    headers: { ...SECURITY_HEADERS, "content-type": "text/plain; charset=utf-8" },
  });
}

/** Builds the handler for `Deno.serve`, with the job slot it starts runs in. */
export function createConsole(options: ConsoleOptions): {
  handler: (request: Request) => Promise<Response>;
  jobs: Jobs;
} {
  const jobs = new Jobs(options);

  async function startJob(kind: JobKind, request: Request): Promise<Response> {
    // No body (curl -X POST) means no options; anything but an object is a mistake.
    const body = await request.json().catch(() => ({})) as Record<string, unknown> | null;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return json({ error: `Cannot start ${kind}: the body must be a JSON object, e.g. {}` }, 400);
    }
    const args = ["--dest", options.dest];
    if (kind === "pick") {
      args.push("--no-qr");
      const from = typeof body.from === "string" ? body.from : "";
      if (from && !/^\d{4}-\d{2}-\d{2}$/.test(from)) {
        return json({ error: `Cannot start a pick: "${from}" is not a day (YYYY-MM-DD)` }, 400);
      }
      if (from) args.push("--from", from);
      if (body.resume === true) args.push("--resume");
    }
    if (kind === "import") {
      if (!options.inbox) {
        return json({
          error: "Cannot import: no inbox is configured; start serve with --inbox DIR",
        }, 400);
      }
      args.push("--inbox", options.inbox);
    }
    if (kind === "verify") {
      // One slice a night reads the whole library in a month, as docs/VERIFY.md's nightly example.
      const subset = typeof body.subset === "string" ? body.subset : tonightsSlice(new Date());
      if (!/^\d{1,4}\/\d{1,4}$/.test(subset)) {
        return json({ error: `Cannot start a verify: "${subset}" is not N/M` }, 400);
      }
      args.push("--subset", subset);
    }
    try {
      return json(await jobs.start(kind, args), 202);
    } catch (error) {
      if (error instanceof BusyError) return json({ error: error.message }, 409);
      throw error;
    }
  }

  const streams = new EventStreams(jobs, SECURITY_HEADERS);

  async function route(request: Request, url: URL, who: Credential): Promise<Response> {
    const key = `${request.method} ${url.pathname}`;
    switch (key) {
      case "GET /api/status":
        return json(await statusReport(options.dest, options.where));
      case "GET /api/overview":
        return json(await readOverview(options.dest, options.where, options.inbox));
      case "GET /api/runs":
        return json((await readOverview(options.dest, options.where, options.inbox)).runs);
      case "GET /api/job":
        return json(jobs.current ?? null);
      case "GET /api/events":
        return streams.open(who?.how === "session" ? who.id : "bearer");
      case "GET /api/job/qr.svg": {
        const uri = jobs.current?.pickerUri;
        if (!uri) return json({ error: "Cannot draw a QR code: no pick is waiting" }, 404);
        return new Response(renderSVG(uri, { border: 2, pixelSize: 6 }), {
          headers: { ...SECURITY_HEADERS, "content-type": "image/svg+xml" },
        });
      }
      case "POST /api/pick":
        return await startJob("pick", request);
      case "POST /api/import":
        return await startJob("import", request);
      case "POST /api/verify":
        return await startJob("verify", request);
      case "POST /api/job/cancel":
        return json({ cancelled: jobs.cancel() });
      case "GET /":
      case "GET /pick":
      case "GET /runs": {
        if (!(await consoleIndexDir(options.dest, options.where))) {
          return page("Status", firstRunPage(options.dest));
        }
        const job = jobs.current;
        const live = job && !job.finishedAt ? job.kind : undefined;
        const overview = await readOverview(options.dest, options.where, options.inbox, live);
        if (url.pathname === "/pick") return page("Pick", pickPage(overview));
        if (url.pathname === "/runs") return page("Runs", runsPage(overview));
        return page("Status", statusPage(overview));
      }
    }
    return refuse(404, url.pathname.startsWith("/api/"), "Cannot find this page");
  }

  async function handler(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400, false, "Cannot serve this request: its Host header is not a host name");
    }
    const api = url.pathname.startsWith("/api/");
    if (!hostAllowed(request.headers.get("host"), options)) {
      return refuse(403, api, "Cannot serve this request: its Host header names another site");
    }
    options.token = await options.tokens.current();
    const given = url.searchParams.get("token");
    if (given !== null && !api && request.method === "GET") {
      if (!tokenMatches(options.token, given)) {
        return refuse(401, false, "Cannot open the console: this link's token is wrong");
      }
      // The token is exchanged for a session once; the redirect drops it from the address bar
      // (and history), to a path of this site only: `//other.example/` would leave it.
      url.searchParams.delete("token");
      return new Response(null, {
        status: 303,
        headers: {
          ...SECURITY_HEADERS,
          location: `/${url.pathname.replace(/^[/\\]+/, "")}${url.search}`,
          "set-cookie": sessionCookie(options.port, newSession(options.token)),
        },
      });
    }
    const how = credential(request, url, options);
    if (!how) {
      return refuse(
        401,
        api,
        "Cannot open the console without logging in: open the address " +
          "`gphotos-nas serve --show-url` prints",
      );
    }
    const response = await guarded(request, url, how, api);
    if (how.how === "session" && how.renewed) {
      response.headers.append("set-cookie", sessionCookie(options.port, how.renewed));
    }
    return response;
  }

  async function guarded(
    request: Request,
    url: URL,
    how: NonNullable<ReturnType<typeof credential>>,
    api: boolean,
  ): Promise<Response> {
    if (request.method !== "GET" && !sameOrigin(request, how)) {
      return refuse(
        403,
        api,
        "Cannot accept this request: it did not come from the console's pages",
      );
    }
    try {
      return await route(request, url, how);
    } catch (error) {
      const message = error instanceof GphotosError
        ? error.message
        : `Cannot answer: ${(error as Error)?.message ?? error}`;
      if (api) return json({ error: message }, error instanceof GphotosError ? 409 : 500);
      return page(
        "Problem",
        `<section><h2>Cannot show this page</h2><p class="bad">${esc(message)}</p></section>`,
        409,
      );
    }
  }

  return { handler, jobs };
}

/** Tonight's slice of a 30-night scrub: the day of the year, modulo 30, plus one, of 30. */
function tonightsSlice(now: Date): string {
  const dayOfYear = Math.floor((now.getTime() - Date.UTC(now.getUTCFullYear(), 0, 1)) / 86_400_000);
  return `${(dayOfYear % 30) + 1}/30`;
}
