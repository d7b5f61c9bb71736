import assert from "node:assert/strict";
import { join } from "node:path";
import { acquireLock } from "../../src/library/guard/lock.ts";
import { runCli } from "../support/cli.ts";
import { isReady, libraryFiles, testLibrary } from "../support/library.ts";
import { login, rawGet, type Served, startServe } from "../support/web.ts";

async function waitForJob(origin: string, token: string) {
  for (;;) {
    const job = await (await fetch(`${origin}/api/job`, {
      headers: { authorization: `Bearer ${token}` },
    })).json();
    if (job && !["starting", "waiting", "downloading"].includes(job.phase)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("serve: the token is created 0600, shown once, and again by --show-url", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 1 });
  let token: string;
  {
    await using s = await startServe(t.env, t.dest);
    token = s.token;
    const link = await s.stdoutMatching(/token=/);
    assert.match(link, new RegExp(`http://127\\.0\\.0\\.1:${s.port}/\\?token=${token}\\n`));
    assert.doesNotMatch(s.stderr(), new RegExp(token), "the token never goes to the log");
    const mode = (await Deno.stat(join(t.configDir, "web-token"))).mode! & 0o777;
    assert.equal(mode, 0o600);
  }
  let second: Served;
  {
    await using s = await startServe(t.env, t.dest);
    assert.equal(s.token, token, "the token is kept");
    second = s;
  }
  // Read once serve has stopped and its output is drained: absence is then certain.
  assert.doesNotMatch(second.stdout(), /token=/, "shown only on the first start");
  const shown = await runCli(["serve", "--show-url", "--listen", "192.168.1.20:8727"], {
    env: t.env,
  });
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(shown.stdout, `http://192.168.1.20:8727/?token=${token}\n`);
});

Deno.test("serve: GET /api/status returns what status --json prints", async () => {
  await using t = await testLibrary({ itemCount: 12, seed: 5 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  await using s = await startServe(t.env, t.dest);
  const api = await fetch(`${s.origin}/api/status`, {
    headers: { authorization: `Bearer ${s.token}` },
  });
  assert.equal(api.status, 200);
  const fromApi = await api.json();
  const cli = await runCli(["status", "--dest", t.dest, "--json"], { env: t.env });
  const fromCli = cli.json<Record<string, unknown>>();
  // Free disk space moves with every other writer of this shared disk between the two reads.
  assert.equal(typeof fromApi.diskFreeBytes, "number");
  delete fromApi.diskFreeBytes;
  delete fromCli.diskFreeBytes;
  assert.deepEqual(fromApi, fromCli);
  assert.equal((fromApi.lastRun as { command: string }).command, "backup");
});

Deno.test("serve: no token, a wrong token or a foreign Host gets nothing", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 2 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  await using s = await startServe(t.env, t.dest);
  for (
    const [path, headers] of [
      ["/api/status", {}],
      ["/api/status", { authorization: "Bearer wrong" }],
      ["/api/runs", { cookie: "gphotos_nas_token=wrong" }],
      ["/", {}],
      ["/runs", { authorization: `Bearer ${s.token}` }], // Bearer is for /api/ only
      ["/?token=wrong", {}],
    ] as const
  ) {
    const response = await fetch(`${s.origin}${path}`, { headers, redirect: "manual" });
    const body = await response.text();
    assert.equal(response.status, 401, `${path} ${JSON.stringify(headers)}`);
    assert.ok(!body.includes(t.dest) && !/items/.test(body), `no data in: ${body}`);
  }
  const foreign = await rawGet(
    s.port,
    `evil.example:${s.port}`,
    "/api/status",
    `Authorization: Bearer ${s.token}\r\n`,
  );
  assert.match(foreign, /^HTTP\/1\.1 403/);
  assert.ok(!foreign.includes(t.dest));
  const good = await rawGet(
    s.port,
    `localhost:${s.port}`,
    "/api/status",
    `Authorization: Bearer ${s.token}\r\n`,
  );
  assert.match(good, /^HTTP\/1\.1 200/);
});

Deno.test("serve: the token link sets an HttpOnly SameSite=Strict cookie and drops the token", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 2 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  await using s = await startServe(t.env, t.dest);
  const response = await fetch(`${s.origin}/runs?token=${s.token}`, { redirect: "manual" });
  await response.body?.cancel();
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), "/runs");
  const cookie = response.headers.get("set-cookie") ?? "";
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const page = await fetch(`${s.origin}/runs`, { headers: { cookie: cookie.split(";")[0] } });
  const html = await page.text();
  assert.equal(page.status, 200);
  assert.match(html, /backup/);
  assert.ok(!html.includes(s.token), "the token never appears in a page");
});

Deno.test("serve: a cross-site POST is refused and starts nothing; the same origin starts a run", async () => {
  await using t = await testLibrary({ itemCount: 6, seed: 4 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  await using s = await startServe(t.env, t.dest);
  const cookie = await login(s.origin, s.token);
  for (
    const headers of [
      { origin: "http://evil.example" } as Record<string, string>,
      { "sec-fetch-site": "cross-site", origin: s.origin },
      {},
    ]
  ) {
    const response = await fetch(`${s.origin}/api/verify`, {
      method: "POST",
      headers: { cookie, ...headers },
    });
    assert.equal(response.status, 403, JSON.stringify(headers));
    await response.body?.cancel();
  }
  const none = await fetch(`${s.origin}/api/job`, { headers: { cookie } });
  assert.equal(await none.json(), null, "nothing was started");
  const ok = await fetch(`${s.origin}/api/verify`, {
    method: "POST",
    headers: { cookie, origin: s.origin },
  });
  assert.equal(ok.status, 202);
  await ok.body?.cancel();
  const job = await waitForJob(s.origin, s.token);
  assert.equal(job.phase, "done", JSON.stringify(job));
});

Deno.test("serve: a pick started over the API lands its files; a held lock refuses a second run", async () => {
  await using t = await testLibrary({ itemCount: 10, seed: 8 });
  await using s = await startServe(t.env, t.dest);
  const auth = { authorization: `Bearer ${s.token}` };
  const first = await fetch(`${s.origin}/`, {
    headers: { cookie: await login(s.origin, s.token) },
  });
  const firstHtml = await first.text();
  assert.equal(first.status, 200, "an empty folder still gets a page");
  assert.match(firstHtml, /No backup yet/);
  assert.match(firstHtml, /Start a pick/);
  const lock = await acquireLock(t.dest, "backup");
  const busy = await fetch(`${s.origin}/api/pick`, { method: "POST", headers: auth });
  assert.equal(busy.status, 409);
  assert.match((await busy.json()).error, /a run is in progress.*pid \d+/);
  await lock.release();
  const started = await fetch(`${s.origin}/api/pick`, { method: "POST", headers: auth });
  assert.equal(started.status, 202);
  await started.body?.cancel();
  const job = await waitForJob(s.origin, s.token);
  assert.equal(job.phase, "done", JSON.stringify(job));
  assert.match(job.pickerUri, /\/pick\//);
  const ready = t.sim.items.filter(isReady).length;
  assert.equal(job.summary.downloaded, ready);
  assert.equal((await libraryFiles(t.dest)).length, ready);
});
