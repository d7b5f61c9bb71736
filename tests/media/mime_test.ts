import assert from "node:assert/strict";
import { join } from "node:path";
import { extensionForMime, mediaTypeOfName } from "../../src/media/mime.ts";
import { takeoutRecords } from "../../src/sources/takeout/source.ts";

Deno.test("mime: Takeout RAW and AVCHD files get their type and kind, not 'unknown'", async () => {
  const root = await Deno.makeTempDir();
  try {
    const folder = join(root, "Takeout", "Google Photos", "Photos from 2024");
    await Deno.mkdir(folder, { recursive: true });
    for (const name of ["IMG_0001.CR2", "IMG_0002.cr3", "CLIP0001.MTS", "00001.m2ts"]) {
      await Deno.writeFile(join(folder, name), new Uint8Array([1, 2, 3]));
    }
    const seen: Record<string, [string, string, unknown]> = {};
    const set = { key: "folder:test", kind: "folder" as const, parts: [root], bytes: 0 };
    for await (const record of takeoutRecords(set, { timeZone: "UTC" })) {
      const unknown = (record.metadata as { unknownType?: boolean }).unknownType;
      seen[record.filename] = [record.mimeType, record.kind, unknown];
      record.release?.();
    }
    assert.deepEqual(seen, {
      "IMG_0001.CR2": ["image/x-canon-cr2", "photo", undefined],
      "IMG_0002.cr3": ["image/x-canon-cr3", "photo", undefined],
      "CLIP0001.MTS": ["video/mp2t", "video", undefined],
      "00001.m2ts": ["video/mp2t", "video", undefined],
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("mime: one table both ways; the usual extension comes back for a MIME type", () => {
  assert.deepEqual(mediaTypeOfName("PXL_1.MP"), { mime: "video/mp4", kind: "video" });
  assert.deepEqual(mediaTypeOfName("a.b.NEF"), { mime: "image/x-nikon-nef", kind: "photo" });
  assert.equal(mediaTypeOfName("notes.txt"), undefined);
  assert.equal(mediaTypeOfName("jpg"), undefined);
  const back: [string, string][] = [
    ["image/jpeg", ".jpg"],
    ["image/tiff", ".tif"],
    ["image/dng", ".dng"],
    ["IMAGE/X-Canon-CR2", ".cr2"],
    ["video/mpeg", ".mpg"],
    ["video/quicktime; codecs=hvc1", ".mov"],
    ["video/mp2t", ".mts"],
  ];
  for (const [mime, ext] of back) assert.equal(extensionForMime(mime), ext, mime);
  assert.equal(extensionForMime("application/x-unknown"), undefined);
});
