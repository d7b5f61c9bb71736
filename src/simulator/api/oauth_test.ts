import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { LIBRARY_SCOPE, PICKER_SCOPE } from "../mod.ts";
import { api, type Json, withSim } from "../testing.ts";

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
