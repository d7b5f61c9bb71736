/**
 * `auth --account NAME` against the simulator: a second member signs in with their own Google
 * account; their client and token go to `<config-dir>/accounts/NAME/` (0600 files in 0700
 * folders), the default account's files at the top stay as they were, and each account's runs use
 * its own token.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import { consent, setup, startAuth } from "../support/auth.ts";

const mode = async (path: string) => (await Deno.stat(path)).mode! & 0o777;

Deno.test("family auth: --account ben stores Ben's token under accounts/ben, reusing the default account's client", async () => {
  await using t = await setup({ itemCount: 4, seed: 5, family: { ben: { itemCount: 3 } } });
  const first = await startAuth(t.configDir, t.secretFile);
  await fetch(await consent(first.consentUrl)).then((r) => r.text());
  assert.equal((await first.finish()).code, 0);
  const defaultToken = await Deno.readTextFile(join(t.configDir, "token.json"));

  const auth = await startAuth(t.configDir, undefined, ["--account", "ben"]);
  // Ben picks his own Google account in the browser.
  const chooser = new URL(auth.consentUrl);
  chooser.searchParams.set("login_hint", "ben");
  await fetch(await consent(chooser.href)).then((r) => r.text());
  const { code, stderr } = await auth.finish();
  assert.equal(code, 0, stderr);
  assert.match(stderr, /using the OAuth client of the default account/);

  const ben = join(t.configDir, "accounts", "ben");
  assert.equal(await mode(join(t.configDir, "accounts")), 0o700);
  assert.equal(await mode(ben), 0o700);
  assert.equal(await mode(join(ben, "token.json")), 0o600);
  assert.equal(await mode(join(ben, "client_secret.json")), 0o600);
  assert.match(stderr, new RegExp(`${ben}/token.json`));
  assert.equal(await Deno.readTextFile(join(t.configDir, "token.json")), defaultToken);
  const benToken = JSON.parse(await Deno.readTextFile(join(ben, "token.json")));
  assert.ok(!stderr.includes(benToken.refresh_token), "the token is never printed");

  // Each account's run lists its own library with its own token.
  const env = { GPHOTOS_NAS_LIBRARY_API: t.sim.libraryOrigin };
  const dest = join(t.base, "dest");
  const benRun = await runCli(
    ["--config-dir", t.configDir, "backup", "--account", "ben", "--dest", dest, "--json"],
    { env },
  );
  assert.equal(benRun.code, 0, benRun.stderr);
  assert.equal(benRun.json<{ listed: number }>().listed, t.sim.itemsOf("ben").length);
  assert.deepEqual(Object.keys(t.sim.stats.accountRequests), ["ben"]);
  const mainRun = await runCli(
    ["--config-dir", t.configDir, "backup", "--dest", dest, "--json"],
    { env },
  );
  assert.equal(mainRun.code, 0, mainRun.stderr);
  assert.equal(mainRun.json<{ listed: number }>().listed, t.sim.items.length);
});
