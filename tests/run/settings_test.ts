import assert from "node:assert/strict";
import { resolveSettings } from "../../src/run/settings.ts";
import { resolveAccount } from "../../src/auth/accounts.ts";
import { createLogger } from "../../src/ui/log.ts";
import type { CommandContext } from "../../src/cli/context.ts";

/** A command's context over an empty config folder. */
function context(configDir: string): CommandContext {
  return {
    configDir,
    account: resolveAccount(configDir),
    log: createLogger({ write: () => {} }),
    writeStdout: () => {},
    signal: new AbortController().signal,
    env: () => undefined,
    isTty: false,
  };
}

Deno.test("settings: an import keeps 16 files in flight by default, a download 4; --concurrency and config.json decide over both", async () => {
  const configDir = await Deno.makeTempDir();
  try {
    const ctx = context(configDir);
    const dest = { dest: "/volume1/photos" };
    assert.equal((await resolveSettings("import", dest, ctx)).concurrency, 16);
    assert.equal((await resolveSettings("backup", dest, ctx)).concurrency, 4);
    assert.equal((await resolveSettings("pick", dest, ctx)).concurrency, 4);
    assert.equal(
      (await resolveSettings("import", { ...dest, concurrency: "2" }, ctx)).concurrency,
      2,
    );
    await Deno.writeTextFile(`${configDir}/config.json`, JSON.stringify({ concurrency: 8 }));
    assert.equal((await resolveSettings("import", dest, ctx)).concurrency, 8);
  } finally {
    await Deno.remove(configDir, { recursive: true });
  }
});
