import assert from "node:assert/strict";
import { BlobReader, Uint8ArrayWriter, ZipReader } from "@zip.js/zip.js";
import { firstExport, secondExport, sha256, truncate, writeExport } from "./mod.ts";

const YEAR = "Takeout/Google Photos/Photos from 2021";

Deno.test("takeout export: sidecar names cut as Google cuts them, each quirk once", async () => {
  const first = await firstExport("Europe/Berlin");
  const paths = first.files.map((f) => f.path);
  for (
    const name of [
      "PXL_20210607_101112345.PORTRAIT.ORIGINAL_extra.json",
      "Screenshot_20210708-091011_Maps_x.jpg.suppleme.json",
      "IMG_20210809_101112_HDR_burst_01.jpg.supplemen.json",
      "PXL_20210810_121314151_MOTION_cover1.jpg.suppl.json",
      "PXL_20210811_121314151_NIGHT_SIGHT_edit12.jpg..json",
    ]
  ) {
    assert.equal(name.length, 51, name);
    assert.ok(paths.includes(`${YEAR}/${name}`), name);
  }
  assert.equal(new Set(first.expected.map((e) => e.sha256)).size, first.expected.length);
  const late = first.expected.find((e) => e.name === "IMG_20210304_233000.jpg")!;
  assert.equal(late.folder, "2021/2021-03-04", "23:30 in Berlin");
  assert.equal((await firstExport("Asia/Tokyo")).expected[0].folder, "2021/2021-03-05");
  const second = secondExport("UTC", first);
  assert.deepEqual(second.expected.map((e) => e.folder), ["2022/2022-01-02"]);
});

Deno.test("takeout export: zip parts hold every file once, the last sidecar opens the last part", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await firstExport("UTC");
    const parts = await writeExport(dir, "takeout-20261101T000000Z", first.files, {
      format: "zip",
      parts: 3,
    });
    assert.deepEqual(parts.map((p) => p.slice(dir.length + 1)), [
      "takeout-20261101T000000Z-001.zip",
      "takeout-20261101T000000Z-002.zip",
      "takeout-20261101T000000Z-003.zip",
    ]);
    const read: { path: string; sha256: string }[][] = [];
    for (const part of parts) {
      const reader = new ZipReader(new BlobReader(new Blob([await Deno.readFile(part)])));
      const entries = [];
      for (const entry of await reader.getEntries()) {
        if (entry.directory) continue;
        const bytes = await entry.getData(new Uint8ArrayWriter());
        entries.push({ path: entry.filename, sha256: sha256(bytes) });
      }
      await reader.close();
      read.push(entries);
    }
    assert.equal(read[2][0].path, `${YEAR}/IMG_20210304_233000.jpg.supplemental-metadata.json`);
    assert.deepEqual(
      read.flat().map((e) => `${e.path} ${e.sha256}`).sort(),
      first.files.map((f) => `${f.path} ${sha256(f.bytes)}`).sort(),
    );

    const [tgz] = await writeExport(dir, "takeout-20261201T000000Z", first.files, {
      format: "tgz",
      parts: 1,
    });
    const size = (await Deno.stat(tgz)).size;
    assert.deepEqual([...(await Deno.readFile(tgz)).subarray(0, 2)], [0x1f, 0x8b], "gzip");
    await truncate(tgz, 0.5);
    assert.equal((await Deno.stat(tgz)).size, Math.floor(size / 2));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
