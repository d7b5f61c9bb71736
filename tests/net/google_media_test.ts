import assert from "node:assert/strict";
import { QuotaError } from "../../src/errors.ts";
import { MAX_REDIRECTS, openGoogleMedia } from "../../src/net/google_media.ts";
import { mayCarryToken } from "../../src/net/hosts.ts";
import { RetryableError } from "../../src/net/retry.ts";

/** A media context with a fresh run counter, for one item. */
function mediaContext(item = "item-1") {
  return {
    tokens: { getAccessToken: () => Promise.resolve("t1"), refresh: () => Promise.resolve("t2") },
    counter: { api: 0, media: 0 },
    api: "Test API",
    item,
    signal: new AbortController().signal,
  };
}

const noRenew = () => Promise.resolve();

/** A loopback server answering with `handler`; `seen` collects "path authorization". */
function server(handler: (url: URL) => Response) {
  const seen: string[] = [];
  const s = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const url = new URL(request.url);
    seen.push(`${url.pathname} ${request.headers.get("authorization")}`);
    return handler(url);
  });
  return { origin: `http://127.0.0.1:${s.addr.port}`, seen, close: () => s.shutdown() };
}

Deno.test("google media: =d / =dv with the Bearer token; a refused URL is renewed, a 401 refreshes", async () => {
  const seen: string[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const url = new URL(request.url);
    seen.push(`${url.pathname} ${request.headers.get("authorization")}`);
    if (url.pathname.startsWith("/old")) return new Response("gone", { status: 403 });
    if (url.pathname.startsWith("/unauth")) return new Response("no", { status: 401 });
    return new Response("bytes");
  });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    let refreshed = 0;
    let renewed = 0;
    const context = {
      tokens: {
        getAccessToken: () => Promise.resolve("t1"),
        refresh: () => Promise.resolve(`t${++refreshed + 1}`),
      },
      counter: { api: 0, media: 0 },
      api: "Test API",
      item: "item-1",
      signal: new AbortController().signal,
    };
    const renew = () => Promise.resolve(void renewed++);
    const photo = await openGoogleMedia(`${base}/p`, "photo", renew, context);
    assert.equal(await new Response(photo.body).text(), "bytes");
    assert.equal(photo.size, 5);
    await (await openGoogleMedia(`${base}/v`, "video", renew, context)).body.cancel();
    await assert.rejects(
      openGoogleMedia(`${base}/old`, "photo", renew, context),
      (e) => e instanceof RetryableError && e.kind === "expired-url" && /Test API/.test(e.message),
    );
    await assert.rejects(
      openGoogleMedia(`${base}/unauth`, "photo", renew, context),
      (e) => e instanceof RetryableError && e.kind === "unauthorized",
    );
    assert.deepEqual(seen, [
      "/p=d Bearer t1",
      "/v=dv Bearer t1",
      "/old=d Bearer t1",
      "/unauth=d Bearer t1",
    ]);
    assert.deepEqual({ renewed, refreshed, media: context.counter.media }, {
      renewed: 1,
      refreshed: 1,
      media: 4,
    });
  } finally {
    await server.shutdown();
  }
});

Deno.test("google media: a redirect is followed; the token goes to the same origin, never to a foreign one", async () => {
  const foreign = server(() => new Response("video bytes"));
  const google = server((url) =>
    url.pathname === "/v=dv"
      ? new Response(null, { status: 302, headers: { location: "/hop=dv" } })
      : new Response(null, { status: 302, headers: { location: `${foreign.origin}/signed` } })
  );
  try {
    const opened = await openGoogleMedia(`${google.origin}/v`, "video", noRenew, mediaContext());
    assert.equal(await new Response(opened.body).text(), "video bytes");
    assert.deepEqual(google.seen, ["/v=dv Bearer t1", "/hop=dv Bearer t1"]);
    assert.deepEqual(foreign.seen, ["/signed null"], "the foreign origin gets no Authorization");
  } finally {
    await Promise.all([google.close(), foreign.close()]);
  }
});

