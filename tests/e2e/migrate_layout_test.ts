import assert from "node:assert/strict";
import { join } from "node:path";
import { buildAlbumLinks } from "../../src/library/layout/albums.ts";
import { openLibrary } from "../../src/library/mod.ts";
import { defaultRetryPolicy } from "../../src/net/retry.ts";
import { createLogger } from "../../src/ui/log.ts";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";
import { memoryRecord } from "../support/records.ts";
import { firstExport, writeExport } from "../../src/simulator/takeout/mod.ts";

const ZONE = "Europe/Berlin";

/** Every folder under `dest` (outside the state folder) and every symbolic link. */
async function tree(dest: string) {
  const folders: { path: string; entries: number }[] = [];
  const links: { path: string; target: string; resolves: boolean }[] = [];
  async function walk(dir: string, prefix: string) {
    let entries = 0;
    for await (const entry of Deno.readDir(dir)) {
      entries++;
      if (prefix === "" && entry.name === ".gphotos-nas") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path, `${prefix}${entry.name}/`);
      if (entry.isSymlink) {
        links.push({
          path: `${prefix}${entry.name}`,
          target: await Deno.readLink(path),
          resolves: await Deno.stat(path).then((i) => i.isFile, () => false),
        });
      }
    }
    if (prefix !== "") folders.push({ path: prefix.slice(0, -1), entries });
  }
  await walk(dest, "");
  return { folders, links };
}

Deno.test("--migrate-layout: album links follow their files, emptied folders go, verify passes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-migrate-" });
  try {
    const dest = join(dir, "library");
    const env = { GPHOTOS_NAS_CONFIG_DIR: join(dir, "config"), TZ: ZONE };
    const first = await firstExport(ZONE);
    const parts = await writeExport(dir, "takeout-20261101T000000Z", first.files, {
      format: "zip",
      parts: 1,
    });
    const imported = await runCli(["import", ...parts, "--dest", dest, "--albums", "links"], {
      env,
    });
    assert.equal(imported.code, 0, imported.stderr);
    const before = await tree(dest);
    assert.ok(before.links.length >= 2);
    // Something that is not ours in an old folder: that folder must stay.
    const kept = first.expected[0].folder;
    await Deno.writeTextFile(join(dest, kept, ".DS_Store"), "Finder");

    const args = ["import", ...parts, "--dest", dest, "--albums", "links", "--json"];
    const migrated = await runCli(
      [...args, "--layout", "{yyyy}/{mm}/{dd}", "--migrate-layout"],
      { env },
    );
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.equal(migrated.json<{ albumLinks: number }>().albumLinks, 0, "links moved, none added");
    assert.match(migrated.stderr, /re-pointed \d+ album link\(s\)/);
    const after = await tree(dest);
    assert.deepEqual(after.links.map((l) => l.path), before.links.map((l) => l.path));
    for (const link of after.links) {
      assert.ok(link.resolves, `${link.path} -> ${link.target} resolves`);
      assert.match(link.target, /^\.\.\/\.\.\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/, "relative, new place");
    }
    for (const folder of after.folders) assert.ok(folder.entries > 0, `${folder.path} is empty`);
    assert.ok(
      after.folders.every((f) => !/^\d{4}\/\d{4}-\d{2}-\d{2}$/.test(f.path) || f.path === kept),
    );
    assert.deepEqual(
      [...Deno.readDirSync(join(dest, kept))].map((e) => e.name),
      [".DS_Store"],
      "a folder holding anything else is kept",
    );
    const verify = await runCli(["verify", "--dest", dest], { env });
    assert.equal(verify.code, 0, verify.stderr);
    const again = await runCli(args, { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json<{ albumLinks: number }>().albumLinks, 0, "an existing link counts");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--migrate-layout: suffixed album links keep pointing at their own files; a rebuild adds none", async () => {
  const dest = await Deno.makeTempDir();
  const open = (layout?: string) =>
    openLibrary(dest, {
      command: "test",
      timeZone: "UTC",
      layout,
      migrateLayout: layout !== undefined,
      log: createLogger({ write: () => {} }),
      signal: new AbortController().signal,
      policy: defaultRetryPolicy(0.0005),
      stallTimeoutMs: 1000,
    });
  try {
    const lib = await open();
    // Two files of one name in one album: the second link gets a suffix from its file's path.
    const album = { filename: "IMG_1.jpg", albums: ["Trip"] };
    await lib.writer.store(memoryRecord("a", "first", { ...album }));
    await lib.writer.store(
      memoryRecord("b", "second", { ...album, captureTime: new Date("2024-03-16T10:00:00Z") }),
    );
    assert.equal(await buildAlbumLinks(dest, lib.index), 2);
    await lib.finish(0, {});

    const moved = await open("{yyyy}/{mm}/{dd}");
    const folder = join(dest, "albums", "Trip");
    const contents = new Map<string, string>();
    for (const entry of Deno.readDirSync(folder)) {
      const target = await Deno.readLink(join(folder, entry.name));
      assert.match(target, /^\.\.\/\.\.\/2024\/03\/1[56]\/IMG_1\.jpg$/);
      contents.set(entry.name, await Deno.readTextFile(join(folder, entry.name)));
    }
    assert.deepEqual([...contents.values()].sort(), ["first", "second"]);
    assert.equal(await buildAlbumLinks(dest, moved.index), 0);
    assert.equal([...Deno.readDirSync(folder)].length, 2);
    await moved.finish(0, {});
    assert.deepEqual([...Deno.readDirSync(dest)].map((e) => e.name).sort(), [
      ".gphotos-nas",
      "2024",
      "albums",
    ]);
    assert.deepEqual([...Deno.readDirSync(join(dest, "2024"))].map((e) => e.name), ["03"]);
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
});

Deno.test("--migrate-layout: a file already missing is named, fetched again into the new layout", async () => {
  await using t = await testLibrary({ itemCount: 8, seed: 4 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const files = await libraryFiles(t.dest);
  await Deno.remove(join(t.dest, files[0].path));
  const result = await runCli(
    ["backup", "--dest", t.dest, "--layout", "{yyyy}/{mm}/{dd}", "--migrate-layout", "--json"],
    { env: t.env },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, new RegExp(`not moved: ${files[0].path} is missing; it belongs at`));
  assert.equal(result.json<RunJson>().downloaded, 1);
  const after = await libraryFiles(t.dest);
  assert.deepEqual(after.map((f) => f.sha256).sort(), files.map((f) => f.sha256).sort());
  for (const file of after) assert.match(file.path, /^\d{4}\/\d{2}\/\d{2}\/[^/]+$/);
  assert.equal((await runCli(["verify", "--dest", t.dest], { env: t.env })).code, 0);
});
