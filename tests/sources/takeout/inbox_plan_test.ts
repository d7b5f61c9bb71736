import assert from "node:assert/strict";
import { openCatalog } from "../../../src/library/catalog/mod.ts";
import { planInbox } from "../../../src/sources/takeout/inbox.ts";
import { deliverParts, lateSidecarExport } from "../../../src/simulator/takeout/mod.ts";

Deno.test("inbox plan: a part dated in the future (clock skew) is settled once seen unchanged for the quiet period", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-plan-" });
  const catalog = openCatalog(dir, { memory: true });
  try {
    const [part] = await deliverParts(dir, "takeout-20261101T000000Z", lateSidecarExport("UTC"), [
      0,
    ], { format: "zip" });
    const now = new Date();
    const future = new Date(now.getTime() + 3600_000);
    await Deno.utime(part, future, future);
    const options = { settleMs: 600_000, parts: catalog.parts, write: true };
    const first = await planInbox(dir, { ...options, now });
    assert.deepEqual(first.ready, []);
    assert.match(first.waiting.join("\n"), /001\.zip: its modification time is in the future/);
    assert.ok(first.unsettled.has("takeout-20261101T000000Z"));

    const later = await planInbox(dir, { ...options, now: new Date(now.getTime() + 600_000) });
    assert.deepEqual(later.ready.map((s) => s.parts), [[part]]);
  } finally {
    catalog.close();
    await Deno.remove(dir, { recursive: true });
  }
});
