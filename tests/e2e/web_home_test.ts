/**
 * The console and the CLI agree on one library: the same index home (`--state-dir`, a DEST on a
 * network share), the same lock, and one job at a time whatever the timing of the requests.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { acquireLock } from "../../src/library/guard/lock.ts";
import { indexHome } from "../../src/library/guard/index_home.ts";
import { mountinfoText } from "../../src/simulator/host/mountinfo.ts";
import { runCli } from "../support/cli.ts";
import { testLibrary } from "../support/library.ts";
import { login, startServe } from "../support/web.ts";

Deno.test("serve --state-dir: the page and /api/status read the index the CLI keeps there; its lock refuses a pick", async () => {
  await using t = await testLibrary({ itemCount: 6, seed: 41 });
  const state = join(t.configDir, "elsewhere");
  const backup = await runCli(["backup", "--dest", t.dest, "--state-dir", state], { env: t.env });
  assert.equal(backup.code, 0, backup.stderr);
  await using s = await startServe(t.env, t.dest, ["--state-dir", state]);
  const auth = { authorization: `Bearer ${s.token}` };
  const api = await fetch(`${s.origin}/api/status`, { headers: auth });
  assert.equal(api.status, 200, "the index kept in --state-dir is found");
  const status = await api.json();
  assert.ok(status.totalItems > 0, JSON.stringify(status));
  const overview = await (await fetch(`${s.origin}/api/overview`, { headers: auth })).json();
  assert.equal(overview.lastByKind.backup.command, "backup");
  const home = await indexHome(t.dest, { stateDir: state });
  const lock = await acquireLock(t.dest, "backup", { home });
  try {
    const busy = await fetch(`${s.origin}/api/pick`, { method: "POST", headers: auth });
    assert.equal(busy.status, 409, "the lock beside the index in --state-dir holds the page back");
    assert.match((await busy.json()).error, /a run is in progress.*backup/);
  } finally {
    await lock.release();
  }
  const files = await Array.fromAsync(Deno.readDir(join(t.dest, ".gphotos-nas")));
  assert.ok(!files.some((f) => f.name === "index.sqlite"), "no second index in DEST");
});

Deno.test("serve with DEST on an NFS share: the index in <config-dir>/state is the one shown", async () => {
  await using t = await testLibrary({ itemCount: 6, seed: 42 });
  const mountinfo = join(t.configDir, "mountinfo");
  await Deno.writeTextFile(
    mountinfo,
    mountinfoText([{
      mountPoint: await Deno.realPath(t.dest),
      fsType: "nfs4",
      source: "192.168.1.10:/volume1/photos",
    }]),
  );
  const env = { ...t.env, GPHOTOS_NAS_MOUNTINFO: mountinfo };
  assert.equal((await runCli(["backup", "--dest", t.dest], { env })).code, 0);
  await using s = await startServe(env, t.dest);
  const cookie = await login(s.origin, s.token);
  const page = await (await fetch(`${s.origin}/`, { headers: { cookie } })).text();
  assert.doesNotMatch(page, /No backup yet/);
  assert.match(page, /Healthy/);
});

Deno.test("serve: POSTs at the same moment start one job at a time; none runs into another's lock", async () => {
  await using t = await testLibrary({ itemCount: 6, seed: 43 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  await using s = await startServe(t.env, t.dest);
  const auth = { authorization: `Bearer ${s.token}` };
  const answers = await Promise.all(
    [0, 1, 2, 3].map(() => fetch(`${s.origin}/api/verify`, { method: "POST", headers: auth })),
  );
  const started = await Promise.all(answers.filter((a) => a.status === 202).map((a) => a.json()));
  const refused = answers.filter((a) => a.status === 409);
  for (const r of refused) assert.match((await r.json()).error, /a run is in progress/);
  assert.equal(started.length + refused.length, 4);
  assert.ok(started.length >= 1);
  // A verify this small may end before a later request arrives, which may then start the next
  // one; what must never happen is a second job started while the first runs.
  let job;
  while (!(job = await (await fetch(`${s.origin}/api/job`, { headers: auth })).json()).finishedAt) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(job.phase, "done", `no job failed on the lock of another: ${JSON.stringify(job)}`);
  assert.equal(job.id, started.length, "each started job was the only one");
});
