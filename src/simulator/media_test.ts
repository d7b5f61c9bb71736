import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { photoBytesSync, videoBytes } from "./media.ts";
import { accessToken, api, type Json, withSim } from "./testing.ts";

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

Deno.test("media: a fast link's bandwidth cap holds (32 MiB at 64 MiB/s take about half a second)", async () => {
  const size = 32 * 2 ** 20;
  const items = [{ filename: "BIG.jpg", size }];
  await withSim({ items, bandwidthBytesPerSec: 64 * 2 ** 20 }, async (sim) => {
    const token = await accessToken(sim);
    const list = await api(token, `${sim.libraryOrigin}/v1/mediaItems?pageSize=10`);
    const started = performance.now();
    const body = await (await fetch(`${list.json.mediaItems[0].baseUrl}=d`)).arrayBuffer();
    const seconds = (performance.now() - started) / 1000;
    assert.equal(body.byteLength, size);
    assert.ok(seconds >= 0.45, `not faster than the cap: ${seconds} s`);
    // Far slower: a sixth of the rate or less (a pacer counting bits as bytes would take 4 s).
    // The margin is wide because the full suite shares 2 cores (1.5 s measured under its load).
    assert.ok(seconds < 3, `not far slower than the cap: ${seconds} s`);
  });
});
