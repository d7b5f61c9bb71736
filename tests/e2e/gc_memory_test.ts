/**
 * Memory flat in the number of files, for `gc` (issue 22): a library of 10,000 photos, each with a
 * superseded copy (as after years of picks followed by the Takeout import of the originals), is
 * collected under a 12 MiB V8 heap with the binary's own V8 flags. While `gc` read every recorded
 * copy at once and kept what it removed, forgot and checked in arrays and a map to the end, the
 * same run ran out of heap in its first second ("Fatal JavaScript out of memory"); it now reads a
 * page of records at a time and says each outcome as it goes. A heap cap makes the test
 * deterministic where a peak-RSS threshold would depend on the machine.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { importWorkspace } from "../support/workspace.ts";
import { supersedeEveryFile } from "../support/superseded.ts";
import { writeManyExport } from "../../src/simulator/takeout/mod.ts";
import { SUPERSEDED_DIR } from "../../src/library/writer/upgrade.ts";
import { V8_FLAGS } from "../../scripts/compile.ts";

const PHOTOS = 10_000;

Deno.test("gc: 10,000 superseded copies are collected under a 12 MiB heap", async () => {
  await using w = await importWorkspace("gc-memory", "UTC");
  const parts = await writeManyExport(w.dir, {
    photos: PHOTOS,
    parts: 2,
    size: [800, 1_200],
    stem: "takeout-20261101T000000Z",
  });
  const imported = await runCli(["import", ...parts, "--dest", w.dest, "--json", "--quiet"], {
    env: w.env,
  });
  assert.equal(imported.code, 0, imported.stderr.slice(-2000));
  assert.equal(imported.json<RunJson>().downloaded, PHOTOS);
  for (const part of parts) await Deno.remove(part);
  assert.equal(await supersedeEveryFile(w.dest), PHOTOS);

  const capped = ["-A", `--v8-flags=${[...V8_FLAGS, "--max-old-space-size=12"].join(",")}`];
  const gc = await runCli(["gc", "--superseded", "--dest", w.dest], {
    env: w.env,
    permissions: capped,
  });
  assert.doesNotMatch(gc.stderr, /out of memory/i);
  assert.equal(gc.code, 0, gc.stderr.slice(-2000));
  assert.match(gc.stderr, /gc: removed 10000 superseded file\(s\)/);
  const left = await Array.fromAsync(Deno.readDir(join(w.dest, SUPERSEDED_DIR))).catch(() => []);
  assert.deepEqual(left, [], "every copy is gone, and its emptied folders");
});
