import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { runCli } from "../support/cli.ts";
import { testLibrary } from "../support/library.ts";

/** A library of a few files whose index is then damaged by `damage`. */
async function verifyAfter(damage: (index: string) => Promise<void>) {
  await using t = await testLibrary({ itemCount: 6, seed: 4 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const index = join(t.dest, ".gphotos-nas", "index.sqlite");
  await damage(index);
  const verify = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  return { verify, dest: t.dest, index: await Deno.stat(index).then((i) => i.size) };
}

Deno.test("verify: a zero-byte index is reported like a missing one, never vouched for", async () => {
  const { verify, index } = await verifyAfter(async (path) => {
    for (const f of ["-wal", "-shm"]) await Deno.remove(path + f).catch(() => {});
    await Deno.writeFile(path, new Uint8Array());
  });
  assert.equal(verify.code, 2, verify.stderr);
  assert.equal(verify.stdout, "", "no verdict");
  assert.match(verify.stderr, /error: Cannot read the index .*index\.sqlite: it is empty/);
  assert.match(verify.stderr, /index rebuild/);
  assert.doesNotMatch(verify.stderr, / ok,|rebuilt from disk/);
  assert.equal(index, 0, "verify wrote nothing into it");
});

Deno.test("verify: an index emptied of its files is reported like a missing one", async () => {
  const { verify, dest } = await verifyAfter((path) => {
    const db = new DatabaseSync(path);
    db.exec("DELETE FROM items; DELETE FROM files");
    db.close();
    return Promise.resolve();
  });
  assert.equal(verify.code, 2, verify.stderr);
  assert.match(
    verify.stderr,
    new RegExp(`error: Cannot verify ${dest}: its index .* records no files`),
  );
  assert.doesNotMatch(verify.stderr, / ok,|rebuilt from disk/);
});
