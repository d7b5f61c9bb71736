import assert from "node:assert/strict";
import { join } from "node:path";
import type { Simulator } from "../../src/simulator/mod.ts";
import { runCli } from "../support/cli.ts";
import { consent, setup, startAuth } from "../support/auth.ts";

async function assertTokenStored(configDir: string, sim: Simulator, stderr: string) {
  const info = await Deno.stat(join(configDir, "token.json"));
  assert.equal(info.mode! & 0o777, 0o600);
  assert.equal((await Deno.stat(configDir)).mode! & 0o777, 0o700);
  assert.equal((await Deno.stat(join(configDir, "client_secret.json"))).mode! & 0o777, 0o600);
  const token = JSON.parse(await Deno.readTextFile(join(configDir, "token.json")));
  assert.match(token.refresh_token, /^1\/\/sim-/);
  assert.ok(!stderr.includes(token.refresh_token), "the refresh token is never printed");
  assert.ok(!stderr.includes(token.access_token), "the access token is never printed");
  assert.doesNotMatch(stderr, new RegExp(sim.clientSecretJson().installed.client_secret));
}

Deno.test("auth: the browser's redirect reaches the loopback listener and the token is stored 0600", async () => {
  await using t = await setup();
  const auth = await startAuth(t.configDir, t.secretFile);
  const redirect = new URL(await consent(auth.consentUrl));
  assert.equal(redirect.hostname, "127.0.0.1", "the listener is on 127.0.0.1");
  const wrong = new URL(redirect);
  wrong.searchParams.set("state", "forged");
  const refused = await fetch(wrong);
  assert.equal(refused.status, 400, "a wrong state is rejected");
  await refused.body?.cancel();
  const page = await fetch(redirect);
  assert.match(await page.text(), /authorized/);
  const { code, stderr } = await auth.finish();
  assert.equal(code, 0, stderr);
  await assertTokenStored(t.configDir, t.sim, stderr);
  await assert.rejects(fetch(redirect), "the listener is closed after one valid redirect");

  // The stored token works: a backup against the simulator is authorized.
  const dest = join(t.base, "dest");
  const backup = await runCli(["--config-dir", t.configDir, "backup", "--dest", dest], {
    env: { GPHOTOS_NAS_LIBRARY_API: t.sim.libraryOrigin },
  });
  assert.equal(backup.code, 0, backup.stderr);
});

Deno.test("auth: on a headless box the pasted redirect address completes the flow", async () => {
  await using t = await setup();
  const auth = await startAuth(t.configDir, t.secretFile);
  assert.match(auth.consentUrl, /code_challenge_method=S256/);
  const redirect = await consent(auth.consentUrl);
  const forged = new URL(redirect);
  forged.searchParams.set("state", "forged");
  await auth.paste(forged.href);
  await auth.paste(redirect);
  const { code, stderr } = await auth.finish();
  assert.equal(code, 0, stderr);
  assert.match(stderr, /does not belong to this sign-in/);
  await assertTokenStored(t.configDir, t.sim, stderr);
});

Deno.test("auth: consent refused in the browser exits 3", async () => {
  await using t = await setup();
  const auth = await startAuth(t.configDir, t.secretFile);
  const redirect = new URL(await consent(auth.consentUrl));
  const denied = new URL(redirect.origin + "/");
  denied.searchParams.set("error", "access_denied");
  denied.searchParams.set("state", redirect.searchParams.get("state")!);
  await auth.paste(denied.href);
  const { code, stderr } = await auth.finish();
  assert.equal(code, 3, stderr);
  assert.match(stderr, /consent was refused/);
});

Deno.test("auth: a malformed or wrong-type client_secret.json exits 2 with one line", async () => {
  await using t = await setup();
  const cases: [string, RegExp][] = [
    ["{not json", /is not valid JSON/],
    ['{"web": {"client_id": "x"}}', /"Web application" client; gphotos-nas needs a "Desktop app"/],
    ['{"installed": {"client_id": "x"}}', /"client_secret" is missing/],
    ["[]", /is not a JSON object/],
  ];
  for (const [text, message] of cases) {
    const file = join(t.base, "bad.json");
    await Deno.writeTextFile(file, text);
    const result = await runCli([
      "--config-dir",
      t.configDir,
      "auth",
      "--client-secret",
      file,
      "--no-browser",
    ]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  }
  const missing = await runCli(["--config-dir", join(t.base, "nowhere"), "auth", "--no-browser"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /client_secret\.json does not exist/);
});

Deno.test("auth: a token file readable by others is tightened with a warning", async () => {
  await using t = await setup();
  await Deno.mkdir(t.configDir, { mode: 0o700 });
  await t.sim.writeClientSecret(join(t.configDir, "client_secret.json"));
  const tokenFile = join(t.configDir, "token.json");
  await Deno.writeTextFile(tokenFile, JSON.stringify({ refresh_token: t.sim.issueRefreshToken() }));
  await Deno.chmod(tokenFile, 0o644);
  const result = await runCli(
    ["--config-dir", t.configDir, "backup", "--dest", join(t.base, "d"), "--dry-run"],
    { env: { GPHOTOS_NAS_LIBRARY_API: t.sim.libraryOrigin } },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /readable by other users; its mode is now 0600/);
  assert.equal((await Deno.stat(tokenFile)).mode! & 0o777, 0o600);
});
