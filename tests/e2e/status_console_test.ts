import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, spawnCli } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";

interface StatusJson {
  lastRun: { command: string; exitCode: number | null; state: string } | null;
  token: { state: string; ageDays: number | null };
  healthy: boolean;
}

async function setTokenAge(configDir: string, days: number): Promise<void> {
  const file = join(configDir, "token.json");
  const token = JSON.parse(await Deno.readTextFile(file));
  token.refresh_token_issued_at = Date.now() - days * 86_400_000;
  await Deno.writeTextFile(file, JSON.stringify(token), { mode: 0o600 });
}

Deno.test("status: the report goes to stdout, also with --quiet", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 3 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  for (const args of [[], ["--quiet"]]) {
    const result = await runCli(["status", "--dest", t.dest, ...args], { env: t.env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^library .*: \d+ items/m);
    assert.match(result.stdout, /^last run: backup started .* exit code 0/m);
    assert.equal(result.stderr, "");
  }
});

Deno.test("status: a stop at the daily quota is healthy (exit 0): the next run resumes", async () => {
  await using t = await testLibrary({ itemCount: 10, seed: 4 });
  t.sim.faults.dailyQuotaRequests = 0;
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 5);
  const text = await runCli(["status", "--dest", t.dest], { env: t.env });
  assert.equal(text.code, 0, text.stdout + text.stderr);
  assert.match(text.stdout, /stopped at Google's daily quota; the next run resumes/);
  const json = await runCli(["status", "--dest", t.dest, "--json"], { env: t.env });
  const status = json.json<StatusJson>();
  assert.equal(status.lastRun?.state, "quota");
  assert.equal(status.healthy, true);
});

Deno.test("status: a run in progress is healthy; a run killed before its end is not", async () => {
  await using t = await testLibrary({ itemCount: 30, seed: 9, bandwidthBytesPerSec: 100_000 });
  const child = spawnCli(["backup", "--dest", t.dest], { env: t.env });
  const output = child.output();
  while ((await libraryFiles(t.dest).catch(() => [])).length < 1) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const running = await runCli(["status", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(running.code, 0, running.stderr);
  assert.equal(running.json<StatusJson>().lastRun?.state, "running");
  const text = await runCli(["status", "--dest", t.dest], { env: t.env });
  assert.match(text.stdout, /in progress \(pid \d+\)/);
  child.kill("SIGKILL");
  assert.equal((await output).signal, "SIGKILL");
  const killed = await runCli(["status", "--dest", t.dest], { env: t.env });
  assert.equal(killed.code, 1);
  assert.match(killed.stdout, /did not finish: the process was killed/);
});

Deno.test("status: no 7-day warning for an old token (its app is published)", async () => {
  await using t = await testLibrary({ itemCount: 3, seed: 2 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  await setTokenAge(t.configDir, 200);
  const result = await runCli(["status", "--dest", t.dest], { env: t.env });
  assert.equal(result.code, 0);
  assert.doesNotMatch(result.stdout + result.stderr, /7 days/);
  assert.match(result.stdout, /token: ok \(200 days old\)/);
  await setTokenAge(t.configDir, 6.5);
  const near = await runCli(["status", "--dest", t.dest], { env: t.env });
  assert.match(near.stdout, /6 days old; .*expires after 7 days/);
});