Deno.test("google media: more than 5 redirects fail the item, naming the host", async () => {
  const loop = server(() => new Response(null, { status: 302, headers: { location: "/again" } }));
  try {
    await assert.rejects(
      openGoogleMedia(`${loop.origin}/p`, "photo", noRenew, mediaContext()),
      (e: Error) =>
        /Cannot download from 127\.0\.0\.1:\d+: it redirected more than 5/.test(e.message),
    );
    assert.equal(loop.seen.length, MAX_REDIRECTS + 1);
  } finally {
    await loop.close();
  }
});

Deno.test("google media: the token is re-sent only to Google's own hosts over HTTPS", () => {
  const origin = "https://lh3.googleusercontent.com";
  const carries = (url: string) => mayCarryToken(new URL(url), origin);
  assert.ok(carries("https://video-downloads.googleusercontent.com/x"));
  assert.ok(carries("https://photoslibrary.googleapis.com/x"));
  assert.ok(carries("https://lh3.googleusercontent.com/y"));
  assert.ok(!carries("http://video-downloads.googleusercontent.com/x"), "never in clear text");
  assert.ok(!carries("https://googleusercontent.com.evil.example/x"));
  assert.ok(!carries("https://evilgoogleusercontent.com/x"));
  assert.ok(!carries("https://cdn.example.com/x"));
});

Deno.test("google media: HTML 429 pages back off; items refused again and again mean the media quota", async () => {
  const page =
    "<html><p><b>429.</b> That’s an error. We're sorry, but you have sent too many requests";
  const host = server((url) =>
    url.pathname.startsWith("/later")
      ? new Response(page, { status: 429, headers: { "retry-after": "7" } })
      : new Response(page, { status: 429, headers: { "content-type": "text/html" } })
  );
  try {
    const context = mediaContext();
    await assert.rejects(
      openGoogleMedia(`${host.origin}/later`, "photo", noRenew, context),
      (e) => e instanceof RetryableError && e.kind === "rate-limit" && e.retryAfterMs === 7000,
    );
    const refusals: unknown[] = [];
    for (const item of ["a", "b", "c"]) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        await openGoogleMedia(`${host.origin}/${item}`, "photo", noRenew, { ...context, item })
          .catch((e) => refusals.push(e));
      }
    }
    assert.ok(refusals.slice(0, -1).every((e) => e instanceof RetryableError));
    const stop = refusals.at(-1) as Error;
    assert.ok(stop instanceof QuotaError, String(stop));
    assert.match(stop.message, /Cannot download from 127\.0\.0\.1:\d+: .*daily media quota/);
    const sent = host.seen.length;
    await assert.rejects(
      openGoogleMedia(`${host.origin}/d`, "photo", noRenew, { ...context, item: "d" }),
      QuotaError,
    );
    assert.equal(host.seen.length, sent, "no request after the stop");
  } finally {
    await host.close();
  }
});

Deno.test("google media: a download in between clears the count, and a page naming a daily quota stops at once", async () => {
  const host = server((url) =>
    url.pathname.startsWith("/ok")
      ? new Response("bytes")
      : url.pathname.startsWith("/daily")
      ? new Response("<p>Quota exceeded: media requests per day", { status: 429 })
      : new Response("<p>429", { status: 429 })
  );
  try {
    const context = mediaContext();
    for (const item of ["a", "b", "ok", "c", "d"]) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const opened = await openGoogleMedia(`${host.origin}/${item}`, "photo", noRenew, {
          ...context,
          item,
        }).catch((e) => e);
        if (opened instanceof Error) assert.ok(opened instanceof RetryableError, opened.message);
        else await opened.body.cancel();
      }
    }
    await assert.rejects(
      openGoogleMedia(`${host.origin}/daily`, "photo", noRenew, mediaContext()),
      (e: Error) => e instanceof QuotaError && /quota/.test(e.message),
    );
  } finally {
    await host.close();
  }
});
