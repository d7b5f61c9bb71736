/**
 * Memory flat in the number of files, for `gc` (issue 22): a library of 10,000 photos, each with five
 * superseded copies (as after years of picks followed by the Takeout import of the originals), is
 * listed with `--json` under a 14 MiB V8 heap and collected under 12 MiB, with the binary's own V8
 * flags. While `gc` read every recorded copy at once and kept what it removed, forgot and checked in
 * arrays and a map to the end, the collection ran out of heap in its first second ("Fatal
 * JavaScript out of memory"); it now reads a page of records at a time and says each outcome as it
 * goes. While `--json` kept every listed path in memory to print them, the listing ran out of heap
 * at 10, 12 and 14 MiB; the paths now wait in a temporary file (the run then needs 10 MiB, and
 * failed there once under the suite's load: 14 leaves room). A heap cap makes the test
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
/** Copies of each photo: 50,000 paths are what `--json` lists. */
const COPIES = 5;

Deno.test("gc: 50,000 superseded copies are listed (--json) under a 14 MiB heap and collected under 12 MiB", async () => {
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
  assert.equal(await supersedeEveryFile(w.dest, COPIES), PHOTOS * COPIES);

  // --json lists every copy: on disk until printed, not in the heap. The run needs 10 MiB of it
  // (9 ran out, measured) whatever the count; with the paths in the heap it ran out at 14 MiB.
  const listing = ["-A", `--v8-flags=${[...V8_FLAGS, "--max-old-space-size=14"].join(",")}`];
  const dry = await runCli(["gc", "--superseded", "--dest", w.dest, "--dry-run", "--json"], {
    env: w.env,
    permissions: listing,
  });
  assert.doesNotMatch(dry.stderr, /out of memory/i);
  assert.equal(dry.code, 0, dry.stderr.slice(-2000));
  const listed = dry.json<{ removed: number; files: string[]; kept: unknown[] }>();
  assert.equal(listed.removed, PHOTOS * COPIES);
  assert.equal(new Set(listed.files).size, PHOTOS * COPIES);
  assert.ok(listed.files.every((path) => path.startsWith(`${SUPERSEDED_DIR}/`)));
  assert.deepEqual(listed.kept, []);

  const capped = ["-A", `--v8-flags=${[...V8_FLAGS, "--max-old-space-size=12"].join(",")}`];
  const gc = await runCli(["gc", "--superseded", "--dest", w.dest], {
    env: w.env,
    permissions: capped,
  });
  assert.doesNotMatch(gc.stderr, /out of memory/i);
  assert.equal(gc.code, 0, gc.stderr.slice(-2000));
  assert.match(gc.stderr, /gc: removed 50000 superseded file\(s\)/);
  const left = await Array.fromAsync(Deno.readDir(join(w.dest, SUPERSEDED_DIR))).catch(() => []);
  assert.deepEqual(left, [], "every copy is gone, and its emptied folders");
});
