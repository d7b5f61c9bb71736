import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import { photoBytesSync } from "../../src/simulator/media.ts";
import {
  albumMetadataJson,
  localizedExport,
  sidecarJson,
  TAKEOUT_LOCALES,
  trashedItem,
  writeExport,
} from "../../src/simulator/takeout/mod.ts";
import { importWorkspace } from "../support/workspace.ts";

const ZONE = "Europe/Berlin";

function workspace() {
  return importWorkspace("locale", ZONE);
}

/** The album folders and their links: `{ "<Album>": ["<file>", …] }`. */
async function albums(dest: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  try {
    for await (const album of Deno.readDir(join(dest, "albums"))) {
      out[album.name] = [...Deno.readDirSync(join(dest, "albums", album.name))]
        .map((e) => e.name).sort();
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return out;
}

for (const lang of Object.keys(TAKEOUT_LOCALES)) {
  const locale = TAKEOUT_LOCALES[lang];
  Deno.test(`import (${lang}): ${locale.photos}/${locale.year(2022)}, ${locale.albumMetadata}, ${locale.trash}, ${locale.edited}, .MP`, async () => {
    await using w = await workspace();
    const fixture = localizedExport(lang, ZONE);
    const parts = await writeExport(w.dir, "takeout-20261101T000000Z", fixture.files, {
      format: lang === "ja" ? "tgz" : "zip",
      parts: 1,
    });
    const result = await runCli(
      ["import", ...parts, "--dest", w.dest, "--albums", "links", "--json"],
      { env: w.env },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json<RunJson>().downloaded, fixture.expected.length);

    // Every item in its day folder (the edited copy and the .MP video dated by their sidecar);
    // the trash item and the album metadata file are not in the library.
    const media = (await libraryFiles(w.dest)).filter((f) => !f.path.startsWith("albums/"));
    assert.deepEqual(
      media.map((f) => f.path).sort(),
      fixture.expected.map((e) => `${e.folder}/${e.name}`).sort(),
    );
    for (const item of fixture.expected) {
      const file = media.find((f) => f.path === `${item.folder}/${item.name}`);
      assert.equal(file?.sha256, item.sha256, item.quirk);
    }
    assert.ok(!media.some((f) => f.sha256 === trashedItem(lang).sha256), "trash stays out");
    assert.match(result.stderr, /1 item\(s\) in the trash left out \(--include-trash/);

    // Only the album named by its metadata: no year, trash or archive folder became one.
    assert.deepEqual(await albums(w.dest), { [`Album ${lang} 2022`]: ["IMG_0102.jpg"] });
  });
}

Deno.test("import --include-trash: the trash's items land in their day folders, still no album", async () => {
  await using w = await workspace();
  const fixture = localizedExport("fr", ZONE);
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", fixture.files, {
    format: "zip",
    parts: 1,
  });
  const result = await runCli(
    ["import", ...parts, "--dest", w.dest, "--albums", "links", "--include-trash"],
    { env: w.env },
  );
  assert.equal(result.code, 0, result.stderr);
  const files = await libraryFiles(w.dest);
  const trash = files.find((f) => f.sha256 === trashedItem("fr").sha256);
  assert.equal(trash?.path, "2022/2022-06-07/IMG_0104.jpg");
  assert.deepEqual(Object.keys(await albums(w.dest)), ["Album fr 2022"]);
});

Deno.test("import: in a language we have no names for, a sidecar's trashed flag keeps an item out", async () => {
  await using w = await workspace();
  // Folder names of a made-up language: only the shapes of the JSON files say what they are.
  const root = "Takeout/Gugl Fotoj";
  const kept = photoBytesSync("xx:kept", 4000);
  const deleted = photoBytesSync("xx:deleted", 4000);
  const taken = new Date("2020-01-02T12:00:00Z");
  const files = [
    { path: `${root}/Fotoj de 2020/IMG_1.jpg`, bytes: kept },
    {
      path: `${root}/Fotoj de 2020/IMG_1.jpg.supplemental-metadata.json`,
      bytes: sidecarJson("IMG_1.jpg", taken),
    },
    { path: `${root}/Rubujo/IMG_2.jpg`, bytes: deleted },
    {
      path: `${root}/Rubujo/IMG_2.jpg.supplemental-metadata.json`,
      bytes: sidecarJson("IMG_2.jpg", taken, undefined, { trashed: true }),
    },
    { path: `${root}/Ferioj/metadatumoj.json`, bytes: albumMetadataJson("Ferioj 2020") },
    { path: `${root}/Ferioj/IMG_1.jpg`, bytes: kept },
    {
      path: `${root}/Ferioj/IMG_1.jpg.supplemental-metadata.json`,
      bytes: sidecarJson("IMG_1.jpg", taken),
    },
  ];
  const parts = await writeExport(w.dir, "takeout-20261101T000000Z", files, {
    format: "zip",
    parts: 1,
  });
  const result = await runCli(["import", ...parts, "--dest", w.dest, "--albums", "links"], {
    env: w.env,
  });
  assert.equal(result.code, 0, result.stderr);
  const media = (await libraryFiles(w.dest)).filter((f) => !f.path.startsWith("albums/"));
  assert.deepEqual(media.map((f) => f.path), ["2020/2020-01-02/IMG_1.jpg"]);
  assert.deepEqual(await albums(w.dest), { "Ferioj 2020": ["IMG_1.jpg"] });
});
