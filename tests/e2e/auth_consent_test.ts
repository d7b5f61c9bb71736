import assert from "node:assert/strict";
import { join } from "node:path";
import { LIBRARY_SCOPE, PICKER_SCOPE } from "../../src/simulator/mod.ts";
import { consent, setup, startAuth } from "../support/auth.ts";
import { runCli } from "../support/cli.ts";
import { ADVICE, errorLines } from "../support/unreachable.ts";

const PICKER = "photospicker.mediaitems.readonly";
const LIBRARY = "photoslibrary.readonly.appcreateddata";

/** Runs `auth` to its end with the browser's consent; returns its exit code and stderr. */
async function authorize(t: Awaited<ReturnType<typeof setup>>) {
  const auth = await startAuth(t.configDir, t.secretFile);
  await auth.paste(await consent(auth.consentUrl));
  return { consentUrl: new URL(auth.consentUrl), ...await auth.finish() };
}

const tokenFile = (t: { configDir: string }) => join(t.configDir, "token.json");

Deno.test("auth: an account that granted the client before still gets a refresh token", async () => {
  await using t = await setup({ itemCount: 3, grantedBefore: true });
  const { code, stderr, consentUrl } = await authorize(t);
  assert.equal(code, 0, stderr);
  assert.equal(consentUrl.searchParams.get("access_type"), "offline");
  assert.equal(consentUrl.searchParams.get("prompt"), "consent");
  const token = JSON.parse(await Deno.readTextFile(tokenFile(t)));
  assert.match(token.refresh_token, /^1\/\/sim-/);
});

Deno.test("auth: an unticked Picker scope: exit 0, a warning that `pick` will not work, pick names the Picker API", async () => {
  await using t = await setup({ itemCount: 3, faults: { untickedScopes: [PICKER_SCOPE] } });
  const { code, stderr } = await authorize(t);
  assert.equal(code, 0, stderr);
  const warnings = stderr.split("\n").filter((line) => line.startsWith("warning:"));
  assert.deepEqual(warnings, [
    `warning: Google did not grant ${PICKER} (unticked on the consent screen?): \`pick\` will ` +
    "not work; run `gphotos-nas auth` again and tick every box to use it",
  ]);
  assert.match(stderr, /next: gphotos-nas backup --dest DIR/);

  const env = {
    GPHOTOS_NAS_CONFIG_DIR: t.configDir,
    GPHOTOS_NAS_LIBRARY_API: t.sim.libraryOrigin,
    GPHOTOS_NAS_PICKER_API: t.sim.pickerOrigin,
  };
  const pick = await runCli(["pick", "--dest", join(t.base, "dest"), "--no-qr"], { env });
  assert.equal(pick.code, 3, pick.stderr);
  assert.deepEqual(errorLines(pick.stderr), [
    `error: Cannot use the Picker API: the authorization lacks ${PICKER} (Google answered ` +
    '"insufficient authentication scopes"); run `gphotos-nas auth` again and tick every box ' +
    "on the consent screen",
  ]);
  const backup = await runCli(["backup", "--dest", join(t.base, "dest")], { env });
  assert.equal(backup.code, 0, backup.stderr);
});

Deno.test("auth: no usable scope granted: exit 3, and the previous token is kept", async () => {
  await using t = await setup({
    itemCount: 3,
    faults: { untickedScopes: [PICKER_SCOPE, LIBRARY_SCOPE] },
  });
  await Deno.mkdir(t.configDir, { mode: 0o700 });
  const previous = JSON.stringify({ refresh_token: t.sim.issueRefreshToken() });
  await Deno.writeTextFile(tokenFile(t), previous, { mode: 0o600 });
  const { code, stderr } = await authorize(t);
  assert.equal(code, 3, stderr);
  assert.deepEqual(errorLines(stderr), [
    "error: Cannot authorize: Google granted none of the scopes gphotos-nas uses " +
    `(${LIBRARY} for \`backup\`, ${PICKER} for \`pick\`); run \`gphotos-nas auth\` again and ` +
    "tick every box on the consent screen (the previous authorization is kept)",
  ]);
  assert.equal(await Deno.readTextFile(tokenFile(t)), previous);
});

Deno.test("auth: a token host that refuses the code exchange: one line, exit 1", async () => {
  await using t = await setup();
  const auth = await startAuth(t.configDir, t.secretFile);
  const redirect = await consent(auth.consentUrl);
  await t.sim.setReachable("oauth", false);
  await auth.paste(redirect);
  const { code, stderr } = await auth.finish();
  assert.equal(code, 1, stderr);
  const host = new URL(t.sim.oauthOrigin).host;
  assert.deepEqual(errorLines(stderr), [
    `error: Cannot reach ${host}: connection refused${ADVICE}`,
  ]);
  assert.doesNotMatch(stderr, /^\s+at /m);
  await assert.rejects(Deno.stat(tokenFile(t)), Deno.errors.NotFound);
});
