import assert from "node:assert/strict";
import { accessToken, api, type Json, withSim } from "../testing.ts";

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

Deno.test("Library search: orderBy sorts by capture time whatever order the items were given in", async () => {
  const items = [
    { filename: "mid.jpg", creationTime: "2021-03-02T00:00:00Z" },
    { filename: "old.jpg", creationTime: "2021-03-01T00:00:00Z" },
    { filename: "new.jpg", creationTime: "2021-03-03T00:00:00Z" },
  ];
  await withSim({ items }, async (sim) => {
    const token = await accessToken(sim);
    const names = async (orderBy: string) => {
      const page: Json = await api(token, `${sim.libraryOrigin}/v1/mediaItems:search`, {
        orderBy,
        filters: {
          dateFilter: {
            ranges: [{
              startDate: { year: 2021, month: 1, day: 1 },
              endDate: { year: 2021, month: 12, day: 31 },
            }],
          },
        },
      });
      return page.json.mediaItems.map((i: Json) => i.filename);
    };
    assert.deepEqual(await names("MediaMetadata.creation_time"), ["old.jpg", "mid.jpg", "new.jpg"]);
    assert.deepEqual(await names("MediaMetadata.creation_time desc"), [
      "new.jpg",
      "mid.jpg",
      "old.jpg",
    ]);
  });
});

Deno.test("API latency as a range: each answer waits a different time inside it", async () => {
  await withSim({ itemCount: 5, latencyMs: [40, 100] }, async (sim) => {
    const token = await accessToken(sim);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const started = performance.now();
      const r = await api(token, `${sim.libraryOrigin}/v1/mediaItems:search`, {});
      waits.push(performance.now() - started);
      assert.equal(r.status, 200);
    }
    assert.ok(Math.min(...waits) >= 39, `every answer waits at least 40 ms: ${waits}`);
    assert.ok(Math.max(...waits) < 400, `none waits far beyond 100 ms: ${waits}`);
    assert.ok(Math.max(...waits) - Math.min(...waits) > 10, `the waits vary: ${waits}`);
  });
});
