import assert from "node:assert/strict";
import { runCli } from "./support/cli.ts";
import { testLibrary } from "./support/library.ts";

/** An origin on 127.0.0.1 whose port nothing listens on. */
function closedOrigin(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return `http://127.0.0.1:${port}`;
}

const STACK_FRAME = /^\s+at /m;

Deno.test("unreachable: an API host that refuses connections ends backup with one line, exit 1", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 5 });
  const origin = closedOrigin();
  const env = { ...t.env, GPHOTOS_NAS_LIBRARY_API: origin };
  const host = new URL(origin).host.replaceAll(".", "\\.");

  const plain = await runCli(["backup", "--dest", t.dest, "--json"], { env });
  assert.equal(plain.code, 1, plain.stderr);
  const errors = plain.stderr.split("\n").filter((line) => line.startsWith("error:"));
  assert.equal(errors.length, 1, plain.stderr);
  assert.match(errors[0], new RegExp(`^error: Cannot reach ${host}: connection refused$`));
  assert.doesNotMatch(plain.stderr, STACK_FRAME, "no stack trace without --debug");
  assert.doesNotMatch(plain.stderr, /internal error|unexpected error/);
  assert.equal(plain.json<{ error: { exitCode: number } }>().error.exitCode, 1);

  const debug = await runCli(["backup", "--dest", t.dest, "--debug"], { env });
  assert.equal(debug.code, 1, debug.stderr);
  assert.match(debug.stderr, new RegExp(`^error: Cannot reach ${host}: connection refused$`, "m"));
  assert.match(debug.stderr, STACK_FRAME, "--debug adds the stack");
});

Deno.test("unreachable: with the whole simulator stopped, the token host is named, without a stack", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 5 });
  const tokenHost = new URL(t.sim.oauthOrigin).host;
  await t.sim.close();
  const result = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(result.code, 1, result.stderr);
  const errors = result.stderr.split("\n").filter((line) => line.startsWith("error:"));
  assert.deepEqual(errors, [`error: Cannot reach ${tokenHost}: connection refused`]);
  assert.doesNotMatch(result.stderr, STACK_FRAME);
});
