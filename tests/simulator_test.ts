import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { photoBytesSync, videoBytes } from "../src/simulator/media.ts";
import {
  LIBRARY_SCOPE,
  PICKER_SCOPE,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../src/simulator/mod.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

async function withSim(options: SimulatorOptions, fn: (sim: Simulator) => Promise<void>) {
  const sim = await startSimulator(options);
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

async function accessToken(sim: Simulator, scopes?: string[]): Promise<string> {
  const secret = sim.clientSecretJson().installed;
  const response = await fetch(secret.token_uri, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: sim.issueRefreshToken(scopes),
      client_id: secret.client_id,
      client_secret: secret.client_secret,
    }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

async function api(
  token: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; headers: Headers; json: Json }> {
  const response = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

Deno.test("OAuth: loopback consent redirect, PKCE S256 checked, codes single-use", async () => {
  await withSim({ itemCount: 1 }, async (sim) => {
    const secret = sim.clientSecretJson().installed;
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const authorize = async () => {
      const url = new URL(secret.auth_uri);
      url.search = new URLSearchParams({
        client_id: secret.client_id,
        redirect_uri: "http://127.0.0.1:9/",
        response_type: "code",
        scope: `${LIBRARY_SCOPE} ${PICKER_SCOPE}`,
        code_challenge: challenge,
        code_challenge_method: "S256",
        state: "xyz",
      }).toString();
      const response = await fetch(url, { redirect: "manual" });
      await response.body?.cancel();
      assert.equal(response.status, 302);
      const location = new URL(response.headers.get("location")!);
      assert.equal(location.origin, "http://127.0.0.1:9");
      assert.equal(location.searchParams.get("state"), "xyz");
      return location.searchParams.get("code")!;
    };
    const exchange = async (code: string, codeVerifier: string) => {
      const response = await fetch(secret.token_uri, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          code_verifier: codeVerifier,
          redirect_uri: "http://127.0.0.1:9/",
          client_id: secret.client_id,
          client_secret: secret.client_secret,
        }),
      });
      return { status: response.status, json: await response.json() };
    };

    const wrong = await exchange(await authorize(), randomBytes(32).toString("base64url"));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error, "invalid_grant");

    const code = await authorize();
    const good = await exchange(code, verifier);
    assert.equal(good.status, 200);
    assert.equal(good.json.token_type, "Bearer");
    assert.equal(good.json.expires_in, 3600);
    assert.ok(good.json.refresh_token);
    const reused = await exchange(code, verifier);
    assert.equal(reused.json.error, "invalid_grant");

    const noPkce = await fetch(
      `${secret.auth_uri}?client_id=${secret.client_id}&redirect_uri=http://127.0.0.1:9/` +
        `&response_type=code&scope=${LIBRARY_SCOPE}`,
      { redirect: "manual" },
    );
    await noPkce.body?.cancel();
    assert.equal(noPkce.status, 400);

    const list = await api(good.json.access_token, `${sim.libraryOrigin}/v1/mediaItems`);
    assert.equal(list.status, 200);
    sim.revokeAllTokens();
    const refreshed = await fetch(secret.token_uri, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: good.json.refresh_token,
        client_id: secret.client_id,
        client_secret: secret.client_secret,
      }),
    });
    assert.equal(refreshed.status, 400);
    assert.deepEqual(await refreshed.json(), {
      error: "invalid_grant",
      error_description: "Token has been expired or revoked.",
    });
    const after = await api(good.json.access_token, `${sim.libraryOrigin}/v1/mediaItems`);
    assert.equal(after.status, 401);
    assert.equal((after.json.error as Json).status, "UNAUTHENTICATED");
  });
});

