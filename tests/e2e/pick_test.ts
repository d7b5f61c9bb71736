import assert from "node:assert/strict";
import type { SimulatorOptions } from "../../src/simulator/mod.ts";
import { runCli, type RunJson, spawnCli } from "../support/cli.ts";
import {
  dayFolder,
  expectedByHash,
  isReady,
  libraryFiles,
  testLibrary,
} from "../support/library.ts";

function setup(options: SimulatorOptions = {}) {
  return testLibrary({ itemCount: 40, seed: 21, ...options });
}

Deno.test("pick: the picked items land in their day folders, byte-identical; pending videos keep the session", async () => {
  await using t = await setup();
  const result = await runCli(["pick", "--dest", t.dest, "--no-qr", "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  const summary = result.json<RunJson>();
  assert.equal(summary.listed, t.sim.items.length);
  assert.equal(summary.downloaded, t.sim.items.filter(isReady).length);
  assert.match(result.stderr, /open this address/);
  assert.match(result.stderr, /newest item backed up so far: \d{4}-\d{2}-\d{2}/);
  const newest = t.sim.items.filter(isReady).map((i) => dayFolder(i).slice(5)).sort().at(-1);
  assert.equal(summary.newestBackedUp, newest);
  const expected = await expectedByHash(t.sim, t.sim.items);
  const files = await libraryFiles(t.dest);
  assert.equal(files.length, expected.size);
  for (const file of files) {
    const item = expected.get(file.sha256);
    assert.ok(item, `${file.path} is not byte-identical to a picked item`);
    assert.ok(file.path.startsWith(dayFolder(item) + "/"), file.path);
  }
  // Videos Google is still processing are not in the library yet: the session stays for them.
  assert.ok(summary.pending > 0);
  assert.equal(t.sim.stats.deletedSessions.length, 0);
  assert.match(result.stderr, /gphotos-nas pick --resume/);
});

Deno.test("pick: --from/--to/--media keep only matching picked items", async () => {
  await using t = await setup();
  const days = t.sim.items.map((i) => dayFolder(i).slice(5)).sort();
  const from = days[10];
  const to = days[25];
  const wanted = t.sim.items.filter((i) => {
    const d = dayFolder(i).slice(5);
    return i.kind === "photo" && d >= from && d <= to;
  });
  const result = await runCli(
    ["pick", "--dest", t.dest, "--from", from, "--to", to, "--media", "photo", "--no-qr", "--json"],
    { env: t.env },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<RunJson>().listed, wanted.length);
  assert.equal((await libraryFiles(t.dest)).length, wanted.length);
});

Deno.test("pick: an expired media URL is renewed by listing the session again", async () => {
  await using t = await setup({ itemCount: 15, faults: { mediaRateExpired: 0.3 } });
  const result = await runCli(["pick", "--dest", t.dest, "--no-qr", "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(t.sim.stats.requests["GET /v1/mediaItems"] >= 2, "the session was listed again");
  assert.equal((await libraryFiles(t.dest)).length, t.sim.items.filter(isReady).length);
});

Deno.test("pick: a session nobody picks in times out cleanly with exit 1", async () => {
  await using t = await setup({ itemCount: 5, picker: { neverPick: true, timeoutInSeconds: 1 } });
  const result = await runCli(["pick", "--dest", t.dest, "--no-qr"], { env: t.env });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /timed out/);
  assert.equal(t.sim.stats.deletedSessions.length, 1, "the session is deleted after a failure");
  assert.deepEqual(await libraryFiles(t.dest), []);
});

Deno.test("pick: after SIGKILL, the next pick finishes the same session without asking again", async () => {
  await using t = await setup({ itemCount: 40, bandwidthBytesPerSec: 150_000 });
  const child = spawnCli(["pick", "--dest", t.dest, "--no-qr"], { env: t.env });
  const finished = async () =>
    (await libraryFiles(t.dest).catch(() => [])).filter((f) => !f.path.endsWith(".part")).length;
  for (let i = 0; i < 300 && (await finished()) < 3; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  assert.equal((await child.output()).signal, "SIGKILL", "killed mid-run, not finished");
  const sessionsBefore = t.sim.stats.requests["POST /v1/sessions"];
  const result = await runCli(["pick", "--resume", "--dest", t.dest, "--no-qr", "--json"], {
    env: t.env,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(t.sim.stats.requests["POST /v1/sessions"], sessionsBefore, "no new session");
  assert.ok(result.json<RunJson>().skipped >= 1, "what the killed run finished is kept");
  const expected = await expectedByHash(t.sim, t.sim.items);
  const files = await libraryFiles(t.dest);
  assert.equal(files.length, expected.size);
  for (const file of files) assert.ok(expected.has(file.sha256), file.path);
});

Deno.test("pick: re-picking items already backed up stores nothing twice", async () => {
  await using t = await setup({ itemCount: 20 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const before = await libraryFiles(t.dest);
  const result = await runCli(["pick", "--dest", t.dest, "--no-qr", "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<RunJson>().downloaded, 0);
  assert.deepEqual(await libraryFiles(t.dest), before);
});
