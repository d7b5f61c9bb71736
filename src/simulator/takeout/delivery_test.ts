import assert from "node:assert/strict";
import { join } from "node:path";
import { deliverParts, downloadingPart, lateSidecarExport, stagedPartName } from "./mod.ts";

Deno.test("takeout delivery: the late photo's sidecars are all in the last part, its media in the first", () => {
  const staged = lateSidecarExport("UTC");
  const where = (suffix: string) =>
    staged.parts.map((files) => files.filter((f) => f.path.endsWith(suffix)).length);
  assert.deepEqual(where("/IMG_LATE.jpg"), [2, 0, 0], "year folder and album copy, part 1");
  assert.deepEqual(where("IMG_LATE.jpg.supplemental-metadata.json"), [0, 0, 2]);
  assert.deepEqual(where("IMG_B.jpg.supplemental-metadata.json"), [0, 1, 0]);
  assert.equal(staged.late.folder, "2023/2023-06-01");
  assert.equal(staged.expected.length, 5);
});

Deno.test("takeout delivery: part names in one series or several", () => {
  const stem = "takeout-20261101T000000Z";
  assert.equal(stagedPartName(stem, 0, { format: "zip" }), `${stem}-001.zip`);
  assert.equal(stagedPartName(stem, 2, { format: "tgz" }), `${stem}-003.tgz`);
  const series = { format: "zip", perSeries: 2 } as const;
  assert.deepEqual(
    [0, 1, 2].map((i) => stagedPartName(stem, i, series)),
    [`${stem}-1-001.zip`, `${stem}-1-002.zip`, `${stem}-2-001.zip`],
  );
});

Deno.test("takeout delivery: delivered parts are aged; a downloading part is cut short with its sibling", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-delivery-" });
  try {
    const staged = lateSidecarExport("UTC");
    const [old] = await deliverParts(dir, "takeout-1", staged, [0], { format: "zip" });
    const [fresh] = await deliverParts(dir, "takeout-1", staged, [2], {
      format: "zip",
      ageSeconds: 0,
    });
    const now = Date.now();
    assert.ok(now - (await Deno.stat(old)).mtime!.getTime() >= 3599_000);
    assert.ok(now - (await Deno.stat(fresh)).mtime!.getTime() < 3599_000);
    const full = (await Deno.stat(fresh)).size;
    await downloadingPart(fresh, { sibling: ".crdownload" });
    assert.equal((await Deno.stat(fresh)).size, Math.floor(full / 2));
    assert.ok((await Deno.stat(join(dir, "takeout-1-003.zip.crdownload"))).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
