import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { authorizedConfig, isReady, libraryFiles, testLibrary } from "../support/library.ts";
import { mountinfoText } from "../../src/simulator/host/mountinfo.ts";

const STATE = ".gphotos-nas";

/** Puts `dest` on a simulated NFS 4.1 share of a Synology, for `GPHOTOS_NAS_MOUNTINFO`. */
async function onNfs(dest: string, configDir: string): Promise<Record<string, string>> {
  const file = join(configDir, "mountinfo");
  await Deno.writeTextFile(
    file,
    mountinfoText([{
      mountPoint: await Deno.realPath(dest),
      fsType: "nfs4",
      source: "192.168.1.10:/volume1/photos",
    }]),
  );
  return { GPHOTOS_NAS_MOUNTINFO: file };
}

async function names(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** The one folder under `<config-dir>/state/`, where the index of a library on a share lives. */
async function stateFolder(configDir: string): Promise<string> {
  const found = await names(join(configDir, "state"));
  assert.equal(found.length, 1, `one library folder in state/: ${found}`);
  return join(configDir, "state", found[0]);
}

function lockText(host: string, pid: number): string {
  return `host=${host}\npid=${pid}\ncommand=gphotos-nas import\nstarted=2026-11-30T02:00:00Z\n` +
    "mode=share\ntoken=0f0f\n";
}

Deno.test("netshare: DEST on an NFS share keeps the index and lock in <config-dir>/state, says so, and re-runs use it", async () => {
  await using t = await testLibrary({ itemCount: 12, seed: 31 });
  const env = { ...t.env, ...(await onNfs(t.dest, t.configDir)) };
  const first = await runCli(["backup", "--dest", t.dest, "--json"], { env });
  assert.equal(first.code, 0, first.stderr);
  const home = await stateFolder(t.configDir);
  assert.match(home, /\/state\/gphotos-nas-dest-\w+-[0-9a-f]{12}$/);
  assert.ok(
    first.stderr.includes(
      `DEST is on an NFS share (nfs4 192.168.1.10:/volume1/photos): keeping the index ` +
        `in ${home}; ${join(t.dest, STATE, "lock")} names this host while a run writes`,
    ),
    first.stderr,
  );
  const downloaded = first.json<RunJson>().downloaded;
  assert.ok(downloaded > 0);
  assert.ok((await names(home)).includes("index.sqlite"));
  assert.deepEqual(
    await names(join(t.dest, STATE)),
    ["last-index", "library.json"],
    "no SQLite file, no lock",
  );

  const again = await runCli(["backup", "--dest", t.dest, "--json"], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json<RunJson>().downloaded, 0);
  assert.equal(again.json<RunJson>().skipped, downloaded);
  const status = await runCli(["status", "--dest", t.dest, "--json"], { env });
  assert.equal(status.json<{ totalItems: number }>().totalItems, downloaded, status.stderr);
  const verify = await runCli(["verify", "--dest", t.dest], { env });
  assert.equal(verify.code, 0, verify.stderr);
  assert.deepEqual(await names(join(t.dest, STATE)), ["last-index", "library.json"]);
});

Deno.test("netshare: a live lock on the share from another host stops the run (exit 4); one silent for 10 minutes is taken over", async () => {
  await using t = await testLibrary({ itemCount: 6, seed: 32 });
  const env = { ...t.env, ...(await onNfs(t.dest, t.configDir)) };
  const lock = join(t.dest, STATE, "lock");
  await Deno.mkdir(join(t.dest, STATE));
  await Deno.writeTextFile(lock, lockText("diskstation", 4242));
  const refused = await runCli(["backup", "--dest", t.dest], { env });
  assert.equal(refused.code, 4, refused.stderr);
  const lines = refused.stderr.trim().split("\n");
  assert.match(
    lines.at(-1)!,
    /^error: Cannot lock the library .+: it is in use by gphotos-nas import on host diskstation \(pid 4242\), alive at \d\d:\d\d:\d\d UTC; wait for it to finish — if that run is dead, the lock is free at \d\d:\d\d UTC, or delete .+\/lock$/,
  );
  assert.equal(t.sim.stats.mediaRequests, 0, "nothing downloaded");
  assert.equal(await Deno.readTextFile(lock), lockText("diskstation", 4242), "their lock kept");

  const silent = new Date(Date.now() - 11 * 60_000);
  await Deno.utime(lock, silent, silent);
  const taken = await runCli(["backup", "--dest", t.dest, "--json"], { env });
  assert.equal(taken.code, 0, taken.stderr);
  assert.match(
    taken.stderr,
    /warning: taking over the lock of gphotos-nas import on host diskstation \(pid 4242\): no sign of life since /,
  );
  assert.ok(taken.json<RunJson>().downloaded > 0);
  assert.deepEqual(
    await names(join(t.dest, STATE)),
    ["last-index", "library.json"],
    "our lock removed at the end",
  );
});

Deno.test("netshare: a run on the NAS itself (local disk) refuses a library another host is writing through a share", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 33 });
  await Deno.mkdir(join(t.dest, STATE));
  await Deno.writeTextFile(join(t.dest, STATE, "lock"), lockText("raspberrypi", 777));
  const run = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stderr, /in use by gphotos-nas import on host raspberrypi \(pid 777\)/);
  assert.equal(t.sim.stats.mediaRequests, 0);
});

