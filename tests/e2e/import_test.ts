import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import {
  dayFolder,
  DSC_METADATA,
  firstExport,
  type FixtureExport,
  secondExport,
  sha256,
  truncate,
  writeExport,
} from "../../src/simulator/takeout/mod.ts";
import { importWorkspace } from "../support/workspace.ts";

const ZONE = "Europe/Berlin";

function workspace() {
  return importWorkspace("takeout", ZONE);
}

/** Every expected item is in the library exactly once, in its day folder, byte for byte. */
async function assertImported(dest: string, exports: FixtureExport[]) {
  const files = await libraryFiles(dest);
  const media = files.filter((f) => !f.path.startsWith("albums/"));
  const expected = exports.flatMap((e) => e.expected);
  assert.equal(media.length, expected.length, media.map((f) => f.path).join("\n"));
  for (const item of expected) {
    const found = media.filter((f) => f.sha256 === item.sha256);
    assert.equal(found.length, 1, `${item.name} (${item.quirk}) is stored exactly once`);
    assert.equal(
      found[0].path,
      `${item.folder}/${item.name}`,
      `${item.name} (${item.quirk}) lands in its day folder`,
    );
  }
  for (const file of media) {
    assert.doesNotMatch(file.path, /\.json$|\.html$/, "Takeout's own files never land");
  }
}

Deno.test("import: a split zip export lands once per file, in the right day folders, with albums", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 3,
  });
  const result = await runCli(
    ["import", ...parts, "--dest", w.dest, "--albums", "links", "--json"],
    { env: w.env },
  );
  assert.equal(result.code, 0, result.stderr);
  const summary = result.json<RunJson>();
  assert.equal(summary.listed, first.expected.length);
  assert.equal(summary.downloaded, first.expected.length);
  await assertImported(w.dest, [first]);

  // The sidecar's photoTakenTime (2021-03-04T22:30:00Z, 23:30 in Berlin) is the file's mtime and
  // decides its day; the archives are left alone.
  const taken = new Date("2021-03-04T22:30:00Z");
  const folder = dayFolder(taken, ZONE);
  assert.equal(folder, "2021/2021-03-04");
  const info = await Deno.stat(join(w.dest, folder, "IMG_20210304_233000.jpg"));
  assert.equal(info.mtime!.toISOString(), taken.toISOString());
  for (const part of parts) assert.ok((await Deno.stat(part)).isFile);

  // Albums: relative symlinks into the day folders.
  const albumDir = join(w.dest, "albums", "Summer Trip 2021");
  const links = [...Deno.readDirSync(albumDir)].map((e) => e.name).sort();
  assert.deepEqual(links, ["DSC01234.JPG", "IMG_20210304_233000.jpg"]);
  for (const link of links) {
    const target = await Deno.readLink(join(albumDir, link));
    assert.ok(target.startsWith("../../2021/"), target);
    const bytes = await Deno.readFile(join(albumDir, link));
    assert.ok(first.expected.some((e) => e.sha256 === sha256(bytes)));
  }

  // Sidecar metadata is kept in the index.
  const db = new DatabaseSync(join(w.dest, ".gphotos-nas", "index.sqlite"), { readOnly: true });
  const row = db.prepare("SELECT metadata FROM items WHERE filename = 'DSC01234.JPG'").get() as {
    metadata: string;
  };
  db.close();
  const metadata = JSON.parse(row.metadata);
  assert.equal(metadata.geoData.latitude, DSC_METADATA.geoData.latitude);
  assert.deepEqual(metadata.people, DSC_METADATA.people);
});

Deno.test("import: a re-import adds nothing, and an overlapping later export adds only what is new", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 2,
  });
  assert.equal((await runCli(["import", ...parts, "--dest", w.dest], { env: w.env })).code, 0);
  const before = await libraryFiles(w.dest);
  const again = await runCli(["import", ...parts, "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json<RunJson>().downloaded, 0);
  assert.deepEqual(await libraryFiles(w.dest), before);

  const second = secondExport(ZONE, first);
  const later = await writeExport(w.dir, "takeout-20270101T000000Z", second.files, {
    format: "zip",
    parts: 1,
  });
  const incremental = await runCli(["import", ...later, "--dest", w.dest, "--json"], {
    env: w.env,
  });
  assert.equal(incremental.code, 0, incremental.stderr);
  assert.equal(incremental.json<RunJson>().downloaded, 1);
  await assertImported(w.dest, [first, second]);
});

Deno.test("import: a tgz export and an extracted folder give the same library", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "tgz",
    parts: 2,
  });
  const tgz = await runCli(["import", ...parts, "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(tgz.code, 0, tgz.stderr);
  await assertImported(w.dest, [first]);

  const folder = join(w.dir, "extracted");
  for (const file of first.files) {
    const path = join(folder, file.path);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeFile(path, file.bytes);
  }
  const dest2 = join(w.dir, "library2");
  const extracted = await runCli(["import", join(folder, "Takeout"), "--dest", dest2], {
    env: w.env,
  });
  assert.equal(extracted.code, 0, extracted.stderr);
  assert.deepEqual(await libraryFiles(dest2), await libraryFiles(w.dest));
});

