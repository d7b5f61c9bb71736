import assert from "node:assert/strict";
import type { SimItem } from "../../src/simulator/mod.ts";
import { runCli, type RunJson, spawnCli } from "../support/cli.ts";
import { expectedByHash, isReady, libraryFiles, testLibrary } from "../support/library.ts";

// A session is deleted once every picked item is in the library; a video Google is still
// processing keeps it open for a later run, so these tests pick only ready items.
const readyOnly = (items: SimItem[]) => items.filter(isReady);

Deno.test("pick: SIGTERM while waiting for the pick keeps the session; --resume finishes it", async () => {
  await using t = await testLibrary({
    itemCount: 12,
    seed: 5,
    picker: { pickAfterPolls: 30, pollInterval: "0.05s", select: readyOnly },
  });
  const child = spawnCli(["pick", "--dest", t.dest, "--no-qr"], { env: t.env });
  const seen = stderrUntilEnd(child, /open this address/);
  await seen.matched;
  child.kill("SIGTERM");
  const status = await child.status;
  const stderr = await seen.all;
  assert.equal(status.code, 143, stderr);
  assert.match(stderr, /gphotos-nas pick --resume/);
  assert.deepEqual(t.sim.stats.deletedSessions, [], "the session is kept");
  const sessions = t.sim.stats.requests["POST /v1/sessions"];

  const result = await runCli(["pick", "--resume", "--dest", t.dest, "--no-qr", "--json"], {
    env: t.env,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(t.sim.stats.requests["POST /v1/sessions"], sessions, "no new session");
  assert.equal(result.json<RunJson>().downloaded, t.sim.items.filter(isReady).length);
  assert.equal(t.sim.stats.deletedSessions.length, 1, "deleted once its items are all in");
});

Deno.test("pick: Ctrl-C while downloading keeps the session; --resume fetches the rest", async () => {
  await using t = await testLibrary({
    itemCount: 40,
    seed: 6,
    bandwidthBytesPerSec: 150_000,
    picker: { select: readyOnly },
  });
  const child = spawnCli(["pick", "--dest", t.dest, "--no-qr"], { env: t.env });
  const seen = stderrUntilEnd(child, /open this address/);
  await seen.matched;
  const finished = async () =>
    (await libraryFiles(t.dest).catch(() => [])).filter((f) => !f.path.endsWith(".part")).length;
  while ((await finished()) < 2) await new Promise((r) => setTimeout(r, 100));
  child.kill("SIGINT");
  const status = await child.status;
  const stderr = await seen.all;
  assert.equal(status.code, 130, stderr);
  assert.match(stderr, /gphotos-nas pick --resume/);
  assert.deepEqual(t.sim.stats.deletedSessions, []);
  const sessions = t.sim.stats.requests["POST /v1/sessions"];

  const result = await runCli(["pick", "--resume", "--dest", t.dest, "--no-qr", "--json"], {
    env: t.env,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(t.sim.stats.requests["POST /v1/sessions"], sessions, "no new session");
  assert.ok(result.json<RunJson>().skipped >= 2, "what the interrupted run finished is kept");
  const expected = await expectedByHash(t.sim, t.sim.items.filter(isReady));
  assert.equal((await libraryFiles(t.dest)).length, expected.size);
  assert.equal(t.sim.stats.deletedSessions.length, 1);
});

Deno.test("pick --resume with nothing saved says so and exits 0 without a failed run", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 7 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const result = await runCli(["pick", "--resume", "--dest", t.dest, "--no-qr"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /no picking session is saved/);
  assert.equal(t.sim.stats.requests["POST /v1/sessions"] ?? 0, 0);
  const status = await runCli(["status", "--dest", t.dest, "--json"], { env: t.env });
  const report = status.json<{ lastRun: { command: string; exitCode: number } }>();
  assert.equal(report.lastRun.command, "backup", "pick --resume recorded no run");
});

Deno.test("pick --dry-run keeps its session, and the real pick that follows uses it", async () => {
  await using t = await testLibrary({ itemCount: 10, seed: 8, picker: { select: readyOnly } });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const dry = await runCli(["pick", "--dry-run", "--dest", t.dest, "--no-qr"], { env: t.env });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /gphotos-nas pick --resume|gphotos-nas pick/);
  assert.deepEqual(t.sim.stats.deletedSessions, []);
  const real = await runCli(["pick", "--dest", t.dest, "--no-qr", "--json"], { env: t.env });
  assert.equal(real.code, 0, real.stderr);
  assert.equal(t.sim.stats.requests["POST /v1/sessions"], 1, "the real pick asked nothing again");
  assert.equal(
    (await libraryFiles(t.dest)).length,
    (await expectedByHash(t.sim, t.sim.items.filter(isReady))).size,
  );
  assert.equal(t.sim.stats.deletedSessions.length, 1);
});

Deno.test("pick --dry-run on a new library keeps its session in the config folder; the real pick uses it", async () => {
  await using t = await testLibrary({ itemCount: 10, seed: 8, picker: { select: readyOnly } });
  const dry = await runCli(["pick", "--dry-run", "--dest", t.dest, "--no-qr"], { env: t.env });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /the picking session is kept until/);
  const index = `${t.dest}/.gphotos-nas/index.sqlite`;
  await assert.rejects(Deno.stat(index), Deno.errors.NotFound, "a dry run creates no index");
  const real = await runCli(["pick", "--dest", t.dest, "--no-qr", "--json"], { env: t.env });
  assert.equal(real.code, 0, real.stderr);
  assert.equal(t.sim.stats.requests["POST /v1/sessions"], 1, "the real pick asked nothing again");
  assert.equal(
    (await libraryFiles(t.dest)).length,
    (await expectedByHash(t.sim, t.sim.items.filter(isReady))).size,
  );
  assert.equal(t.sim.stats.deletedSessions.length, 1);
  const again = await runCli(["pick", "--resume", "--dest", t.dest, "--no-qr"], { env: t.env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /no picking session/i, "nothing is left in the config folder");
});

/** Collects a child's stderr; `matched` resolves once `pattern` has appeared, `all` at its end. */
function stderrUntilEnd(child: Deno.ChildProcess, pattern: RegExp) {
  let text = "";
  let resolveMatch = () => {};
  const matched = new Promise<void>((r) => resolveMatch = r);
  const all = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      if (pattern.test(text)) resolveMatch();
    }
    resolveMatch();
    return text;
  })();
  child.stdout.cancel();
  return { matched, all };
}
