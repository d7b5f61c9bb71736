import assert from "node:assert/strict";
import { openCatalog } from "../../../src/library/catalog/mod.ts";
import { withDest } from "../../support/catalog.ts";
import { V0_ROWS, writeIndexV0 } from "../../fixtures/index_v0_fixture.ts";

Deno.test("accounts: what an index held before accounts belongs to default, read as it is and once migrated", async () => {
  await withDest((dest) => {
    writeIndexV0(dest);
    // status reads an older index read-only, unmigrated: its files are the default account's.
    const old = openCatalog(dest, { readonly: true });
    try {
      assert.deepEqual(Object.keys(old.accounts.report()), ["default"]);
      assert.equal(old.accounts.report().default.items, 1);
      assert.equal(old.accounts.report().default.bytes, V0_ROWS.done.size);
      assert.equal(old.accounts.report().default.lastRun?.command, "backup");
    } finally {
      old.close();
    }
    const catalog = openCatalog(dest);
    try {
      assert.equal(catalog.accounts.report().default.items, 1);
      assert.equal(catalog.accounts.report().default.lastRun?.command, "backup");
      // The reserved file, once done by Ben's run, is had by Ben too; the done one by both.
      catalog.accounts.add(1, "ben");
      catalog.accounts.add(1, "ben");
      const run = catalog.journal.startRun("pick", "ben");
      catalog.journal.finishRun(run, 3, { failed: 0 });
      const report = catalog.accounts.report();
      assert.deepEqual(Object.keys(report), ["ben", "default"]);
      assert.equal(report.ben.items, 1);
      assert.equal(report.default.items, 1);
      assert.equal(report.ben.lastRun?.command, "pick");
      assert.equal(report.ben.lastRun?.exitCode, 3);
      assert.equal(catalog.report.statusReport().totalItems, 1, "a shared file is one item");
    } finally {
      catalog.close();
    }
  });
});
