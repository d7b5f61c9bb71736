import assert from "node:assert/strict";
import { join } from "node:path";
import { createProgress, progressLine } from "../../src/ui/progress.ts";
import { runCli } from "../support/cli.ts";
import { isReady, libraryFiles, testLibrary } from "../support/library.ts";

function setup(itemCount = 20) {
  return testLibrary({ itemCount, seed: 5 });
}

Deno.test("status: per-year and per-source counts, the last run, pending, index and token health", async () => {
  await using t = await setup();
  const backup = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(backup.code, 0, backup.stderr);
  const result = await runCli(["status", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  const status = result.json<{
    totalItems: number;
    perYear: { year: string; items: number }[];
    perSource: { source: string; items: number }[];
    pending: number;
    lastRun: { command: string; exitCode: number; summary: { downloaded: number } };
    index: string;
    diskFreeBytes: number;
    token: { state: string };
    healthy: boolean;
  }>();
  const files = await libraryFiles(t.dest);
  assert.equal(status.totalItems, files.length);
  for (const year of status.perYear) {
    assert.equal(year.items, files.filter((f) => f.path.startsWith(`${year.year}/`)).length);
  }
  assert.deepEqual(status.perSource, [{
    source: "library",
    items: files.length,
    bytes: files.reduce((n, f) => n + f.size, 0),
  }]);
  assert.equal(status.pending, t.sim.items.filter((i) => !isReady(i)).length);
  assert.equal(status.lastRun.command, "backup");
  assert.equal(status.lastRun.exitCode, 0);
  assert.equal(status.lastRun.summary.downloaded, files.length);
  assert.equal(status.index, "ok");
  assert.ok(status.diskFreeBytes > 0);
  assert.equal(status.token.state, "ok");
  assert.equal(status.healthy, true);
  const text = await runCli(["status", "--dest", t.dest], { env: t.env });
  assert.match(text.stdout, /last run: backup started .* exit code 0/);
});

Deno.test("status: warns when the refresh token nears the 7-day limit of Testing apps", async () => {
  await using t = await setup(3);
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const tokenFile = join(t.configDir, "token.json");
  const token = JSON.parse(await Deno.readTextFile(tokenFile));
  token.refresh_token_issued_at = Date.now() - 6.5 * 86_400_000;
  await Deno.writeTextFile(tokenFile, JSON.stringify(token), { mode: 0o600 });
  const result = await runCli(["status", "--dest", t.dest], { env: t.env });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /6 days old; .*expires after 7 days/);
});

Deno.test("ping: /start, then the bare URL on success and /fail with the summary on failure", async () => {
  await using t = await setup(5);
  const pings: { path: string; body: string }[] = [];
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      pings.push({ path: new URL(req.url).pathname, body: await req.text() });
      return new Response("OK");
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}/ping/abc`;
  const ok = await runCli(["backup", "--dest", t.dest, "--ping-url", url], { env: t.env });
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(pings.map((p) => p.path), ["/ping/abc/start", "/ping/abc"]);
  assert.match(pings[1].body, /backup: \d+ listed/);

  pings.length = 0;
  t.sim.faults.dailyQuotaRequests = 0;
  const failed = await runCli(["backup", "--dest", t.dest, "--ping-url", url], { env: t.env });
  assert.equal(failed.code, 5);
  assert.deepEqual(pings.map((p) => p.path), ["/ping/abc/start", "/ping/abc/fail"]);
  assert.match(pings[1].body, /quota/);
});

Deno.test("ping: an unreachable monitoring URL is a warning, never a failed backup", async () => {
  await using t = await setup(5);
  const result = await runCli(["backup", "--dest", t.dest, "--ping-url", "http://127.0.0.1:9/x"], {
    env: t.env,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: monitoring ping/);
});

Deno.test("progress: off a terminal it prints plain periodic lines without escape codes", async () => {
  const lines: string[] = [];
  let clock = 0;
  const progress = createProgress({
    isTty: false,
    quiet: false,
    noColor: false,
    intervalMs: 5,
    write: (text) => lines.push(text),
    now: () => clock,
  });
  progress.setTotal(4);
  clock = 10_000;
  progress.bytesProgress(3 * 1024 * 1024);
  progress.itemDone(3 * 1024 * 1024, "downloaded");
  await new Promise((r) => setTimeout(r, 30));
  progress.stop();
  assert.ok(lines.length >= 1);
  assert.equal(lines[0], "progress: 1/4 items, 3.0 MiB, 307.2 KiB/s, ETA 30s\n");
  assert.ok(lines.every((l) => !l.includes("\x1b")));
  assert.equal(progressLine({ items: 2, bytes: 0 }, 0), "progress: 2 items, 0 B, 0 B/s");
  const quiet: string[] = [];
  const silent = createProgress({
    isTty: false,
    quiet: true,
    noColor: false,
    intervalMs: 1,
    write: (s) => quiet.push(s),
  });
  await new Promise((r) => setTimeout(r, 10));
  silent.stop();
  assert.deepEqual(quiet, []);
});

Deno.test("config.json: dest and media come from the file, flags override, bad keys exit 2", async () => {
  await using t = await setup(20);
  const configFile = join(t.configDir, "config.json");
  await Deno.writeTextFile(
    configFile,
    JSON.stringify({ dest: t.dest, media: "video", timezone: "UTC" }),
  );
  const fromFile = await runCli(["backup", "--json"], { env: t.env });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal(
    fromFile.json<{ listed: number }>().listed,
    t.sim.items.filter((i) => i.kind === "video").length,
  );
  const overridden = await runCli(["backup", "--media", "all", "--json"], { env: t.env });
  assert.equal(overridden.json<{ listed: number }>().listed, t.sim.items.length);

  await Deno.writeTextFile(configFile, JSON.stringify({ dest: t.dest, concurency: 4 }));
  const bad = await runCli(["backup"], { env: t.env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /config\.json: unknown key "concurency"/);
  await Deno.writeTextFile(configFile, JSON.stringify({ dest: t.dest, concurrency: 99 }));
  const range = await runCli(["backup"], { env: t.env });
  assert.equal(range.code, 2);
  assert.match(range.stderr, /"concurrency" must be a whole number from 1 to 32/);
});

Deno.test("layout: a changed --layout is refused, and --migrate-layout moves every file once", async () => {
  await using t = await setup(20);
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const before = await libraryFiles(t.dest);
  const refused = await runCli(["backup", "--dest", t.dest, "--layout", "{yyyy}/{mm}/{dd}"], {
    env: t.env,
  });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /never moved silently/);
  assert.deepEqual(await libraryFiles(t.dest), before);

  const moved = await runCli(
    ["backup", "--dest", t.dest, "--layout", "{yyyy}/{mm}/{dd}", "--migrate-layout", "--json"],
    { env: t.env },
  );
  assert.equal(moved.code, 0, moved.stderr);
  assert.equal(moved.json<{ downloaded: number }>().downloaded, 0);
  const after = await libraryFiles(t.dest);
  assert.equal(after.length, before.length);
  assert.deepEqual(after.map((f) => f.sha256).sort(), before.map((f) => f.sha256).sort());
  for (const file of after) assert.match(file.path, /^\d{4}\/\d{2}\/\d{2}\/[^/]+$/);
  const verify = await runCli(["verify", "--dest", t.dest], { env: t.env });
  assert.equal(verify.code, 0, verify.stderr);
});
