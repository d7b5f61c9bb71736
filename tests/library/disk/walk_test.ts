import assert from "node:assert/strict";
import { join } from "node:path";
import {
  contentFolders,
  MISSING_IS_EMPTY,
  PASS_OVER,
  readFolder,
  recordUnreadable,
  STOP,
  walkFolders,
} from "../../../src/library/disk/walk.ts";

/** Writes empty files (and their folders) under `root`. */
async function put(root: string, ...paths: string[]): Promise<void> {
  for (const path of paths) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeFile(join(root, path), new Uint8Array());
  }
}

async function walked(root: string, options = {}): Promise<[string, string[]][]> {
  const out: [string, string[]][] = [];
  for await (const { folder, entries } of walkFolders(root, options)) {
    out.push([folder, entries.map((e) => e.name)]);
  }
  return out;
}

Deno.test("walk: a folder's entries in name order, then each sub-folder; links listed, never entered", async () => {
  const root = await Deno.makeTempDir();
  try {
    await put(root, "b/2.jpg", "b/1.jpg", "a/x/deep.jpg", "top.jpg", "B.jpg");
    await Deno.symlink(join(root, "a"), join(root, "link"));
    assert.deepEqual(await walked(root), [
      ["", ["B.jpg", "a", "b", "link", "top.jpg"]],
      ["a", ["x"]],
      ["a/x", ["deep.jpg"]],
      ["b", ["1.jpg", "2.jpg"]],
    ]);
    // `from` starts below the root, paths stay relative to it; `skip` is neither listed nor entered.
    assert.deepEqual(await walked(root, { from: "a", skip: (path: string) => path === "a/x" }), [
      ["a", []],
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("walk: each policy for a folder it cannot list (missing, not a folder) is explicit", async () => {
  const root = await Deno.makeTempDir();
  try {
    await put(root, "file.jpg");
    const missing = join(root, "gone");
    const notFolder = join(root, "file.jpg");
    await assert.rejects(readFolder(missing), Deno.errors.NotFound);
    await assert.rejects(readFolder(missing, STOP), Deno.errors.NotFound);
    assert.deepEqual(await readFolder(missing, MISSING_IS_EMPTY), []);
    await assert.rejects(readFolder(notFolder, MISSING_IS_EMPTY), Deno.errors.NotADirectory);
    assert.deepEqual(await readFolder(missing, PASS_OVER), []);
    assert.deepEqual(await readFolder(notFolder, PASS_OVER), []);
    const seen: string[] = [];
    assert.deepEqual(await walked(root, { from: "gone", unlistable: PASS_OVER }), []);
    await assert.rejects(walked(root, { from: "gone" }), Deno.errors.NotFound);
    // recordUnreadable records only what this user may not read: a missing folder still stops.
    await assert.rejects(
      walked(root, { from: "gone", unlistable: recordUnreadable(seen) }),
      Deno.errors.NotFound,
    );
    assert.deepEqual(seen, []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("walk: recordUnreadable names a sub-folder it may not read and goes on; the root stops it", async () => {
  const root = await Deno.makeTempDir();
  try {
    await put(root, "A/1.jpg", "Private/diary.txt", "Z/2.jpg");
    const script = join(root, "walk.ts");
    const walk = new URL("../../../src/library/disk/walk.ts", import.meta.url).href;
    await Deno.writeTextFile(
      script,
      `import { recordUnreadable, walkFolders } from ${JSON.stringify(walk)};
const unreadable: string[] = [];
const folders: string[] = [];
try {
  for await (const { folder } of walkFolders(Deno.args[0], { unlistable: recordUnreadable(unreadable) })) {
    folders.push(folder);
  }
  console.log(JSON.stringify({ folders, unreadable }));
} catch (error) {
  console.log(JSON.stringify({ error: (error as Error).name }));
}`,
    );
    // Deno's --deny-read stands in for a folder owned by another user (the tests may run as root).
    const run = async (denied: string) => {
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", `--allow-read=${root}`, `--deny-read=${denied}`, script, root],
        stderr: "inherit",
      }).output();
      return JSON.parse(new TextDecoder().decode(output.stdout));
    };
    assert.deepEqual(await run(join(root, "Private")), {
      folders: ["", "A", "Z"],
      unreadable: ["Private"],
    });
    assert.deepEqual(await run(join(root, "none")).then((r) => r.unreadable), []);
    assert.deepEqual(await run(root), { error: "NotCapable" });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("walk: the library's content leaves out state, album links, sidecars, temp files and NAS litter", async () => {
  const root = await Deno.makeTempDir();
  try {
    await put(
      root,
      "2020/b.jpg",
      "2020/a.jpg",
      "2020/a.jpg.xmp",
      "2020/.gphotos-nas-w1-abc.part",
      "2020/@eaDir/a.jpg/SYNOPHOTO_THUMB_M.jpg",
      ".gphotos-nas/index.db",
      "albums/Trip/a.jpg",
      "x/albums/c.jpg",
    );
    const folders: string[][] = [];
    for await (const files of contentFolders(root)) folders.push(files);
    assert.deepEqual(folders, [["2020/a.jpg", "2020/b.jpg"], ["x/albums/c.jpg"]]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
