import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { isReady, libraryFiles, removeIndex, testLibrary } from "../support/library.ts";

const INDEX = ".gphotos-nas/index.sqlite";

/** What an index is made of, to damage it in the ways a disk or a user does. */
const DAMAGE: Record<string, (dest: string) => Promise<void>> = {
  "garbage": async (dest) => {
    await removeIndex(dest);
    await Deno.writeTextFile(join(dest, INDEX), "this is not a database\n".repeat(300));
  },
  "truncated": async (dest) => {
    const bytes = await Deno.readFile(join(dest, INDEX));
    await removeIndex(dest);
    await Deno.writeFile(join(dest, INDEX), bytes.slice(0, Math.floor(bytes.length / 3)));
  },
};

for (const [kind, damage] of Object.entries(DAMAGE)) {
  Deno.test(`index: a ${kind} index stops backup, status and verify with one line naming it and the rebuild command; index rebuild restores it`, async () => {
    await using t = await testLibrary({ itemCount: 40, seed: 11 });
    assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
    const files = await libraryFiles(t.dest);
    await damage(t.dest);
    const damaged = await Deno.readFile(join(t.dest, INDEX));
    const media = t.sim.stats.mediaRequests;

    const line = new RegExp(
      `^error: Cannot open the index ${join(t.dest, INDEX)}: it is damaged \\(.+\\); nothing ` +
        `was changed — run \`gphotos-nas index rebuild --dest ${t.dest}\``,
    );
    for (const command of ["backup", "status", "verify"]) {
      const run = await runCli([command, "--dest", t.dest], { env: t.env });
      assert.equal(run.code, 2, `${command}: ${run.stderr}`);
      const lines = run.stderr.trim().split("\n");
      assert.equal(lines.length, 1, `${command}: ${run.stderr}`);
      assert.match(lines[0], line);
    }
    assert.equal(t.sim.stats.mediaRequests, media, "nothing was downloaded");
    assert.deepEqual(await libraryFiles(t.dest), files);
    assert.deepEqual(await Deno.readFile(join(t.dest, INDEX)), damaged);

    const rebuild = await runCli(["index", "rebuild", "--dest", t.dest, "--json"], { env: t.env });
    assert.equal(rebuild.code, 0, rebuild.stderr);
    assert.equal(rebuild.json<{ adopted: number }>().adopted, files.length);
    const aside = [...Deno.readDirSync(join(t.dest, ".gphotos-nas"))]
      .filter((e) => e.name.startsWith("index.sqlite.damaged-"));
    assert.equal(aside.length, 1, "the damaged index is kept aside");
    assert.deepEqual(await Deno.readFile(join(t.dest, ".gphotos-nas", aside[0].name)), damaged);

    const again = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json<RunJson>().downloaded, 0);
    assert.deepEqual(await libraryFiles(t.dest), files, "no second copy appeared");
    const status = await runCli(["status", "--dest", t.dest], { env: t.env });
    assert.equal(status.code, 0, status.stderr);
  });
}

for (const loss of ["deleted", "emptied"]) {
  Deno.test(`index: an index that was ${loss} is rebuilt from the files on disk: every photo once, and the ids known again`, async () => {
    await using t = await testLibrary({ itemCount: 40, seed: 12 });
    const first = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
    assert.equal(first.code, 0, first.stderr);
    const files = await libraryFiles(t.dest);
    assert.equal(files.length, t.sim.items.filter(isReady).length);
    await removeIndex(t.dest);
    if (loss === "emptied") {
      await Deno.writeFile(join(t.dest, INDEX), new Uint8Array());
      const status = await runCli(["status", "--dest", t.dest], { env: t.env });
      assert.equal(status.code, 2, status.stderr);
      assert.equal(
        status.stderr.trim(),
        `error: Cannot read the index ${join(t.dest, INDEX)}: it is empty — run ` +
          `\`gphotos-nas index rebuild --dest ${t.dest}\` to rebuild it from the files on disk`,
      );
    }

    const second = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.json<RunJson>().downloaded, 0);
    assert.equal(second.json<RunJson>().skipped, files.length);
    assert.match(
      second.stderr,
      new RegExp(`index: recording the ${files.length} file\\(s\\) found`),
    );
    assert.deepEqual(await libraryFiles(t.dest), files, "no second copy appeared");

    const media = t.sim.stats.mediaRequests;
    const third = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
    assert.equal(third.json<RunJson>().skipped, files.length);
    assert.equal(t.sim.stats.mediaRequests, media, "known by id again: nothing fetched to compare");
  });
}

Deno.test("index: a library copied to a new disk without its hidden folder is adopted, not downloaded twice", async () => {
  await using t = await testLibrary({ itemCount: 30, seed: 13 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const files = await libraryFiles(t.dest);
  const copy = await Deno.makeTempDir({ prefix: "gphotos-nas-copy-" });
  try {
    for (const file of files) {
      await Deno.mkdir(join(copy, file.path, ".."), { recursive: true });
      await Deno.copyFile(join(t.dest, file.path), join(copy, file.path));
    }
    await Deno.writeTextFile(join(copy, "notes.txt"), "the user's own notes");
    const rebuild = await runCli(["index", "rebuild", "--dest", copy, "--json"], { env: t.env });
    assert.equal(rebuild.code, 0, rebuild.stderr);
    const summary = rebuild.json<{ scanned: number; adopted: number; notMedia: string[] }>();
    assert.equal(summary.adopted, files.length);
    assert.deepEqual(summary.notMedia, ["notes.txt"]);
    assert.match(rebuild.stderr, /index rebuild: \d+ file\(s\) looked at, \d+ recorded/);

    const run = await runCli(["backup", "--dest", copy, "--json"], { env: t.env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json<RunJson>().downloaded, 0);
    assert.equal((await libraryFiles(copy)).length, files.length + 1);
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});
