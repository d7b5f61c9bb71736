import assert from "node:assert/strict";
import { join } from "node:path";
import { accountDir, accountErrorLine } from "../../src/auth/accounts.ts";
import { parseConfig } from "../../src/config/config_file.ts";
import { UsageError } from "../../src/errors.ts";
import { checkAccountName } from "../../src/config/account_name.ts";

Deno.test("accounts: default is accounts/default once it exists, else the old layout at the top", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(accountDir(dir, "default"), dir, "an install from before accounts");
    assert.equal(accountDir(dir, "ben"), join(dir, "accounts", "ben"));
    await Deno.mkdir(join(dir, "accounts", "ben"), { recursive: true });
    assert.equal(accountDir(dir, "default"), dir, "a second member changes nothing for default");
    await Deno.mkdir(join(dir, "accounts", "default"));
    assert.equal(accountDir(dir, "default"), join(dir, "accounts", "default"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("accounts: names are 1-32 of a-z 0-9 _ -, starting with a letter or digit", () => {
  for (const good of ["default", "ben", "0", "anna-maria_2", "a".repeat(32)]) {
    assert.equal(checkAccountName(good), good);
  }
  for (const bad of ["", "Anna", "../x", "-a", "_a", "a b", "a/b", ".", "a".repeat(33), "änna"]) {
    assert.throws(() => checkAccountName(bad), UsageError, bad);
  }
});

Deno.test("accounts: an error line of a named account names it and its auth command", () => {
  const line = "Google refused the stored authorization: run `gphotos-nas auth` again";
  assert.equal(accountErrorLine(line, "default"), line);
  assert.equal(
    accountErrorLine(line, "ben"),
    "account ben: Google refused the stored authorization: run `gphotos-nas auth --account ben` again",
  );
  assert.equal(accountErrorLine("disk full", "ben"), "disk full");
});

Deno.test("accounts: config.json's accounts give each account its own keys, checked like the top", () => {
  const config = parseConfig(
    { dest: "/a", accounts: { ben: { dest: "/b", media: "photo" } } },
    "config.json",
  );
  assert.deepEqual(config.accounts, { ben: { dest: "/b", media: "photo" } });
  assert.throws(
    () => parseConfig({ accounts: { ben: { media: "movies" } } }, "config.json"),
    /config.json "accounts"."ben": "media" must be/,
  );
  assert.throws(
    () => parseConfig({ accounts: { ben: { accounts: {} } } }, "config.json"),
    /cannot be nested/,
  );
  assert.throws(() => parseConfig({ accounts: [] }, "config.json"), /"accounts" must be an object/);
});
