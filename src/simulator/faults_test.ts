import assert from "node:assert/strict";
import { accessToken, api, type Json, withSim } from "./testing.ts";

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

    const log = sim.stats.log.filter((r) => r.key === "GET /v1/mediaItems");
    assert.deepEqual(log.map((r) => [r.server, r.status]), [
      ["library", 429],
      ["library", 403],
      ["library", 429],
    ]);
    assert.ok(
      log.every((r, i) => r.answeredAt! >= r.receivedAt && (i === 0 || r.seq > log[i - 1].seq)),
    );
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
