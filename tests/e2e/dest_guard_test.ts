import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";
import { canMountTmpfs, mountTmpfs } from "../support/tmpfs.ts";
import { firstExport, writeExport } from "../../src/simulator/takeout/mod.ts";

const noTmpfs = !(await canMountTmpfs());

/** A real one-part export, so `import` gets past its own input checks to the --dest ones. */
async function anExport(dir: string): Promise<string> {
  const { files } = await firstExport("Europe/Berlin");
  const [part] = await writeExport(dir, "takeout-20261101T000000Z", files, {
    format: "zip",
    parts: 1,
  });
  return part;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

Deno.test("dest: a --dest whose parent does not exist (an unmounted volume) is refused and nothing is created", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 21 });
  const volume = join(t.dest, "volume2");
  const dest = join(volume, "photos");
  const part = await anExport(t.dest);
  for (const command of [["backup"], ["import", part]]) {
    const run = await runCli([...command, "--dest", dest], { env: t.env });
    assert.equal(run.code, 2, run.stderr);
    assert.equal(
      run.stderr.trim(),
      `error: Cannot use --dest ${dest}: its parent folder ${volume} does not exist — is the ` +
        "volume mounted? Create the parent folder first if this is really where the library goes",
    );
    assert.equal(await exists(volume), false);
  }
});

Deno.test("dest: a library carries a marker and the config folder remembers it", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 22 });
  const dest = join(t.dest, "photos");
  assert.equal((await runCli(["backup", "--dest", dest], { env: t.env })).code, 0);
  const marker = JSON.parse(await Deno.readTextFile(join(dest, ".gphotos-nas/library.json")));
  assert.match(marker.id, /^[0-9a-f-]{36}$/);
  const registry = JSON.parse(await Deno.readTextFile(join(t.configDir, "libraries.json")));
  assert.equal(registry.libraries[dest].id, marker.id);
});

Deno.test({
  name: "dest: an unmounted volume's empty mount point is refused, not filled with a new library",
  ignore: noTmpfs,
  async fn() {
    await using t = await testLibrary({ itemCount: 12, seed: 23 });
    const volume = await mountTmpfs("4m");
    const dest = join(volume.path, "photos");
    assert.equal((await runCli(["backup", "--dest", dest], { env: t.env })).code, 0);
    await volume[Symbol.asyncDispose]();
    await Deno.mkdir(volume.path); // the mount point stays, empty, on the system disk

    const part = await anExport(t.dest);
    for (const command of [["backup"], ["import", part], ["status"]]) {
      const run = await runCli([...command, "--dest", dest], { env: t.env });
      assert.equal(run.code, 2, run.stderr);
      const lines = run.stderr.trim().split("\n");
      assert.equal(lines.length, 1, run.stderr);
      assert.match(
        lines[0],
        new RegExp(
          `^error: Cannot use --dest ${dest}: it held the library [0-9a-f]{8} \\(used here ` +
            "since \\d{4}-\\d\\d-\\d\\d\\) but its .gphotos-nas/library.json is gone — is the " +
            "volume mounted\\? If the library was moved or deleted on purpose, run " +
            `\`gphotos-nas index rebuild --dest ${dest}\``,
        ),
      );
    }
    assert.deepEqual([...Deno.readDirSync(volume.path)], [], "nothing was written");
    await Deno.remove(volume.path);
  },
});

Deno.test("dest: another library at a remembered path is refused until index rebuild adopts it", async () => {
  await using t = await testLibrary({ itemCount: 12, seed: 24 });
  const dest = join(t.dest, "photos");
  const other = join(t.dest, "other");
  assert.equal((await runCli(["backup", "--dest", dest], { env: t.env })).code, 0);
  assert.equal((await runCli(["backup", "--dest", other], { env: t.env })).code, 0);
  const files = await libraryFiles(dest);
  // The other disk ends up where the first one was.
  await Deno.rename(dest, join(t.dest, "first"));
  await Deno.rename(other, dest);

  const refused = await runCli(["backup", "--dest", dest], { env: t.env });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(
    refused.stderr.trim(),
    new RegExp(
      `^error: Cannot use --dest ${dest}: it holds the library [0-9a-f]{8}, not the library ` +
        "[0-9a-f]{8} used here since [0-9-]{10} — is the right volume mounted\\? If this library " +
        `belongs here now, run \`gphotos-nas index rebuild --dest ${dest}\` to adopt it$`,
    ),
  );

  const rebuild = await runCli(["index", "rebuild", "--dest", dest], { env: t.env });
  assert.equal(rebuild.code, 0, rebuild.stderr);
  const run = await runCli(["backup", "--dest", dest, "--json"], { env: t.env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.json<RunJson>().downloaded, 0);
  assert.deepEqual(await libraryFiles(dest), files);
});
