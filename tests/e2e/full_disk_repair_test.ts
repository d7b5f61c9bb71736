import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import { sameLibrary } from "../support/same_photos.ts";
import { canMountTmpfs, fillDisk, mountTmpfs } from "../support/tmpfs.ts";

const ignore = !(await canMountTmpfs());
if (ignore) {
  console.log("tmpfs cannot be mounted here (not root?): the full-disk repair tests are ignored");
}

/** stderr lines that are errors or warnings. */
const problems = (stderr: string) =>
  stderr.split("\n").filter((l) => /error|warning|\s{4}at /i.test(l));

Deno.test({
  name: "gc --superseded on a full disk removes the copies (deleting before it writes)",
  ignore,
  async fn() {
    await using disk = await mountTmpfs("4m");
    await using w = await sameLibrary();
    const dest = join(disk.path, "photos");
    assert.equal((await runCli(["pick", "--dest", dest, "--no-qr"], { env: w.env })).code, 0);
    const imported = await runCli(["import", ...w.parts, "--dest", dest, "--json"], {
      env: w.env,
    });
    assert.equal(imported.code, 0, imported.stderr);
    assert.ok(imported.json<RunJson>().upgraded > 0);
    const before = await libraryFiles(dest);
    await fillDisk(disk.path);
    const gc = await runCli(["gc", "--superseded", "--dest", dest, "--json"], { env: w.env });
    assert.doesNotMatch(gc.stderr, /internal error|\s{4}at /);
    assert.equal(gc.code, 0, gc.stderr);
    assert.equal(gc.json<{ removed: number }>().removed, imported.json<RunJson>().upgraded);
    assert.deepEqual(await libraryFiles(dest), before, "nothing else was touched");
  },
});

Deno.test({
  name:
    "verify --repair on a full disk: the disk-full line naming DEST; the sidecar is still reported",
  ignore,
  async fn() {
    await using disk = await mountTmpfs("4m");
    await using w = await sameLibrary();
    const dest = join(disk.path, "photos");
    assert.equal((await runCli(["pick", "--dest", dest, "--no-qr"], { env: w.env })).code, 0);
    const [file] = await libraryFiles(dest);
    await Deno.remove(join(dest, `${file.path}.xmp`));
    await fillDisk(disk.path);
    const repair = await runCli(["verify", "--repair", "--dest", dest], { env: w.env });
    assert.equal(repair.code, 1, repair.stderr);
    const lines = problems(repair.stderr).filter((l) => !l.startsWith("error: missing sidecar"));
    assert.equal(lines.length, 1, repair.stderr);
    assert.ok(lines[0].startsWith(`error: Cannot write to ${dest}: the disk is full`), lines[0]);
    const verify = await runCli(["verify", "--dest", dest, "--json"], { env: w.env });
    assert.deepEqual(verify.json<{ missingSidecars: string[] }>().missingSidecars, [
      `${file.path}.xmp`,
    ]);
  },
});