Deno.test("netshare: a library first made on a local disk keeps its index when DEST becomes a share: moved to the state folder, DEST's copy kept aside", async () => {
  await using t = await testLibrary({ itemCount: 10, seed: 34 });
  const local = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(local.code, 0, local.stderr);
  const media = t.sim.stats.mediaRequests;
  const env = { ...t.env, ...(await onNfs(t.dest, t.configDir)) };
  const shared = await runCli(["backup", "--dest", t.dest, "--json"], { env });
  assert.equal(shared.code, 0, shared.stderr);
  assert.equal(shared.json<RunJson>().downloaded, 0, "every item known by its id");
  assert.equal(shared.json<RunJson>().skipped, local.json<RunJson>().downloaded);
  assert.equal(t.sim.stats.mediaRequests, media, "nothing downloaded again");
  const home = await stateFolder(t.configDir);
  assert.match(
    shared.stderr,
    new RegExp(
      `index: moved ${join(t.dest, STATE, "index.sqlite")} to ${home}/index.sqlite; ` +
        `the old file stays as .+\\.moved-`,
    ),
  );
  const left = await names(join(t.dest, STATE));
  assert.equal(left.filter((n) => /^index\.sqlite\.moved-[\dT-]+Z$/.test(n)).length, 1, `${left}`);
  assert.ok(!left.includes("index.sqlite"));
});

Deno.test("netshare: --state-dir keeps the index there even on a local disk", async () => {
  await using t = await testLibrary({ itemCount: 3, seed: 35 });
  const state = join(t.configDir, "elsewhere");
  const run = await runCli(["backup", "--dest", t.dest, "--state-dir", state], { env: t.env });
  assert.equal(run.code, 0, run.stderr);
  // A global flag, before the command as well as after it.
  const status = await runCli(["--state-dir", state, "status", "--dest", t.dest, "--json"], {
    env: t.env,
  });
  assert.equal(status.json<{ totalItems: number }>().totalItems, 3, status.stderr);
  assert.match(run.stderr, /--state-dir is given: keeping the index in /);
  const [folder] = await names(state);
  assert.ok((await names(join(state, folder))).includes("index.sqlite"));
  assert.deepEqual(await names(join(t.dest, STATE)), ["last-index", "library.json"]);
});

Deno.test("netshare: two hosts writing one library in turn, each with its own index, never store an item twice", async () => {
  await using t = await testLibrary({ itemCount: 30, seed: 11 });
  const hostA = { ...t.env, ...(await onNfs(t.dest, t.configDir)) };
  const b = await authorizedConfig(t.sim);
  try {
    const hostB = { ...b.env, ...(await onNfs(t.dest, b.configDir)) };
    const photos = await runCli(["backup", "--dest", t.dest, "--media", "video"], { env: hostB });
    assert.equal(photos.code, 0, photos.stderr);
    const all = await runCli(["backup", "--dest", t.dest], { env: hostA });
    assert.equal(all.code, 0, all.stderr);
    const again = await runCli(["backup", "--dest", t.dest, "--json"], { env: hostB });
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stderr,
      /index: the index .+ on host \S+ wrote this library last: \d+ file\(s\) it added recorded/,
    );
    const files = await libraryFiles(t.dest);
    assert.equal(files.length, t.sim.items.filter(isReady).length, files.map((f) => f.path).join());
    assert.equal(new Set(files.map((f) => f.sha256)).size, files.length, "no item twice");
  } finally {
    await Deno.remove(b.configDir, { recursive: true });
  }
});
