import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { runCli, type RunJson, spawnCli } from "../support/cli.ts";
import { reimportExports } from "../../scripts/bench/reimport.ts";
import { libraryFiles } from "../support/library.ts";
import {
  changedInPlace,
  firstExport,
  secondExport,
  sha256,
  writeExport,
} from "../../src/simulator/takeout/mod.ts";
import { importWorkspace } from "../support/workspace.ts";

const ZONE = "Europe/Berlin";
type ImportJson = RunJson & { recognized: number };

function workspace() {
  return importWorkspace("reimport", ZONE);
}

/** Imports a changed export of DSC01234.JPG and checks both versions are in the library. */
async function assertChangedVersionStored(
  w: Awaited<ReturnType<typeof workspace>>,
  original: Uint8Array,
) {
  const first = await firstExport(ZONE);
  const changed = changedInPlace(first, "DSC01234.JPG");
  assert.notEqual(changed.expected[0].sha256, sha256(original));
  const parts = await writeExport(w.dir, "takeout-20261201T000000Z", changed.files, {
    format: "zip",
    parts: 2,
  });
  const again = await runCli(["import", ...parts, "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(again.code, 0, again.stderr);
  const summary = again.json<ImportJson>();
  assert.equal(summary.downloaded, 1, "the changed file is read and stored");
  assert.equal(summary.recognized, first.expected.length - 1);
  const files = await libraryFiles(w.dest);
  const folder = changed.expected[0].folder;
  const old = files.find((f) => f.path === `${folder}/DSC01234.JPG`);
  assert.equal(old?.sha256, sha256(original), "the version stored first is never overwritten");
  const fresh = files.filter((f) => f.sha256 === changed.expected[0].sha256);
  assert.equal(fresh.length, 1, "the new bytes are in the library once");
  assert.match(fresh[0].path, new RegExp(`^${folder}/DSC01234_.+\\.JPG$`));

  // Its identity now holds the new version too: importing it again reads nothing.
  const third = await runCli(["import", ...parts, "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(third.json<ImportJson>().downloaded, 0);
  assert.equal(third.json<ImportJson>().recognized, first.expected.length);
}

Deno.test("import: a file whose bytes changed but not its name, size or time is stored, not skipped", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 2,
  });
  assert.equal((await runCli(["import", ...parts, "--dest", w.dest], { env: w.env })).code, 0);
  const original = first.files.find((f) => f.path.endsWith("/DSC01234.JPG"))!.bytes;
  await assertChangedVersionStored(w, original);
});

Deno.test("import: an item recorded before CRCs were is checked against its file's CRC", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 2,
  });
  assert.equal((await runCli(["import", ...parts, "--dest", w.dest], { env: w.env })).code, 0);
  // As an index written before the CRC column holds it: no CRC for any item.
  const db = new DatabaseSync(join(w.dest, ".gphotos-nas", "index.sqlite"));
  db.exec("UPDATE items SET crc32 = NULL");
  db.close();
  const original = first.files.find((f) => f.path.endsWith("/DSC01234.JPG"))!.bytes;
  await assertChangedVersionStored(w, original);
});

Deno.test("import: the summary says how many known files were recognised without reading them", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 2,
  });
  const initial = await runCli(["import", ...parts, "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(initial.json<ImportJson>().recognized, 0);
  const second = secondExport(ZONE, first);
  const later = await writeExport(w.dir, "takeout-20270101T000000Z", [
    ...first.files.slice(0, -1),
    ...second.files.slice(2),
    first.files.at(-1)!,
  ], { format: "zip", parts: 2 });
  const before = await libraryFiles(w.dest, { sidecars: true });
  const again = await runCli(["import", ...later, "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(again.code, 0, again.stderr);
  const summary = again.json<ImportJson>();
  assert.equal(summary.downloaded, 1);
  assert.equal(summary.recognized, first.expected.length);
  assert.equal(summary.skipped, first.expected.length);
  assert.match(
    again.stderr,
    new RegExp(`${first.expected.length} file\\(s\\) recognised as already in the library`),
  );
  // What was there is left as it was, XMP sidecars included.
  const after = await libraryFiles(w.dest, { sidecars: true });
  for (const file of before) {
    assert.ok(after.some((f) => f.path === file.path && f.sha256 === file.sha256), file.path);
  }
});

Deno.test("import: known entries of a tgz export are recognised and skipped unread", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "tgz",
    parts: 2,
  });
  assert.equal((await runCli(["import", ...parts, "--dest", w.dest], { env: w.env })).code, 0);
  const again = await runCli(["import", ...parts, "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json<ImportJson>().downloaded, 0);
  assert.equal(again.json<ImportJson>().recognized, first.expected.length);
  assert.equal(again.json<ImportJson>().bytes, 0);
});

Deno.test("import: a tgz whose photos are followed by their sidecars is read to the end", async () => {
  await using w = await workspace();
  const photos = await reimportExports(
    w.dir,
    { photos: 4, size: [50_000, 60_000], newShare: 0 },
    "tgz",
  );
  const child = spawnCli(["import", ...photos.first, "--dest", w.dest, "--json"], { env: w.env });
  // Before the fix the second photo's bytes never came: the run hung; it is killed after 60 s.
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [status, stdout] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  clearTimeout(timer);
  assert.equal(status.code, 0, "the import ends");
  assert.equal(
    JSON.parse(stdout).downloaded,
    4 + (await firstExport("UTC", "bench")).expected.length,
  );
});
