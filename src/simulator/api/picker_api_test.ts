import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { LIBRARY_SCOPE } from "../mod.ts";
import { accessToken, api, type Json, withSim } from "../testing.ts";

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
