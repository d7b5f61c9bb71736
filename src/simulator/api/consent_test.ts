import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { LIBRARY_SCOPE, PICKER_SCOPE, type Simulator } from "../mod.ts";
import { api, type Json, withSim } from "../testing.ts";

/** Plays one consent and code exchange; `extra` adds parameters to the consent URL. */
async function consentAndExchange(sim: Simulator, extra: Record<string, string> = {}) {
  const secret = sim.clientSecretJson().installed;
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(secret.auth_uri);
  url.search = new URLSearchParams({
    client_id: secret.client_id,
    redirect_uri: "http://127.0.0.1:9/",
    response_type: "code",
    scope: `${LIBRARY_SCOPE} ${PICKER_SCOPE}`,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    state: "s",
    ...extra,
  }).toString();
  const redirect = await fetch(url, { redirect: "manual" });
  await redirect.body?.cancel();
  const location = new URL(redirect.headers.get("location")!);
  const response = await fetch(secret.token_uri, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: location.searchParams.get("code")!,
      code_verifier: verifier,
      redirect_uri: "http://127.0.0.1:9/",
      client_id: secret.client_id,
      client_secret: secret.client_secret,
    }),
  });
  assert.equal(response.status, 200);
  return {
    redirectScope: location.searchParams.get("scope"),
    token: await response.json() as Json,
  };
}

Deno.test("consent: an account that granted before gets a refresh token only with offline + consent", async () => {
  await withSim({ itemCount: 1 }, async (sim) => {
    assert.ok((await consentAndExchange(sim)).token.refresh_token, "the first consent has one");
    assert.equal((await consentAndExchange(sim)).token.refresh_token, undefined);
    const offline = await consentAndExchange(sim, { access_type: "offline" });
    assert.equal(offline.token.refresh_token, undefined, "offline alone is not enough");
    const forced = await consentAndExchange(sim, { access_type: "offline", prompt: "consent" });
    assert.ok(forced.token.refresh_token);
  });
  await withSim({ itemCount: 1, grantedBefore: true }, async (sim) => {
    assert.equal((await consentAndExchange(sim)).token.refresh_token, undefined);
  });
});

Deno.test("consent: an unticked scope is left out of the token, and its API answers 403", async () => {
  await withSim({ itemCount: 1, faults: { untickedScopes: [PICKER_SCOPE] } }, async (sim) => {
    const { redirectScope, token } = await consentAndExchange(sim);
    assert.equal(redirectScope, LIBRARY_SCOPE);
    assert.equal(token.scope, LIBRARY_SCOPE);
    const picker = await api(token.access_token, `${sim.pickerOrigin}/v1/sessions`, {});
    assert.equal(picker.status, 403);
    assert.equal(picker.json.error.message, "Request had insufficient authentication scopes.");
    const library = await api(token.access_token, `${sim.libraryOrigin}/v1/mediaItems`);
    assert.equal(library.status, 200);
  });
});

Deno.test("consent: a host switched off refuses connections and comes back on the same port", async () => {
  await withSim({ itemCount: 1 }, async (sim) => {
    const token = sim.clientSecretJson().installed.token_uri;
    await sim.setReachable("oauth", false);
    await assert.rejects(
      fetch(token, { method: "POST" }),
      (error: Error) => /Connection refused/.test(String((error.cause as Error)?.message)),
    );
    await sim.setReachable("oauth", true);
    const back = await fetch(token, { method: "POST" });
    await back.body?.cancel();
    assert.equal(back.status, 401, "the token endpoint answers again (no client given)");
  });
});
