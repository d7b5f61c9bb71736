/**
 * Memory flat in the number of files (issue 22): an export of 20,000 entries (10,000 small photos
 * and their sidecars, in 2 zip parts) imports under a 64 MiB V8 heap, with the binary's own V8
 * flags. Before pass 1 and the after-run check were made compact, the same import ran out of heap
 * in its first seconds ("Fatal JavaScript out of memory"): a heap cap makes the test deterministic
 * where a peak-RSS threshold would depend on the machine. A dry run of 200,000 entries pins pass 1
 * and the records decided: it ran out of a 48 MiB heap while pass 1 held 2–3 KB per photo in JS
 * objects, and of a 28 MiB heap while a zip entry object and a Takeout key per photo were kept. The
 * same dry run of an extracted folder ran out of a 28 MiB heap while the folder was listed whole
 * (an entry object per file, sorted) before pass 1 read it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { type ImportWorkspace, importWorkspace } from "../support/workspace.ts";
import { writeManyExport, writeManyFolder } from "../../src/simulator/takeout/mod.ts";
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

/**
 * A dry run of `inputs` under a 28 MiB heap: it completes and would download each of `photos`.
 */
async function dryRunUnder28MiB(
  w: ImportWorkspace,
  inputs: string[],
  photos: number,
): Promise<void> {
  const capped = ["-A", `--v8-flags=${[...V8_FLAGS, "--max-old-space-size=28"].join(",")}`];
  const run = await runCli([
    "import",
    ...inputs,
    "--dest",
    w.dest,
    "--dry-run",
    "--json",
    "--quiet",
  ], {
    env: w.env,
    permissions: capped,
  });
  assert.doesNotMatch(run.stderr, /out of memory/i);
  assert.equal(run.code, 0, run.stderr.slice(-2000));
  const summary = run.json<RunJson & { wouldDownload: number }>();
  assert.equal(summary.wouldDownload, photos);
  assert.equal(summary.failed, 0);
}

Deno.test("import: 200,000 entries learned and decided under a 28 MiB heap (dry run)", async () => {
  // Nothing is kept per file to the end of the run: pass 1 keeps what it learns in a temporary
  // SQLite database, with each zip entry's spot (not an entry object), and the after-run check's
  // Takeout keys go there too. While an entry object and a key per photo stayed in memory, this
  // export ran out of a 28 MiB heap; with JS objects for pass 1 it ran out of 48 MiB.
  await using w = await importWorkspace("memory-pass1", "UTC");
  const photos = 100_000;
  const parts = await writeManyExport(w.dir, {
    photos,
    parts: 4,
    size: [800, 1_200],
    stem: "takeout-20261101T000000Z",
  });
  await dryRunUnder28MiB(w, parts, photos);
});

Deno.test("import: an extracted folder of 100,000 entries learned and decided under a 28 MiB heap (dry run)", async () => {
  // A folder is walked as pass 1 reads it, one folder's listing at a time. While the whole tree
  // was listed first (an entry object per file, sorted), this export ran out of a 28 MiB heap.
  await using w = await importWorkspace("memory-folder", "UTC");
  const photos = 50_000;
  const folder = await writeManyFolder(w.dir, {
    photos,
    parts: 1,
    size: [800, 1_200],
    stem: "takeout-20261101T000000Z",
  });
  await dryRunUnder28MiB(w, [folder], photos);
});
