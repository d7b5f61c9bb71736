import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";
import { testLibrary } from "../support/library.ts";
import { pingListener } from "../support/ping.ts";
import { ADVICE, closedOrigin, errorLines } from "../support/unreachable.ts";

const STACK_FRAME = /^\s+at /m;

/** Runs `backup` with a ping listener and asserts the one line, exit 1, /start then /fail. */
async function assertStops(env: Record<string, string>, dest: string, line: string) {
  await using ping = pingListener();
  const result = await runCli(["backup", "--dest", dest, "--ping-url", ping.url, "--json"], {
    env,
  });
  assert.equal(result.code, 1, result.stderr);
  assert.deepEqual(errorLines(result.stderr), [`error: ${line}${ADVICE}`]);
  assert.doesNotMatch(result.stderr, STACK_FRAME, "no stack trace without --debug");
  assert.doesNotMatch(result.stderr, /internal error|unexpected error|TypeError/);
  assert.equal(result.json<{ error: { exitCode: number } }>().error.exitCode, 1);
  assert.deepEqual(ping.received, ["/start", "/fail"]);
  assert.ok(ping.bodies[1].includes(line), ping.bodies[1]);
  return result;
}

Deno.test("unreachable: an API host that refuses connections: one line, exit 1, /fail pinged", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 5 });
  const origin = closedOrigin();
  const env = { ...t.env, GPHOTOS_NAS_LIBRARY_API: origin };
  const host = new URL(origin).host;
  const plain = await assertStops(env, t.dest, `Cannot reach ${host}: connection refused`);
  assert.match(plain.stderr, /connection refused; retrying in/, "retried before giving up");

  const debug = await runCli(["backup", "--dest", t.dest, "--debug"], { env });
  assert.equal(debug.code, 1, debug.stderr);
  assert.match(
    debug.stderr,
    new RegExp(`^error: Cannot reach ${host.replaceAll(".", "\\.")}`, "m"),
  );
  assert.match(debug.stderr, STACK_FRAME, "--debug adds the stack");
});

Deno.test("unreachable: the token host refusing connections is named, the API host is not", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 5 });
  await t.sim.setReachable("oauth", false);
  const host = new URL(t.sim.oauthOrigin).host;
  await assertStops(t.env, t.dest, `Cannot reach ${host}: connection refused`);
  assert.equal(t.sim.stats.apiRequests, 0);
});

Deno.test("unreachable: a host name that does not resolve says DNS", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 5 });
  // Port 1 would be refused by fetch itself (a "bad port"), before any DNS lookup.
  const env = { ...t.env, GPHOTOS_NAS_LIBRARY_API: "http://nonexistent.invalid:8080" };
  await assertStops(env, t.dest, "Cannot reach nonexistent.invalid:8080: DNS lookup failed");
});

Deno.test("unreachable: a TLS handshake that fails is named as such", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 5 });
  // https:// to the simulator's plain-HTTP port: the handshake gets an HTTP answer.
  const origin = t.sim.libraryOrigin.replace("http:", "https:");
  const env = { ...t.env, GPHOTOS_NAS_LIBRARY_API: origin };
  const host = new URL(origin).host;
  await assertStops(
    env,
    t.dest,
    `Cannot reach ${host}: TLS handshake failed (received corrupt message of type InvalidContentType)`,
  );
});

Deno.test("unreachable: a media host that refuses connections stops the run once, not item by item", async () => {
  const media = closedOrigin();
  await using t = await testLibrary({ itemCount: 6, seed: 5, mediaOrigin: media });
  const result = await assertStops(
    t.env,
    t.dest,
    `Cannot reach ${new URL(media).host}: connection refused`,
  );
  assert.doesNotMatch(result.stderr, /^.*failed: /m, "no item is failed one by one");
});

Deno.test("unreachable: an API host that accepts and never answers times out after --stall-timeout", async () => {
  await using t = await testLibrary({ itemCount: 3, seed: 5, faults: { apiHang: true } });
  await using ping = pingListener();
  const args = ["backup", "--dest", t.dest, "--stall-timeout", "1", "--ping-url", ping.url];
  const result = await runCli(args, { env: t.env });
  assert.equal(result.code, 1, result.stderr);
  const host = new URL(t.sim.libraryOrigin).host;
  assert.deepEqual(errorLines(result.stderr), [
    `error: Cannot reach ${host}: no answer within 1 s${ADVICE}`,
  ]);
  assert.deepEqual(ping.received, ["/start", "/fail"]);
});

Deno.test("unreachable: pick with the Picker API host refusing connections names that host", async () => {
  await using t = await testLibrary({ itemCount: 3, seed: 5 });
  await using ping = pingListener();
  const origin = closedOrigin();
  const env = { ...t.env, GPHOTOS_NAS_PICKER_API: origin };
  const result = await runCli(["pick", "--dest", t.dest, "--no-qr", "--ping-url", ping.url], {
    env,
  });
  assert.equal(result.code, 1, result.stderr);
  assert.deepEqual(errorLines(result.stderr), [
    `error: Cannot reach ${new URL(origin).host}: connection refused${ADVICE}`,
  ]);
  assert.deepEqual(ping.received, ["/start", "/fail"]);
});
