/**
 * A household into one NAS: two Google accounts of one simulator (two tokens, photos shared between
 * them under each account's own ids) back up into one library through `--account`, the old config
 * layout staying the `default` account.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { isReady, libraryFiles, testLibrary } from "../support/library.ts";
import type { SimItem } from "../../src/simulator/mod.ts";
import { firstExport, writeExport } from "../../src/simulator/takeout/mod.ts";
import { readOverview } from "../../src/web/overview.ts";
import { statusPage } from "../../src/web/pages.ts";

interface AccountJson {
  items: number;
  bytes: number;
  lastRun: { command: string; exitCode?: number; state: string } | null;
  token: { state: string };
}

interface StatusJson {
  totalItems: number;
  accounts: Record<string, AccountJson>;
  token: { state: string };
}

async function shaOf(t: { sim: { sha256(item: SimItem): Promise<string> } }, items: SimItem[]) {
  return new Set(await Promise.all(items.filter(isReady).map((item) => t.sim.sha256(item))));
}

Deno.test("family: two accounts with shared photos back up into one library, each shared file once; a revoked token stops only its account", async () => {
  await using t = await testLibrary({
    itemCount: 24,
    seed: 26,
    family: { ben: { itemCount: 10, sharedFromMain: 6 } },
  });
  const main = t.sim.itemsOf("main");
  const ben = t.sim.itemsOf("ben");
  const mainBytes = await shaOf(t, [...main]);
  const benBytes = await shaOf(t, [...ben]);
  const sharedBytes = [...benBytes].filter((sha) => mainBytes.has(sha));
  assert.equal(sharedBytes.length, 6, "the simulator shares six photos");

  // The config folder as it was before accounts: the client and token at its top, no accounts/.
  const first = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(first.code, 0, first.stderr);
  const before = await runCli(["status", "--dest", t.dest, "--json"], { env: t.env });
  assert.deepEqual(Object.keys(before.json<StatusJson>().accounts), ["default"]);
  assert.equal(before.json<StatusJson>().accounts.default.items, mainBytes.size);

  // Ben joins: his own folder under accounts/, the default account stays where it was.
  const benDir = join(t.configDir, "accounts", "ben");
  await Deno.mkdir(benDir, { recursive: true, mode: 0o700 });
  await t.sim.writeClientSecret(join(benDir, "client_secret.json"));
  await Deno.writeTextFile(
    join(benDir, "token.json"),
    JSON.stringify({ refresh_token: t.sim.issueRefreshToken(undefined, "ben") }),
    { mode: 0o600 },
  );
  const benRun = await runCli(["backup", "--account", "ben", "--dest", t.dest, "--json"], {
    env: t.env,
  });
  assert.equal(benRun.code, 0, benRun.stderr);
  const benSummary = benRun.json<RunJson>();
  assert.equal(benSummary.downloaded, benBytes.size - sharedBytes.length);
  assert.equal(benSummary.skipped, sharedBytes.length, "shared photos: already in the library");

  const files = await libraryFiles(t.dest);
  assert.equal(files.length, new Set([...mainBytes, ...benBytes]).size);
  for (const sha of sharedBytes) {
    assert.equal(files.filter((f) => f.sha256 === sha).length, 1, `shared ${sha} stored once`);
  }

  const status = await runCli(["status", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(status.code, 0, status.stderr);
  const both = status.json<StatusJson>();
  assert.equal(both.totalItems, files.length);
  assert.equal(both.accounts.default.items, mainBytes.size);
  assert.equal(both.accounts.ben.items, benBytes.size);
  assert.equal(both.accounts.ben.lastRun?.state, "ok");
  const text = await runCli(["status", "--dest", t.dest], { env: t.env });
  assert.match(text.stdout, new RegExp(`account ben: ${benBytes.size} items`));
  assert.match(text.stdout, new RegExp(`account default: ${mainBytes.size} items`));

  // Ben removes the app's access: only Ben's runs fail, naming him; the default account goes on.
  t.sim.revokeAccount("ben");
  const calls = { ...t.sim.stats.accountRequests };
  const refused = await runCli(["backup", "--account", "ben", "--dest", t.dest], { env: t.env });
  assert.equal(refused.code, 3, refused.stderr);
  assert.match(refused.stderr, /account ben: .*`gphotos-nas auth --account ben`/);
  assert.doesNotMatch(refused.stderr, /1\/\/sim-/, "no token is printed");
  const still = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(still.code, 0, still.stderr);
  assert.equal(still.json<RunJson>().skipped, mainBytes.size);
  assert.equal(t.sim.stats.accountRequests.ben ?? 0, calls.ben ?? 0, "nobody called Ben's Google");
  assert.ok(t.sim.stats.accountRequests.main > calls.main);
  const after = (await runCli(["status", "--dest", t.dest, "--json", "--account", "ben"], {
    env: t.env,
  })).json<StatusJson>();
  assert.equal(after.accounts.ben.lastRun?.exitCode, 3);
  assert.equal(after.accounts.ben.lastRun?.state, "failed");
  assert.equal(after.accounts.default.lastRun?.state, "ok");
  assert.equal(after.accounts.ben.items, benBytes.size, "what Ben has stays counted");

  // The web console's overview shows the same per account.
  const page = statusPage(await readOverview(t.dest, { configDir: t.configDir }, undefined));
  const row = (name: string) =>
    new RegExp(`<tr><td>${name}</td><td class="n">(\\d+)</td>`).exec(page)?.[1];
  assert.equal(Number(row("ben")), benBytes.size);
  assert.equal(Number(row("default")), mainBytes.size);
});

Deno.test("family: a bad --account is a usage error before anything is read or written", async () => {
  await using t = await testLibrary({ itemCount: 2, seed: 1 });
  const dest = join(t.dest, "new");
  for (
    const bad of [["--account", "../x"], ["--account", "Anna"], ["--account="], [
      "--account",
      "a".repeat(33),
    ]]
  ) {
    const result = await runCli(["backup", ...bad, "--dest", dest], { env: t.env });
    assert.equal(result.code, 2, `${bad.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, /--account/);
  }
  const other = await runCli(["verify", "--account", "ben", "--dest", dest], { env: t.env });
  assert.equal(other.code, 2);
  assert.match(other.stderr, /Cannot use --account with verify/);
  await assert.rejects(Deno.stat(dest), Deno.errors.NotFound);
  assert.equal(t.sim.stats.apiRequests + t.sim.stats.refreshes, 0, "Google was not called");
  await assert.rejects(Deno.stat(join(t.configDir, "accounts")), Deno.errors.NotFound);
});

Deno.test("family: config.json names each account's defaults; a named account without a token says whose auth to run", async () => {
  await using t = await testLibrary({ itemCount: 3, seed: 2, family: { ben: { itemCount: 2 } } });
  await Deno.writeTextFile(
    join(t.configDir, "config.json"),
    JSON.stringify({ accounts: { ben: { dest: t.dest, media: "photo" } } }),
  );
  const missing = await runCli(["backup"], { env: t.env });
  assert.equal(missing.code, 2, "the default account has no dest");
  const unauthorized = await runCli(["backup", "--account", "ben"], { env: t.env });
  assert.equal(unauthorized.code, 3, unauthorized.stderr);
  assert.match(
    unauthorized.stderr,
    /account ben: not authorized yet: run `gphotos-nas auth --account ben`/,
  );
  await Deno.writeTextFile(
    join(t.configDir, "config.json"),
    JSON.stringify({ accounts: { Ben: {} } }),
  );
  const refused = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /"accounts".*"Ben" is not an account name/);
});

Deno.test("family: pick and import take --account too; what an account meets in the library is counted as its", async () => {
  await using t = await testLibrary({
    itemCount: 12,
    seed: 7,
    appCreated: false,
    family: { ben: { itemCount: 4, sharedFromMain: 5 } },
  });
  const main = await shaOf(t, [...t.sim.itemsOf("main")]);
  const ben = await shaOf(t, [...t.sim.itemsOf("ben")]);
  const first = await runCli(["pick", "--dest", t.dest, "--no-qr"], { env: t.env });
  assert.equal(first.code, 0, first.stderr);
  const benDir = join(t.configDir, "accounts", "ben");
  await Deno.mkdir(benDir, { recursive: true, mode: 0o700 });
  await t.sim.writeClientSecret(join(benDir, "client_secret.json"));
  await Deno.writeTextFile(
    join(benDir, "token.json"),
    JSON.stringify({ refresh_token: t.sim.issueRefreshToken(undefined, "ben") }),
    { mode: 0o600 },
  );
  const picked = await runCli(["--account", "ben", "pick", "--dest", t.dest, "--no-qr", "--json"], {
    env: t.env,
  });
  assert.equal(picked.code, 0, picked.stderr);
  assert.equal(picked.json<RunJson>().skipped, 5, "Ben's shared photos are already here");
  assert.equal((await libraryFiles(t.dest)).length, new Set([...main, ...ben]).size);

  // A Takeout export imported for Carla, whose photos the library already holds, is hers too.
  const exportDir = join(t.dest, "..", `${t.dest.split("/").at(-1)}-export`);
  await Deno.mkdir(exportDir);
  try {
    const exp = await firstExport("UTC");
    const [part] = await writeExport(exportDir, "takeout-20261101T000000Z", exp.files, {
      format: "zip",
      parts: 1,
    });
    const anna = await runCli(["import", part, "--dest", t.dest], { env: t.env });
    assert.equal(anna.code, 0, anna.stderr);
    const carla = await runCli(["import", part, "--dest", t.dest, "--account", "carla", "--json"], {
      env: t.env,
    });
    assert.equal(carla.code, 0, carla.stderr);
    assert.equal(carla.json<RunJson>().downloaded, 0);
    const status = (await runCli(["status", "--dest", t.dest, "--json"], { env: t.env }))
      .json<StatusJson>();
    assert.equal(status.accounts.ben.items, ben.size);
    assert.equal(status.accounts.carla.items, exp.expected.length);
    assert.equal(status.accounts.default.items, main.size + exp.expected.length);
    assert.equal(status.accounts.carla.lastRun?.command, "import");
    assert.equal(status.accounts.carla.token.state, "missing", "Carla never authorized");
    assert.equal(status.accounts.ben.token.state, "ok");
  } finally {
    await Deno.remove(exportDir, { recursive: true });
  }
});
