/**
 * Helpers for the simulator's own tests: a simulator that is closed afterwards, an access token
 * obtained the way a client does, and JSON API calls with a Bearer token.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type Simulator, type SimulatorOptions, startSimulator } from "./mod.ts";

/** Google's JSON answers, read loosely by the tests. */
// deno-lint-ignore no-explicit-any
export type Json = any;

/** Runs `fn` against a fresh simulator and closes it, whatever happens. */
export async function withSim(
  options: SimulatorOptions,
  fn: (sim: Simulator) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator(options);
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

/** An access token from a refresh-token grant, as the program obtains one. */
export async function accessToken(
  sim: Simulator,
  scopes?: string[],
  account?: string,
): Promise<string> {
  const secret = sim.clientSecretJson().installed;
  const response = await fetch(secret.token_uri, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: sim.issueRefreshToken(scopes, account),
      client_id: secret.client_id,
      client_secret: secret.client_secret,
    }),
  });
  assert.equal(response.status, 200);
  return (await response.json()).access_token;
}

/** A JSON API call: GET without `body`, POST with it. */
export async function api(
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
