import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { type Simulator, startSimulator } from "../../src/simulator/mod.ts";

/** Base URLs of every listed item, by id, from the simulated Library API. */
async function baseUrls(sim: Simulator): Promise<Map<string, string>> {
  const secret = sim.clientSecretJson().installed;
  const tokenResponse = await fetch(secret.token_uri, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: sim.issueRefreshToken(),
      client_id: secret.client_id,
      client_secret: secret.client_secret,
    }),
  });
  const token = (await tokenResponse.json()).access_token;
  const list = await fetch(`${sim.libraryOrigin}/v1/mediaItems?pageSize=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const items: { id: string; baseUrl: string }[] = (await list.json()).mediaItems;
  return new Map(items.map((i) => [i.id, i.baseUrl]));
}

const sha256 = (bytes: ArrayBuffer) =>
  createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

Deno.test("simulator: =dv and a share of =d answer 302 to the second media origin, which serves the original", async () => {
  const sim = await startSimulator({ itemCount: 40, seed: 3 });
  try {
    const urls = await baseUrls(sim);
    const ready = sim.items.filter((i) =>
      urls.has(i.id) && (i.kind === "photo" || i.videoStatus === "READY")
    );
    let redirectedPhotos = 0;
    for (const item of ready) {
      const first = await fetch(`${urls.get(item.id)}=${item.kind === "video" ? "dv" : "d"}`, {
        redirect: "manual",
      });
      if (first.status === 200) {
        assert.equal(item.kind, "photo", "every video is redirected");
        assert.equal(sha256(await first.arrayBuffer()), await sim.sha256(item));
        continue;
      }
      assert.equal(first.status, 302);
      const location = first.headers.get("location")!;
      assert.ok(location.startsWith(`${sim.mediaRedirectOrigin}/media/`), location);
      if (item.kind === "photo") redirectedPhotos++;
      const second = await fetch(location, { redirect: "manual" });
      assert.equal(second.status, 200, "the redirect target is signed: no token needed");
      assert.equal(sha256(await second.arrayBuffer()), await sim.sha256(item));
    }
    const photos = ready.filter((i) => i.kind === "photo").length;
    assert.ok(redirectedPhotos > 0 && redirectedPhotos < photos, `${redirectedPhotos}/${photos}`);
    assert.equal(sim.stats.mediaRedirects, ready.length - (photos - redirectedPhotos));
  } finally {
    await sim.close();
  }
});

Deno.test("simulator: media errors are Google's HTML pages; a used-up media quota is a 429 page without Retry-After", async () => {
  const sim = await startSimulator({
    itemCount: 10,
    seed: 2,
    faults: { mediaRate429: 1, retryAfterSeconds: 4 },
  });
  try {
    const urls = await baseUrls(sim);
    const photo = sim.items.find((i) => i.kind === "photo")!;
    const limited = await fetch(`${urls.get(photo.id)}=d`);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get("retry-after"), "4");
    assert.match(limited.headers.get("content-type")!, /^text\/html/);
    assert.match(await limited.text(), /<html[\s\S]*429/);

    sim.faults.mediaRate429 = 0;
    sim.faults.mediaQuotaRequests = sim.stats.mediaRequests + 1;
    const last = await fetch(`${urls.get(photo.id)}=d`);
    assert.equal(last.status, 200);
    await last.body?.cancel();
    for (let i = 0; i < 3; i++) {
      const refused = await fetch(`${urls.get(photo.id)}=d`);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get("retry-after"), null);
      assert.doesNotMatch(await refused.text(), /quota/i, "nothing in the page says quota");
    }

    sim.faults.mediaQuotaRequests = null;
    sim.expireBaseUrls();
    const expired = await fetch(`${urls.get(photo.id)}=d`);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<html[\s\S]*403/);
  } finally {
    await sim.close();
  }
});
