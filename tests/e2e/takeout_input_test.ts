import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import {
  localizedExport,
  sha256,
  sourceTreeFiles,
  writeExport,
  writeZip,
} from "../../src/simulator/takeout/mod.ts";
import { importWorkspace } from "../support/workspace.ts";

function workspace() {
  return importWorkspace("input", "UTC");
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("import <folder of takeout archives>: refused with the --inbox command, nothing written", async () => {
  await using w = await workspace();
  const downloads = join(w.dir, "Downloads");
  await Deno.mkdir(downloads);
  await writeExport(downloads, "takeout-20261101T000000Z", localizedExport("en", "UTC").files, {
    format: "zip",
    parts: 2,
  });
  const result = await runCli(["import", downloads, "--dest", w.dest], { env: w.env });
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /Cannot import .*Downloads: it is a folder of Takeout archives/);
  assert.ok(
    lines[0].includes(`gphotos-nas import --inbox ${downloads} --dest ${w.dest}`),
    lines[0],
  );
  assert.equal(await exists(w.dest), false, "nothing written");
});

Deno.test("import <zip of a source tree>: refused in one line (exit 2), nothing written", async () => {
  await using w = await workspace();
  const zip = join(w.dir, "project.zip");
  await writeZip(zip, sourceTreeFiles());
  const result = await runCli(["import", zip, "--dest", w.dest], { env: w.env });
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /Cannot import .*project\.zip: it holds no Google Photos export/);
  assert.equal(await exists(w.dest), false, "nothing written");

  // The same tree as an extracted folder is refused too.
  const folder = join(w.dir, "project");
  await Deno.mkdir(join(folder, "src"), { recursive: true });
  await Deno.writeTextFile(join(folder, "src", "main.ts"), "console.log(1);\n");
  const again = await runCli(["import", folder, "--dest", w.dest], { env: w.env });
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /Cannot import .*project: it holds no Google Photos export/);
  assert.equal(await exists(w.dest), false, "nothing written");
});

Deno.test("import --inbox --delete-after: a non-Takeout zip is skipped, reported and never deleted", async () => {
  await using w = await workspace();
  const inbox = join(w.dir, "inbox");
  await Deno.mkdir(inbox);
  const stray = join(inbox, "takeout-20260101T000000Z-001.zip");
  await writeZip(stray, sourceTreeFiles());
  const real = localizedExport("de", "UTC");
  const parts = await writeExport(inbox, "takeout-20261101T000000Z", real.files, {
    format: "zip",
    parts: 1,
  });
  const result = await runCli(
    [
      "import",
      "--inbox",
      inbox,
      "--dest",
      w.dest,
      "--settle-seconds",
      "0",
      "--delete-after",
      "--json",
    ],
    { env: w.env },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<RunJson>().downloaded, real.expected.length);
  assert.match(
    result.stderr,
    /skipping takeout-20260101T000000Z: it holds no Google Photos export/,
  );
  assert.ok(await exists(stray), "the stray zip is left in place");
  for (const part of parts) assert.equal(await exists(part), false, "the real export was deleted");
  const stored = new Set((await libraryFiles(w.dest)).map((f) => f.sha256));
  for (const file of sourceTreeFiles()) {
    assert.ok(!stored.has(sha256(file.bytes)), `${file.path} is not in the library`);
  }
});

Deno.test("import: a .zip inside an extracted Takeout is never imported as media", async () => {
  await using w = await workspace();
  const fixture = localizedExport("en", "UTC");
  const root = join(w.dir, "extracted");
  for (const file of fixture.files) {
    await Deno.mkdir(join(root, file.path, ".."), { recursive: true });
    await Deno.writeFile(join(root, file.path), file.bytes);
  }
  const nested = join(root, "Takeout/Google Photos/Photos from 2022");
  await writeZip(join(nested, "takeout-20250101T000000Z-001.zip"), fixture.files.slice(0, 2));
  const result = await runCli(["import", root, "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(result.code, 0, result.stderr);
  const files = await libraryFiles(w.dest);
  assert.ok(!files.some((f) => /\.zip$/.test(f.path)), files.map((f) => f.path).join("\n"));
  assert.equal(files.length, fixture.expected.length);
});

Deno.test("import <folder>: Takeout/, its Photos folder, and parts extracted side by side are accepted", async () => {
  await using w = await workspace();
  const fixture = localizedExport("it", "UTC");
  const sideBySide = join(w.dir, "estratto");
  for (const file of fixture.files) {
    const path = join(sideBySide, "takeout-20261101T000000Z-001", file.path);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeFile(path, file.bytes);
  }
  const takeout = join(sideBySide, "takeout-20261101T000000Z-001", "Takeout");
  for (const [i, folder] of [sideBySide, takeout, join(takeout, "Google Foto")].entries()) {
    const dest = join(w.dir, `library-${i}`);
    const result = await runCli(["import", folder, "--dest", dest, "--json"], { env: w.env });
    assert.equal(result.code, 0, `${folder}: ${result.stderr}`);
    assert.equal(result.json<RunJson>().downloaded, fixture.expected.length, folder);
  }
});
