/**
 * Memory flat in the number of files (issue 22): an export of 20,000 entries (10,000 small photos
 * and their sidecars, in 2 zip parts) imports under a 64 MiB V8 heap, with the binary's own V8
 * flags. Before pass 1 and the after-run check were made compact, the same import ran out of heap
 * in its first seconds ("Fatal JavaScript out of memory"): a heap cap makes the test deterministic
 * where a peak-RSS threshold would depend on the machine.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { importWorkspace } from "../support/workspace.ts";
import { writeManyExport } from "../../src/simulator/takeout/mod.ts";
import { V8_FLAGS } from "../../scripts/compile.ts";

const PHOTOS = 10_000;

/** Counts the files under `dir` whose name matches `pattern`. */
async function countFiles(dir: string, pattern: RegExp): Promise<number> {
  let count = 0;
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) count += await countFiles(path, pattern);
    else if (pattern.test(entry.name)) count++;
  }
  return count;
}

Deno.test("import: 20,000 entries import under a 64 MiB heap, and again recognised", async () => {
  await using w = await importWorkspace("memory", "UTC");
  const parts = await writeManyExport(w.dir, {
    photos: PHOTOS,
    parts: 2,
    size: [800, 1_200],
    stem: "takeout-20261101T000000Z",
  });
  const capped = ["-A", `--v8-flags=${[...V8_FLAGS, "--max-old-space-size=64"].join(",")}`];
  const args = ["import", ...parts, "--dest", w.dest, "--json", "--quiet"];
  const first = await runCli(args, { env: w.env, permissions: capped });
  assert.doesNotMatch(first.stderr, /out of memory/i);
  assert.equal(first.code, 0, first.stderr.slice(-2000));
  const summary = first.json<RunJson>();
  assert.equal(summary.downloaded, PHOTOS);
  assert.equal(summary.failed, 0);
  assert.equal(await countFiles(w.dest, /^IMG_\d{6}\.jpg$/), PHOTOS, "every photo is on disk");

  // The re-import recognises every file under the same cap.
  const again = await runCli(args, { env: w.env, permissions: capped });
  assert.equal(again.code, 0, again.stderr.slice(-2000));
  const second = again.json<RunJson & { recognized: number }>();
  assert.equal(second.downloaded, 0);
  assert.equal(second.recognized, PHOTOS);
});