Deno.test("import: a truncated export fails alone with a clear message; the other is imported", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const good = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 1,
  });
  const other = await firstExport(ZONE, "other-seed");
  const bad = await writeExport(w.dir, "takeout-20261201T000000Z", other.files, {
    format: "tgz",
    parts: 1,
  });
  await truncate(bad[0], 0.6);
  const badZip = await writeExport(w.dir, "takeout-20261215T000000Z", other.files, {
    format: "zip",
    parts: 1,
  });
  await truncate(badZip[0], 0.6);
  const result = await runCli(["import", ...bad, ...badZip, ...good, "--dest", w.dest, "--json"], {
    env: w.env,
  });
  assert.equal(result.code, 1, result.stderr);
  const failures = result.json<RunJson>().failures.map((f) => f.name);
  assert.ok(failures.includes("takeout-20261201T000000Z"), failures.join());
  assert.ok(failures.includes("takeout-20261215T000000Z"), failures.join());
  assert.match(result.stderr, /takeout-20261201T000000Z.*(corrupt|truncated)/);
  await assertImported(w.dest, [first]);
  const files = await libraryFiles(w.dest);
  assert.ok(files.every((f) => !f.path.endsWith(".part")), "nothing half-written lands");
});

Deno.test("import --inbox: imports the parts that are here, once; --delete-after deletes only parts whose every entry is placed", async () => {
  await using w = await workspace();
  const inbox = join(w.dir, "inbox");
  await Deno.mkdir(inbox);
  const first = await firstExport(ZONE);
  const complete = await writeExport(inbox, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 2,
  });
  const second = secondExport(ZONE, first);
  const partial = await writeExport(inbox, "takeout-20270101T000000Z", second.files, {
    format: "zip",
    parts: 2,
  });
  // Part 001 of the later export is not here; its part 002 holds the new photo with its sidecar.
  await Deno.remove(partial[0]);
  await Deno.writeTextFile(join(inbox, "takeout-20270301T000000Z-001.zip.crdownload"), "partial");

  const args = ["import", "--inbox", inbox, "--dest", w.dest, "--settle-seconds", "0", "--json"];
  const run1 = await runCli(args, { env: w.env });
  assert.equal(run1.code, 0, run1.stderr);
  assert.match(run1.stderr, /takeout-20270101T000000Z: part\(s\) 001 not here yet/);
  assert.match(run1.stderr, /takeout-20270301T000000Z-001\.zip: still downloading/);
  await assertImported(w.dest, [first, second]);

  const run2 = await runCli([...args, "--delete-after"], { env: w.env });
  assert.equal(run2.code, 0, run2.stderr);
  assert.match(run2.stderr, /takeout-20261101T000000Z: nothing new/);
  assert.equal(run2.json<RunJson>().listed, 0);
  // mystery.mp4 and IMG_NOSIDECAR.jpg have no sidecar in this export: their part stays, as a
  // sidecar may still come; a part with everything placed goes.
  const deleted = run2.json<{ deletedParts: string[] }>().deletedParts;
  for (const part of complete) {
    const name = part.slice(part.lastIndexOf("/") + 1);
    if (deleted.includes(name)) await assert.rejects(Deno.stat(part), Deno.errors.NotFound);
    else {
      assert.ok((await Deno.stat(part)).isFile);
      assert.match(run2.stderr, new RegExp(`kept ${name} .*placed without their sidecar yet`));
    }
  }
  assert.ok(deleted.length > 0 && deleted.length < complete.length, deleted.join());
  assert.ok((await Deno.stat(partial[1])).isFile, "an export with a part missing is never deleted");
  assert.match(run2.stderr, /kept the parts of takeout-20270101T000000Z .*missing/);
});

Deno.test("import: Zip64 archives, --from/--to and --media filters", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 1,
    zip64: true,
  });
  const result = await runCli(
    ["import", ...parts, "--dest", w.dest, "--from", "2021-09-01", "--to", "2021-11-04", "--json"],
    { env: w.env },
  );
  assert.equal(result.code, 0, result.stderr);
  const wanted = first.expected.filter((e) =>
    e.folder >= "2021/2021-09-01" && e.folder <= "2021/2021-11-04"
  );
  assert.equal(result.json<RunJson>().downloaded, wanted.length);
  assert.deepEqual(
    (await libraryFiles(w.dest)).map((f) => f.sha256).sort(),
    wanted.map((e) => e.sha256).sort(),
  );
  const videos = await runCli(
    ["import", ...parts, "--dest", w.dest, "--media", "video", "--json"],
    {
      env: w.env,
    },
  );
  assert.equal(
    videos.json<RunJson>().listed,
    first.expected.filter((e) => /\.mp4$/i.test(e.name)).length,
  );
});

Deno.test("import --dry-run counts what it would import and writes nothing", async () => {
  await using w = await workspace();
  const first = await firstExport(ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 2,
  });
  const result = await runCli(["import", ...parts, "--dest", w.dest, "--dry-run", "--json"], {
    env: w.env,
  });
  assert.equal(result.code, 0, result.stderr);
  const summary = result.json<RunJson & { wouldDownload: number; wouldDownloadBytes: number }>();
  assert.equal(summary.wouldDownload, first.expected.length);
  assert.ok(summary.wouldDownloadBytes > 0, "Takeout knows the sizes");
  assert.equal(summary.downloaded, 0);
  await assert.rejects(Deno.stat(w.dest), Deno.errors.NotFound);
  assert.match(result.stderr, /dry run: would download \d+ item/);
});
