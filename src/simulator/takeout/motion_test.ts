import assert from "node:assert/strict";
import { motionExport } from "./mod.ts";
import { isMotionPhoto } from "../../metadata/motion_photo.ts";

Deno.test("motion export: stills with sidecars, videos without, MP4s appended to marked JPEGs", async () => {
  const fixture = await motionExport("UTC");
  const names = fixture.files.map((f) => f.path.slice(f.path.lastIndexOf("/") + 1));
  for (const { still, video } of fixture.pairs) {
    assert.ok(names.some((n) => n.startsWith(still) && n.endsWith(".json")), still);
    assert.ok(
      !names.some((n) =>
        n.startsWith(video) && /^(\.supplemental-metadata)?\.json$/.test(n.slice(video.length))
      ),
      video,
    );
  }
  assert.ok(names.includes("PXL_20230709_120000123.MP.jpg.supplemental-met.json"));
  assert.equal("PXL_20230709_120000123.MP.jpg.supplemental-met.json".length, 51);
  for (const { name } of fixture.embedded) {
    const bytes = fixture.files.find((f) => f.path.endsWith(`/${name}`))!.bytes;
    assert.ok(await isMotionPhoto(bytes), name);
    // The JPEG ends (FF D9) and an MP4 (`ftyp`) follows it.
    const text = new TextDecoder("latin1").decode(bytes);
    const ftyp = text.indexOf("ftyp", text.length - 12000);
    assert.equal(text.slice(ftyp - 6, ftyp - 4), "\xff\xd9", name);
  }
  const plain = fixture.files.find((f) => f.path.endsWith("/IMG_5678.jpg"))!.bytes;
  assert.equal(await isMotionPhoto(plain), false);
});
