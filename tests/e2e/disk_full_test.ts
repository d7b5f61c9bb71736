import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { expectedByHash, isReady, libraryFiles, testLibrary } from "../support/library.ts";
import { canMountTmpfs, fillDisk, mountTmpfs } from "../support/tmpfs.ts";

const ignore = !(await canMountTmpfs());
if (ignore) {
  console.log("tmpfs cannot be mounted here (not root?): the disk-full tests are ignored");
}

/** stderr lines that are errors or warnings. */
function problemLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => /error|warning|rollback|\s{4}at /i.test(l));
}

Deno.test({
  name:
    "disk full before the run: one disk-full line naming DEST, the next night too; verify and status still read",
  ignore,
  async fn() {
    await using disk = await mountTmpfs("3m");
    await using t = await testLibrary({ itemCount: 20, seed: 3, videoSize: [50000, 60000] });
    const dest = join(disk.path, "photos");
    const first = await runCli(["backup", "--dest", dest], { env: t.env });
    assert.equal(first.code, 0, first.stderr);
    const files = await libraryFiles(dest);
    // Three files the next runs would have to fetch again, then nothing left on the disk.
    for (const file of files.slice(0, 3)) await Deno.remove(join(dest, file.path));
    await fillDisk(disk.path);

    for (const night of ["first", "second"]) {
      const run = await runCli(["backup", "--dest", dest], { env: t.env });
      assert.equal(run.code, 1, `${night} night: ${run.stderr}`);
      const problems = problemLines(run.stderr);
      assert.equal(problems.length, 1, `${night} night: ${run.stderr}`);
      assert.ok(problems[0].startsWith(`error: Cannot write to ${dest}: the disk is full`));
      assert.match(problems[0], /free some space and run again/);
      assert.deepEqual(await libraryFiles(dest), files.slice(3));
    }

    const verify = await runCli(["verify", "--dest", dest, "--json"], { env: t.env });
    assert.equal(verify.code, 1, verify.stderr);
    const report = verify.json<{ checked: number; ok: number; missing: string[] }>();
    assert.deepEqual(report.missing.sort(), files.slice(0, 3).map((f) => f.path).sort());
    assert.equal(report.ok, files.length - 3);
    assert.doesNotMatch(verify.stderr, /unexpected|\s{4}at /);

    const status = await runCli(["status", "--dest", dest, "--json"], { env: t.env });
    assert.doesNotMatch(status.stderr, /unexpected|\s{4}at /);
    assert.equal(status.json<{ totalItems: number }>().totalItems, files.length);
    assert.match(status.stderr, /warning: .*disk .* is almost full/);
  },
});

Deno.test({
  name:
    "disk full mid-run: one line, only complete files, no temp files; with room again the run completes without duplicates",
  ignore,
  async fn() {
    await using disk = await mountTmpfs("600k");
    await using t = await testLibrary({
      itemCount: 24,
      seed: 5,
      photoSize: [30000, 40000],
      videoSize: [100000, 120000],
    });
    const dest = join(disk.path, "photos");
    const full = await runCli(["backup", "--dest", dest, "--json"], { env: t.env });
    assert.equal(full.code, 1, full.stderr);
    const problems = problemLines(full.stderr);
    assert.equal(problems.length, 1, full.stderr);
    assert.ok(problems[0].startsWith(`error: Cannot write to ${dest}: the disk is full`));
    assert.equal(full.json<RunJson>().failed, 0, "no item is blamed for the disk");
    const expected = await expectedByHash(t.sim, t.sim.items);
    const partial = await libraryFiles(dest);
    assert.ok(partial.length > 0 && partial.length < t.sim.items.filter(isReady).length);
    for (const file of partial) assert.ok(expected.has(file.sha256), `${file.path} is incomplete`);
    assert.ok(partial.every((f) => !f.path.includes(".part")), "a temp file was left behind");

    await disk.resize("8m");
    const again = await runCli(["backup", "--dest", dest, "--json"], { env: t.env });
    assert.equal(again.code, 0, again.stderr);
    const after = await libraryFiles(dest);
    assert.equal(after.length, t.sim.items.filter(isReady).length);
    assert.equal(new Set(after.map((f) => f.sha256)).size, after.length, "a second copy appeared");
  },
});
