import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";
import {
  DSC_METADATA,
  firstExport,
  sha256,
  simItemsOf,
  writeExport,
} from "../../src/simulator/takeout/mod.ts";
import { parseXmp } from "../../src/metadata/xmp_parse.ts";
import { SAME_PHOTOS_ZONE as ZONE, sameLibrary } from "../support/same_photos.ts";

Deno.test("upgrade: a pick then a Takeout import of the same photos leaves one file per photo, the original", async () => {
  await using w = await sameLibrary();
  const pick = await runCli(["pick", "--dest", w.t.dest, "--no-qr", "--json"], { env: w.env });
  assert.equal(pick.code, 0, pick.stderr);
  assert.equal(pick.json<RunJson>().downloaded, w.items.length);
  const picked = new Map((await libraryFiles(w.t.dest)).map((f) => [f.path, f.sha256]));
  assert.equal(picked.size, w.items.length);

  const result = await runCli(["import", ...w.parts, "--dest", w.t.dest, "--json"], {
    env: w.env,
  });
  assert.equal(result.code, 0, result.stderr);
  const summary = result.json<RunJson>();
  assert.equal(summary.upgraded, w.items.length, result.stderr);
  assert.match(result.stderr, new RegExp(`${w.items.length} upgraded to originals`));

  // One file per photo of the export: every original byte for byte, none of Google's copies.
  const media = (await libraryFiles(w.t.dest)).filter((f) => !f.path.startsWith("albums/"));
  assert.equal(media.length, w.first.expected.length);
  const held = new Set(media.map((f) => f.sha256));
  for (const item of w.first.expected) assert.ok(held.has(item.sha256), item.name);
  for (const [path, copy] of picked) {
    const now = media.find((f) => f.path === path);
    assert.ok(now, `${path}: the original took the copy's place`);
    assert.notEqual(now.sha256, copy);
    const aside = await Deno.readFile(join(w.t.dest, ".gphotos-nas", "superseded", path));
    assert.equal(sha256(aside), copy, `${path}: Google's copy is kept in superseded/`);
  }
  // The sidecar now holds what only the Takeout sidecar knew.
  const dsc = [...picked.keys()].find((p) => p.endsWith("DSC01234.JPG"))!;
  const meta = parseXmp(await Deno.readTextFile(join(w.t.dest, `${dsc}.xmp`)));
  assert.equal(meta?.description, DSC_METADATA.description);
  assert.ok(meta?.googleId, "and what the Picker knew");

  const verify = await runCli(["verify", "--dest", w.t.dest], { env: w.env });
  assert.equal(verify.code, 0, verify.stderr);
});