Deno.test("Library search: inclusive ranges, partial dates, UTC days, invalid filters", async () => {
  const items = [
    { filename: "a.jpg", creationTime: "2021-03-01T00:00:00Z" },
    { filename: "b.jpg", creationTime: "2021-03-31T23:59:59Z" },
    { filename: "c.jpg", creationTime: "2021-04-01T00:00:00Z" },
    { filename: "d.jpg", creationTime: "2021-02-28T23:59:59Z" },
    { filename: "e.jpg", creationTime: null },
    { filename: "f.mp4", creationTime: "2022-03-15T12:00:00Z" },
  ];
  await withSim({ items }, async (sim) => {
    const token = await accessToken(sim);
    const search = (body: unknown) => api(token, `${sim.libraryOrigin}/v1/mediaItems:search`, body);
    const names = (r: { json: Json }) =>
      (r.json.mediaItems ?? []).map((i: Json) => i.filename).sort();

    const range = await search({
      filters: {
        dateFilter: {
          ranges: [{
            startDate: { year: 2021, month: 3, day: 1 },
            endDate: { year: 2021, month: 3, day: 31 },
          }],
        },
      },
    });
    assert.equal(range.status, 200);
    assert.deepEqual(names(range), ["a.jpg", "b.jpg"]);

    const month = await search({ filters: { dateFilter: { dates: [{ year: 2021, month: 3 }] } } });
    assert.deepEqual(names(month), ["a.jpg", "b.jpg"]);
    const dayAnyYear = await search({
      filters: { dateFilter: { dates: [{ month: 3, day: 15 }] } },
    });
    assert.deepEqual(names(dayAnyYear), ["f.mp4"]);
    const all = await search({});
    assert.equal(all.json.mediaItems.length, 6, "no filter: items without a date are listed");
    const videos = await search({ filters: { mediaTypeFilter: { mediaTypes: ["VIDEO"] } } });
    assert.deepEqual(names(videos), ["f.mp4"]);
    assert.equal(videos.json.mediaItems[0].mediaMetadata.video.status, "READY");
    assert.equal(typeof all.json.mediaItems[0].mediaMetadata.width, "string");

    for (
      const bad of [
        { filters: { dateFilter: { dates: [{ year: 2021, day: 3 }] } } },
        { filters: { dateFilter: { dates: [{ month: 3 }] } } },
        { filters: { dateFilter: { dates: [{}] } } },
        { filters: { mediaTypeFilter: { mediaTypes: ["PHOTO", "VIDEO"] } } },
        { albumId: "x", filters: { includeArchivedMedia: true } },
      ]
    ) {
      const r = await search(bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal((r.json.error as Json).status, "INVALID_ARGUMENT");
    }
  });
});

Deno.test("Library paging: pageSize capped at 100, tokens walk every item once, newest first", async () => {
  await withSim({ itemCount: 250 }, async (sim) => {
    const token = await accessToken(sim);
    const seen: Json[] = [];
    let pageToken: string | undefined;
    do {
      const r = await api(token, `${sim.libraryOrigin}/v1/mediaItems:search`, {
        pageSize: 500,
        pageToken,
        filters: { includeArchivedMedia: true },
      });
      assert.equal(r.status, 200);
      assert.ok((r.json.mediaItems as Json[]).length <= 100);
      seen.push(...(r.json.mediaItems as Json[]));
      pageToken = r.json.nextPageToken as string | undefined;
    } while (pageToken);
    assert.equal(seen.length, 250);
    assert.equal(new Set(seen.map((i) => i.id)).size, 250);
    const times = seen.map((i) => i.mediaMetadata.creationTime);
    assert.deepEqual(times, [...times].sort().reverse());
    const first = await api(token, `${sim.libraryOrigin}/v1/mediaItems`);
    assert.equal((first.json.mediaItems as Json[]).length, 25);
  });
});

Deno.test("batchGet: 1..50 distinct ids, per-item status for unknown ids", async () => {
  await withSim({ itemCount: 60 }, async (sim) => {
    const token = await accessToken(sim);
    const url = (ids: string[]) =>
      `${sim.libraryOrigin}/v1/mediaItems:batchGet?` +
      ids.map((id) => `mediaItemIds=${encodeURIComponent(id)}`).join("&");
    const ids = sim.items.map((i) => i.id);
    assert.equal((await api(token, url(ids.slice(0, 51)))).status, 400);
    assert.equal((await api(token, url([ids[0], ids[0]]))).status, 400);
    assert.equal((await api(token, url([]))).status, 400);
    const ok = await api(token, url([ids[1], "nope", ids[0]]));
    assert.equal(ok.status, 200);
    const results = ok.json.mediaItemResults as Json[];
    assert.equal(results[0].mediaItem.id, ids[1]);
    assert.equal(results[1].status.code, 5);
    assert.equal(results[2].mediaItem.id, ids[0]);
    assert.equal((await api(token, url(ids.slice(0, 50)))).status, 200);
  });
});

Deno.test("media: =d serves exactly sha256(item); plain baseUrl is not the original; expiry 403", async () => {
  await withSim({ itemCount: 40 }, async (sim) => {
    const token = await accessToken(sim);
    const list = await api(token, `${sim.libraryOrigin}/v1/mediaItems?pageSize=100`);
    const photo = (list.json.mediaItems as Json[]).find((i) => i.mimeType === "image/jpeg");
    const video = sim.items.find((i) => i.kind === "video" && i.videoStatus === "READY")!;
    const item = sim.items.find((i) => i.id === photo.id)!;

    const original = await fetch(`${photo.baseUrl}=d`);
    assert.equal(original.status, 200);
    assert.equal(original.headers.get("content-length"), String(item.size));
    assert.equal(original.headers.get("content-type"), "image/jpeg");
    const bytes = new Uint8Array(await original.arrayBuffer());
    assert.equal(bytes.length, item.size);
    assert.equal(createHash("sha256").update(bytes).digest("hex"), await sim.sha256(item));

    const plain = new Uint8Array(await (await fetch(photo.baseUrl)).arrayBuffer());
    assert.notEqual(plain.length, item.size);

    const batch = await api(
      token,
      `${sim.libraryOrigin}/v1/mediaItems:batchGet?mediaItemIds=${video.id}`,
    );
    const videoUrl = (batch.json.mediaItemResults as Json[])[0].mediaItem.baseUrl;
    const videoBody = new Uint8Array(await (await fetch(`${videoUrl}=dv`)).arrayBuffer());
    assert.equal(createHash("sha256").update(videoBody).digest("hex"), await sim.sha256(video));

    sim.faults.expireAllBaseUrls = true;
    const expired = await fetch(`${photo.baseUrl}=d`);
    await expired.body?.cancel();
    assert.equal(expired.status, 403);
    const renewed = await api(
      token,
      `${sim.libraryOrigin}/v1/mediaItems:batchGet?mediaItemIds=${item.id}`,
    );
    const fresh = await fetch(
      `${(renewed.json.mediaItemResults as Json[])[0].mediaItem.baseUrl}=d`,
    );
    await fresh.body?.cancel();
    assert.equal(fresh.status, 200);
  });
});

Deno.test("media: a video still processing is not served", async () => {
  await withSim({
    items: [{ filename: "v.mp4", videoStatus: "PROCESSING" }],
  }, async (sim) => {
    const token = await accessToken(sim);
    const list = await api(token, `${sim.libraryOrigin}/v1/mediaItems`);
    const item = (list.json.mediaItems as Json[])[0];
    assert.equal(item.mediaMetadata.video.status, "PROCESSING");
    const response = await fetch(`${item.baseUrl}=dv`);
    await response.body?.cancel();
    assert.equal(response.status, 404);
  });
});

Deno.test("JPEG: SOI, Exif DateTimeOriginal, EOI, exact size, deterministic", async () => {
  const jpeg = photoBytesSync("seed-1", 200_000, "2021:03:14 10:15:02");
  assert.equal(jpeg.length, 200_000);
  assert.deepEqual([...jpeg.subarray(0, 4)], [0xff, 0xd8, 0xff, 0xe1]);
  assert.deepEqual([...jpeg.subarray(-2)], [0xff, 0xd9]);
  const text = new TextDecoder("latin1").decode(jpeg.subarray(0, 200));
  assert.ok(text.includes("Exif\0\0II*\0"));
  assert.ok(text.includes("2021:03:14 10:15:02\0"));
  // Every segment before the scan is well-formed and at most 65535 bytes long.
  let offset = 2;
  const markers: number[] = [];
  while (jpeg[offset + 1] !== 0xda) {
    assert.equal(jpeg[offset], 0xff);
    markers.push(jpeg[offset + 1]);
    offset += 2 + ((jpeg[offset + 2] << 8) | jpeg[offset + 3]);
  }
  assert.ok(markers.includes(0xc0) && markers.includes(0xc4) && markers.includes(0xdb));
  assert.deepEqual(jpeg, photoBytesSync("seed-1", 200_000, "2021:03:14 10:15:02"));
  assert.notDeepEqual(jpeg, photoBytesSync("seed-2", 200_000, "2021:03:14 10:15:02"));

  const video = new Uint8Array(await new Response(videoBytes("v", 100_000)).arrayBuffer());
  assert.equal(video.length, 100_000);
  assert.equal(new TextDecoder().decode(video.subarray(4, 8)), "ftyp");
  assert.equal(new TextDecoder().decode(video.subarray(28, 32)), "mdat");
});

Deno.test("Picker: FAILED_PRECONDITION before picking, then items; media needs Bearer", async () => {
  await withSim({ itemCount: 30, picker: { pickAfterPolls: 2 } }, async (sim) => {
    const token = await accessToken(sim);
    const created = await api(token, `${sim.pickerOrigin}/v1/sessions`, {
      pickingConfig: { maxItemCount: "5" },
    });
    assert.equal(created.status, 200);
    const session = created.json as Json;
    assert.equal(session.mediaItemsSet, false);
    assert.equal(session.pollingConfig.pollInterval, "0.05s");
    assert.ok(session.pickerUri.startsWith(sim.pickerOrigin));

    const early = await api(token, `${sim.pickerOrigin}/v1/mediaItems?sessionId=${session.id}`);
    assert.equal(early.status, 400);
    assert.equal((early.json.error as Json).status, "FAILED_PRECONDITION");

    await api(token, `${sim.pickerOrigin}/v1/sessions/${session.id}`);
    const done = await api(token, `${sim.pickerOrigin}/v1/sessions/${session.id}`);
    assert.equal(done.json.mediaItemsSet, true);
    assert.equal(done.json.pollingConfig, undefined);

    const picked = await api(token, `${sim.pickerOrigin}/v1/mediaItems?sessionId=${session.id}`);
    const items = picked.json.mediaItems as Json[];
    assert.equal(items.length, 5);
    const photo = items.find((i) => i.type === "PHOTO");
    const url = `${photo.mediaFile.baseUrl}=d`;
    assert.ok(url.startsWith(sim.pickerOrigin));
    const anonymous = await fetch(url);
    await anonymous.body?.cancel();
    assert.equal(anonymous.status, 403);
    const authorized = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const bytes = new Uint8Array(await authorized.arrayBuffer());
    const item = sim.items.find((i) => i.id === photo.id)!;
    assert.equal(createHash("sha256").update(bytes).digest("hex"), await sim.sha256(item));

    const negative = await api(token, `${sim.pickerOrigin}/v1/sessions`, {
      pickingConfig: { maxItemCount: -1 },
    });
    assert.equal(negative.status, 400);

    const deleted = await fetch(`${sim.pickerOrigin}/v1/sessions/${session.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.deepEqual(await deleted.json(), {});
    assert.deepEqual(sim.stats.deletedSessions, [session.id]);
    const gone = await api(token, `${sim.pickerOrigin}/v1/sessions/${session.id}`);
    assert.equal(gone.status, 404);

    const libraryToken = await accessToken(sim, [LIBRARY_SCOPE]);
    const wrongScope = await api(libraryToken, `${sim.pickerOrigin}/v1/sessions`, {});
    assert.equal(wrongScope.status, 403);
  });
});

Deno.test("faults: 429 with Retry-After, daily quota body, insufficient scopes", async () => {
  await withSim({ itemCount: 5, faults: { apiRate429: 1, retryAfterSeconds: 7 } }, async (sim) => {
    const token = await accessToken(sim);
    const limited = await api(token, `${sim.libraryOrigin}/v1/mediaItems`);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "7");
    assert.equal((limited.json.error as Json).status, "RESOURCE_EXHAUSTED");

    sim.faults.apiRate429 = 0;
    sim.faults.insufficientScope = true;
    const scope = await api(token, `${sim.libraryOrigin}/v1/mediaItems`);
    assert.equal(scope.status, 403);
    assert.equal(
      (scope.json.error as Json).message,
      "Request had insufficient authentication scopes.",
    );

    sim.faults.insufficientScope = false;
    sim.faults.dailyQuotaRequests = 0;
    const quota = await api(token, `${sim.libraryOrigin}/v1/mediaItems`);
    assert.equal(quota.status, 429);
    assert.match((quota.json.error as Json).message, /per day/);
  });
});

Deno.test("faults: truncated and reset media bodies never deliver the full original", async () => {
  await withSim({ itemCount: 10, photoSize: [100_000, 100_000] }, async (sim) => {
    const token = await accessToken(sim);
    const list = await api(token, `${sim.libraryOrigin}/v1/mediaItems`);
    const photo = (list.json.mediaItems as Json[]).find((i) => i.mimeType === "image/jpeg");
    const item = sim.items.find((i) => i.id === photo.id)!;
    for (const fault of ["mediaRateTruncate", "mediaRateReset"] as const) {
      sim.faults[fault] = 1;
      const response = await fetch(`${photo.baseUrl}=d`);
      assert.equal(response.status, 200);
      let received = 0;
      try {
        for await (const chunk of response.body!) received += chunk.length;
      } catch {
        // The client sees the broken body as an error: that is the point.
      }
      assert.ok(received < item.size, `${fault}: ${received} of ${item.size}`);
      sim.faults[fault] = 0;
    }
  });
});

Deno.test("faults: a stalled body stops sending and the client can abort", async () => {
  await withSim({
    itemCount: 10,
    photoSize: [100_000, 100_000],
    faults: { mediaRateStall: 1, stallMs: 60_000 },
  }, async (sim) => {
    const token = await accessToken(sim);
    const list = await api(token, `${sim.libraryOrigin}/v1/mediaItems`);
    const photo = (list.json.mediaItems as Json[]).find((i) => i.mimeType === "image/jpeg");
    const item = sim.items.find((i) => i.id === photo.id)!;
    const controller = new AbortController();
    const response = await fetch(`${photo.baseUrl}=d`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let received = 0;
    while (received < Math.floor(item.size / 2)) {
      const { value } = await reader.read();
      received += value!.length;
    }
    assert.equal(received, Math.floor(item.size / 2));
    controller.abort();
    await assert.rejects(reader.read());
  });
});

Deno.test("main.ts: prints one JSON line with the origins, stops on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../src/simulator/main.ts", import.meta.url).pathname,
      "--items",
      "7",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const info = JSON.parse(text.split("\n")[0]);
  assert.equal(info.items, 7);
  assert.notEqual(info.libraryOrigin, info.pickerOrigin);
  const secret = await fetch(`${info.libraryOrigin}/v1/mediaItems`);
  assert.equal(secret.status, 401);
  await secret.body?.cancel();
  child.kill("SIGTERM");
  assert.equal((await child.status).code, 0);
  await reader.cancel();
});
