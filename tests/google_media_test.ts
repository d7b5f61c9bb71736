import assert from "node:assert/strict";
import { openGoogleMedia } from "../src/net/google_media.ts";
import { RetryableError } from "../src/net/retry.ts";

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