Deno.test("upgrade: never the other way round: a pick after the import fetches no copy", async () => {
  await using w = await sameLibrary();
  const pick = await runCli(["pick", "--dest", w.t.dest, "--no-qr"], { env: w.env });
  assert.equal(pick.code, 0, pick.stderr);
  assert.equal(
    (await runCli(["import", ...w.parts, "--dest", w.t.dest], { env: w.env })).code,
    0,
  );
  const before = await libraryFiles(w.t.dest);
  const again = await runCli(["pick", "--dest", w.t.dest, "--no-qr", "--json"], { env: w.env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.json<RunJson>().downloaded, 0);
  assert.deepEqual(await libraryFiles(w.t.dest), before, "the originals stay");
});

Deno.test("upgrade: a photo with the same name and time but other dimensions is not replaced", async () => {
  const first = await firstExport(ZONE);
  // The same name and second, but Google reports a 4032-pixel-wide photo: another photo, which
  // has another id than the one the sidecar's URL names.
  const items = simItemsOf(first).slice(0, 1).map(({ id: _, ...item }) => ({
    ...item,
    width: 4032,
  }));
  await using t = await testLibrary({ items });
  const env = { ...t.env, TZ: ZONE };
  assert.equal((await runCli(["pick", "--dest", t.dest, "--no-qr"], { env })).code, 0);
  const exportDir = await Deno.makeTempDir();
  try {
    const parts = await writeExport(exportDir, "takeout-20261101T000000Z", first.files, {
      format: "zip",
      parts: 1,
    });
    const result = await runCli(["import", ...parts, "--dest", t.dest, "--json"], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<RunJson>().upgraded, 0);
    const media = (await libraryFiles(t.dest)).filter((f) => !f.path.startsWith("albums/"));
    assert.equal(media.length, first.expected.length + 1, "both are kept");
  } finally {
    await Deno.remove(exportDir, { recursive: true });
  }
});

Deno.test("upgrade: by the Google Photos URL: a renamed copy and one whose time is off are upgraded too", async () => {
  const first = await firstExport(ZONE);
  const hours = (iso: string, n: number) => new Date(Date.parse(iso) + n * 3_600_000).toISOString();
  // The sidecar's url and the Picker's id name the same item; its name and time do not agree.
  const items = simItemsOf(first).map((item) =>
    item.filename === "DSC01234.JPG"
      ? { ...item, filename: "Dinner in Sydney.JPG" }
      : item.filename === "IMG_0004.jpg"
      ? { ...item, creationTime: hours(item.creationTime!, 3) }
      : item
  );
  await using t = await testLibrary({ items });
  const env = { ...t.env, TZ: ZONE };
  assert.equal((await runCli(["pick", "--dest", t.dest, "--no-qr"], { env })).code, 0);
  const picked = await libraryFiles(t.dest);
  const renamed = picked.find((f) => f.path.endsWith("/Dinner in Sydney.JPG"))!;
  const late = picked.find((f) => f.path.endsWith("/IMG_0004.jpg"))!;
  const exportDir = await Deno.makeTempDir();
  try {
    const parts = await writeExport(exportDir, "takeout-20261101T000000Z", first.files, {
      format: "zip",
      parts: 1,
    });
    const result = await runCli(["import", ...parts, "--dest", t.dest, "--json"], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<RunJson>().upgraded, items.length, result.stderr);
    const media = (await libraryFiles(t.dest)).filter((f) => !f.path.startsWith("albums/"));
    assert.equal(media.length, first.expected.length, "one file per photo");
    const original = (name: string) => first.expected.find((e) => e.name === name)!.sha256;
    for (const [copy, name] of [[renamed, "DSC01234.JPG"], [late, "IMG_0004.jpg"]] as const) {
      assert.equal(media.find((f) => f.path === copy.path)?.sha256, original(name), copy.path);
      const aside = await Deno.readFile(join(t.dest, ".gphotos-nas", "superseded", copy.path));
      assert.equal(sha256(aside), copy.sha256, `${copy.path}: the copy is kept in superseded/`);
    }
    const again = await runCli(["pick", "--dest", t.dest, "--no-qr", "--json"], { env });
    assert.equal(again.json<RunJson>().downloaded, 0, "never a copy beside its original");
  } finally {
    await Deno.remove(exportDir, { recursive: true });
  }
});

Deno.test("upgrade: an -edited copy never takes the picked copy's place; its original does, whichever comes first", async () => {
  await using w = await sameLibrary();
  assert.equal((await runCli(["pick", "--dest", w.t.dest, "--no-qr"], { env: w.env })).code, 0);
  const copy = (await libraryFiles(w.t.dest)).find((f) => f.path.endsWith("/IMG_0004.jpg"))!;
  const original = w.first.expected.find((e) => e.name === "IMG_0004.jpg")!;
  const edited = w.first.expected.find((e) => e.name === "IMG_0004-edited.jpg")!;
  // An export holding the edited copy (and the sidecar it shares) but not yet its original.
  const exportDir = await Deno.makeTempDir({ prefix: "gphotos-nas-export-" });
  try {
    const files = w.first.files.filter((f) => !f.path.endsWith("/IMG_0004.jpg"));
    const parts = await writeExport(exportDir, "takeout-20261001T000000Z", files, {
      format: "zip",
      parts: 1,
    });
    const first = await runCli(["import", ...parts, "--dest", w.t.dest, "--json"], { env: w.env });
    assert.equal(first.code, 0, first.stderr);
    const held = async (path: string) =>
      (await libraryFiles(w.t.dest)).find((f) => f.path === path)?.sha256;
    assert.equal(await held(copy.path), copy.sha256, "the picked copy stays until its original");
    const folder = copy.path.slice(0, copy.path.lastIndexOf("/"));
    assert.equal(await held(`${folder}/IMG_0004-edited.jpg`), edited.sha256);
  } finally {
    await Deno.remove(exportDir, { recursive: true });
  }
  const full = await runCli(["import", ...w.parts, "--dest", w.t.dest, "--json"], { env: w.env });
  assert.equal(full.code, 0, full.stderr);
  const now = (await libraryFiles(w.t.dest)).find((f) => f.path === copy.path);
  assert.equal(now?.sha256, original.sha256, "the original took the copy's place");
  const aside = await Deno.readFile(join(w.t.dest, ".gphotos-nas", "superseded", copy.path));
  assert.equal(sha256(aside), copy.sha256);
});
