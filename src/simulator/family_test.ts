import assert from "node:assert/strict";
import { MAIN_ACCOUNT } from "./mod.ts";
import { accessToken, api, type Json, withSim } from "./testing.ts";

async function sha(stream: ReadableStream<Uint8Array>): Promise<string> {
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("family: each token lists its own account's library; shared photos keep their bytes under new ids", async () => {
  await withSim(
    { itemCount: 12, seed: 4, family: { ben: { itemCount: 6, sharedFromMain: 3 } } },
    async (sim) => {
      const main = sim.itemsOf(MAIN_ACCOUNT);
      const ben = sim.itemsOf("ben");
      assert.equal(main, sim.items);
      assert.equal(ben.length, 9);
      const shared = ben.filter((item) => item.contentId !== undefined);
      assert.equal(shared.length, 3);
      for (const item of shared) {
        const original = main.find((m) => m.id === item.contentId)!;
        assert.notEqual(item.id, original.id, "a shared photo has its own id in the other account");
        assert.equal(item.filename, original.filename);
        assert.equal(await sha(sim.mediaStream(item)), await sha(sim.mediaStream(original)));
      }

      const list = async (token: string) =>
        ((await api(token, `${sim.libraryOrigin}/v1/mediaItems?pageSize=100`)).json.mediaItems ??
          [])
          .map((i: Json) => i.id).sort();
      const mainToken = await accessToken(sim);
      const benToken = await accessToken(sim, undefined, "ben");
      assert.deepEqual(
        await list(mainToken),
        main.filter((i) => !i.archived).map((i) => i.id).sort(),
      );
      assert.deepEqual(
        await list(benToken),
        ben.filter((i) => !i.archived).map((i) => i.id).sort(),
      );
      assert.deepEqual(sim.stats.accountRequests, { [MAIN_ACCOUNT]: 1, ben: 1 });

      // A shared photo downloads with ben's token through ben's id: the same bytes.
      const item = shared[0];
      const got = await api(benToken, `${sim.libraryOrigin}/v1/mediaItems/${item.id}`);
      const body = await fetch(`${got.json.baseUrl}=d`, {
        headers: { authorization: `Bearer ${benToken}` },
      });
      assert.equal(
        await sha(body.body!),
        await sha(sim.mediaStream(sim.items.find((m) => m.id === item.contentId)!)),
      );
    },
  );
});

Deno.test("family: revoking one account leaves the other's tokens working", async () => {
  await withSim({ itemCount: 4, family: { ben: { itemCount: 2 } } }, async (sim) => {
    const secret = sim.clientSecretJson().installed;
    const refresh = (token: string) =>
      fetch(secret.token_uri, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "refresh_token",
          refresh_token: token,
          client_id: secret.client_id,
          client_secret: secret.client_secret,
        }),
      }).then(async (r) => ({ status: r.status, json: await r.json() }));
    const anna = sim.issueRefreshToken();
    const ben = sim.issueRefreshToken(undefined, "ben");
    sim.revokeAccount("ben");
    assert.equal((await refresh(anna)).status, 200);
    const refused = await refresh(ben);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error, "invalid_grant");
    assert.throws(() => sim.issueRefreshToken(undefined, "carla"), /no account "carla"/);
  });
});

Deno.test("family: a picking session belongs to the account that made it", async () => {
  await withSim({ itemCount: 3, family: { ben: { itemCount: 2 } } }, async (sim) => {
    const main = await accessToken(sim);
    const ben = await accessToken(sim, undefined, "ben");
    const made = await api(main, `${sim.pickerOrigin}/v1/sessions`, {});
    assert.equal(made.status, 200);
    assert.equal((await api(main, `${sim.pickerOrigin}/v1/sessions/${made.json.id}`)).status, 200);
    const other = await api(ben, `${sim.pickerOrigin}/v1/sessions/${made.json.id}`);
    assert.equal(other.status, 404, "Ben's token cannot see the main account's session");
  });
});
