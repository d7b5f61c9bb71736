import assert from "node:assert/strict";
import { openCatalog } from "../../../src/library/catalog/mod.ts";
import { withDest } from "../../support/catalog.ts";

Deno.test("catalog state: values are set, replaced, deleted and outlive the run", async () => {
  await withDest((dest) => {
    const first = openCatalog(dest);
    assert.equal(first.state.get("pickerSession"), undefined);
    first.state.set("pickerSession", "one");
    first.state.set("pickerSession", "two");
    first.state.set("layout", "{yyyy}");
    first.state.set("layout", undefined);
    first.close();
    const next = openCatalog(dest, { readonly: true });
    try {
      assert.equal(next.state.get("pickerSession"), "two");
      assert.equal(next.state.get("layout"), undefined);
    } finally {
      next.close();
    }
  });
});

Deno.test("catalog takeout: only a set recorded as done counts as imported; a retry replaces it", async () => {
  await withDest((dest) => {
    const catalog = openCatalog(dest);
    try {
      const { takeout } = catalog;
      const set = { parts: ["takeout-1-001.zip"], bytes: 10 };
      assert.equal(takeout.isImportSetDone("takeout-1"), false);
      takeout.recordImportSet("takeout-1", { ...set, status: "failed", detail: "corrupt" });
      assert.equal(takeout.isImportSetDone("takeout-1"), false);
      takeout.recordImportSet("takeout-1", { ...set, status: "done" });
      assert.equal(takeout.isImportSetDone("takeout-1"), true);
      assert.equal(takeout.isImportSetDone("takeout-2"), false);
    } finally {
      catalog.close();
    }
  });
});
