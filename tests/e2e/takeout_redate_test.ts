import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import { importWorkspace } from "../support/workspace.ts";
import { writeExport } from "../../src/simulator/takeout/mod.ts";
import { namingCorpusExport } from "../../src/simulator/takeout/naming/naming_corpus.ts";

/**
 * The last commit whose Takeout import paired sidecars by the previous rules (numbered cut names
 * taking the unnumbered sidecar, titles without extension never found, `-effects` and the like
 * unknown, `.MP` videos without their still left undated).
 */
const OLD_RULES = "8fedc111341610bdb0d1cb627bbc8355f0cc2a51";

/** That commit's source tree in `dir`, or why it cannot be had (a shallow clone, no git). */
async function oldCheckout(dir: string): Promise<string | undefined> {
  const archive = await new Deno.Command("git", {
    args: ["-C", ROOT, "archive", "--format=tar", OLD_RULES],
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => ({
    success: false,
    stderr: new TextEncoder().encode(String(error)),
  }));
  if (!archive.success) return new TextDecoder().decode(archive.stderr).trim() || "git failed";
  await Deno.mkdir(dir);
  const tar = new Deno.Command("tar", { args: ["-x", "-C", dir], stdin: "piped" }).spawn();
  const writer = tar.stdin.getWriter();
  await writer.write((archive as Deno.CommandOutput).stdout);
  await writer.close();
  return (await tar.status).success ? undefined : "tar failed";
}

/** Each album link that does not lead to a library file: `link → target`. */
async function brokenLinks(dest: string): Promise<string[]> {
  const broken: string[] = [];
  for await (const album of Deno.readDir(join(dest, "albums"))) {
    for await (const link of Deno.readDir(join(dest, "albums", album.name))) {
      const path = join(dest, "albums", album.name, link.name);
      if (!(await Deno.stat(path).catch(() => null))?.isFile) {
        broken.push(`${album.name}/${link.name} → ${await Deno.readLink(path)}`);
      }
    }
  }
  return broken;
}

Deno.test("import again with the fixed pairing: files an earlier version misfiled move to their day", async (t) => {
  await using w = await importWorkspace("redate", "UTC");
  const old = join(w.dir, "old");
  const why = await oldCheckout(old);
  if (why) {
    console.log(`skipped: no checkout of ${OLD_RULES.slice(0, 8)} (${why})`);
    return;
  }
  const corpus = await namingCorpusExport();
  const parts = await writeExport(w.dir, "takeout-20261201T000000Z", corpus.files, {
    format: "zip",
    parts: 3,
  });
  const args = ["import", ...parts, "--dest", w.dest, "--albums", "links", "--json"];

  // The library as the previous version left it: some files undated, some on another's day.
  const before = await runCli(args, { env: w.env, root: old });
  assert.equal(before.code, 0, before.stderr);
  const placed = new Map((await libraryFiles(w.dest)).map((f) => [f.sha256, f.path]));
  const folderOf = (path: string | undefined) => path?.slice(0, path.lastIndexOf("/"));
  const misfiled = corpus.expected.filter((e) => folderOf(placed.get(e.sha256)) !== e.folder);
  assert.ok(misfiled.length > 0, "the old rules misfile some corpus files");
  // A file the old rules dated with another file's sidecar and the new ones leave undated stays:
  // a record without a sidecar cannot tell a refused sidecar from one in a part not at hand.
  const stays = new Map(
    misfiled.filter((e) => e.folder === "unknown-date")
      .map((e) => [e.sha256, folderOf(placed.get(e.sha256))]),
  );

  await t.step("the fixed version moves them, writing no second copy", async () => {
    const again = await runCli(args, { env: w.env });
    assert.equal(again.code, 0, again.stderr);
    const json = again.json<RunJson & { redated: number }>();
    assert.equal(json.downloaded, 0);
    const moved = misfiled.length - stays.size;
    console.log(
      `old rules misfiled ${misfiled.length} file(s); ${moved} moved, ${stays.size} stay`,
    );
    assert.equal(json.redated, moved);
    assert.match(again.stderr, new RegExp(`summary: .*redated=${moved}\\b`));

    const files = await libraryFiles(w.dest);
    const media = files.filter((f) => !f.path.startsWith("albums/"));
    assert.equal(media.length, corpus.expected.length, "one copy of each file");
    const where = new Map(media.map((f) => [f.sha256, f.path]));
    const wrong = corpus.expected
      .filter((e) => folderOf(where.get(e.sha256)) !== (stays.get(e.sha256) ?? e.folder))
      .map((e) => `case ${e.caseNumber}: ${e.name} → ${where.get(e.sha256)}, expected ${e.folder}`);
    assert.deepEqual(wrong, []);
  });

  await t.step("each moved file's XMP sidecar and album links went with it", async () => {
    const withXmp = await libraryFiles(w.dest, { sidecars: true });
    const paths = new Set(withXmp.map((f) => f.path));
    for (const f of withXmp) {
      if (f.path.endsWith(".xmp")) {
        assert.ok(paths.has(f.path.slice(0, -4)), `${f.path} beside its file`);
      } else if (!f.path.startsWith("albums/")) {
        assert.ok(paths.has(`${f.path}.xmp`), `${f.path} has its sidecar`);
      }
    }
    assert.deepEqual(await brokenLinks(w.dest), []);
    const verify = await runCli(["verify", "--dest", w.dest], { env: w.env });
    assert.equal(verify.code, 0, verify.stderr + verify.stdout);
  });

  await t.step("a third import finds nothing to move", async () => {
    const third = await runCli(args, { env: w.env });
    assert.equal(third.code, 0, third.stderr);
    assert.equal(third.json<{ redated: number }>().redated, 0);
  });
});
