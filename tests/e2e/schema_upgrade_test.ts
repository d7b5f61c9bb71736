import assert from "node:assert/strict";
import { join } from "node:path";
import { SCHEMA_VERSION } from "../../src/library/catalog/schema.ts";
import { mountinfoText } from "../../src/simulator/host/mountinfo.ts";
import { runCli } from "../support/cli.ts";
import { writeIndexV0 } from "../fixtures/index_v0_fixture.ts";

interface StatusJson {
  schemaVersion: number;
  totalItems: number;
}

Deno.test("upgrade: --version names the index schema this program writes", async () => {
  const run = await runCli(["--version"]);
  assert.equal(run.code, 0);
  assert.ok(
    run.stdout.split("\n").includes(
      `index schema: ${SCHEMA_VERSION} (opens and upgrades indexes of schema 0 to ${SCHEMA_VERSION})`,
    ),
    run.stdout,
  );
});

Deno.test("upgrade: status names an older index's schema; the first writing run upgrades it, also when the library is now on an SMB share", async () => {
  const root = await Deno.makeTempDir({ prefix: "gphotos-nas-upgrade-" });
  try {
    const dest = join(root, "family photos");
    const configDir = join(root, "config");
    await Deno.mkdir(configDir);
    writeIndexV0(dest);
    const env = { GPHOTOS_NAS_CONFIG_DIR: configDir, TZ: "UTC" };
    const before = await runCli(["status", "--dest", dest, "--json"], { env });
    assert.equal(before.json<StatusJson>().schemaVersion, 0, before.stderr);
    const text = await runCli(["status", "--dest", dest], { env });
    assert.match(
      text.stdout,
      new RegExp(
        `index: ok, schema 0 \\(this gphotos-nas writes schema ${SCHEMA_VERSION}: the next run ` +
          "that writes upgrades it\\)",
      ),
    );

    const mountinfo = join(root, "mountinfo");
    await Deno.writeTextFile(
      mountinfo,
      mountinfoText([{ mountPoint: dest, fsType: "cifs", source: "//nas/Family Photos" }]),
    );
    const shareEnv = { ...env, GPHOTOS_NAS_MOUNTINFO: mountinfo };
    const rebuild = await runCli(["index", "rebuild", "--dest", dest], { env: shareEnv });
    assert.equal(rebuild.code, 0, rebuild.stderr);
    assert.match(rebuild.stderr, /DEST is on an SMB share \(cifs \/\/nas\/Family Photos\)/);
    const after = await runCli(["status", "--dest", dest, "--json"], { env: shareEnv });
    assert.equal(after.json<StatusJson>().schemaVersion, SCHEMA_VERSION, after.stderr);
    assert.equal(after.json<StatusJson>().totalItems, 1, "the old index's rows are kept");
    const afterText = await runCli(["status", "--dest", dest], { env: shareEnv });
    assert.match(afterText.stdout, new RegExp(`index: ok, schema ${SCHEMA_VERSION}\n`));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
