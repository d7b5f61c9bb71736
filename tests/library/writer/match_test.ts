import assert from "node:assert/strict";
import { join } from "node:path";
import { memoryRecord, withLibrary } from "../../support/records.ts";

const taken = { filename: "IMG_7.jpg" };

// Each test gives its records a source that does not "usually" go with their rule: what is skipped
// must follow the record's match rule alone, never the source's name.

Deno.test("match: an id-only record is never skipped for a different file with the same name, time and size", async () => {
  await withLibrary(async (dest, lib) => {
    // Same length on purpose: name, capture time and size all agree.
    const copy = await lib.writer.store(memoryRecord("g", "google copy.", { ...taken }));
    const original = memoryRecord("t", "the original", {
      ...taken,
      source: "picker",
      match: "id",
    });
    const outcome = await lib.writer.store(original);
    assert.equal(outcome.status, "downloaded");
    assert.equal(original.opens, 1);
    assert.notEqual(outcome.relPath, copy.relPath);
    assert.equal(await Deno.readTextFile(join(dest, outcome.relPath!)), "the original");
  });
});

Deno.test("match: an id-matched record is skipped without being fetched", async () => {
  await withLibrary(async (_dest, lib) => {
    const first = await lib.writer.store(
      memoryRecord("k", "bytes", { source: "takeout", match: "id" }),
    );
    assert.equal(first.status, "downloaded");
    const again = memoryRecord("k", "bytes", { source: "takeout", match: "id" });
    const outcome = await lib.writer.store(again);
    assert.equal(outcome.status, "skipped");
    assert.equal(outcome.relPath, first.relPath);
    assert.equal(again.opens, 0);
  });
});

Deno.test("match: a name-time-size record under a new id is skipped without being fetched", async () => {
  await withLibrary(async (_dest, lib) => {
    const first = await lib.writer.store(memoryRecord("a", "same photo", { ...taken }));
    const repicked = memoryRecord("b", "same photo", { ...taken, source: "takeout" });
    const outcome = await lib.writer.store(repicked);
    assert.equal(outcome.status, "skipped");
    assert.equal(outcome.relPath, first.relPath);
    assert.equal(repicked.opens, 0);
  });
});
