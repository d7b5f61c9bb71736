import assert from "node:assert/strict";
import { SidecarIndex } from "../../../src/sources/takeout/sidecar.ts";
import { parseSidecarName, splitDuplicate } from "../../../src/sources/takeout/pairing.ts";

// Sidecar names are written out as Google Takeout writes them: "NAME.supplemental-metadata" cut to
// 46 characters, then ".json" (51 at most).
Deno.test("sidecar names: every form Google writes points back at its media", () => {
  assert.deepEqual(parseSidecarName("IMG_1.jpg.supplemental-metadata.json"), {
    stem: "IMG_1.jpg",
    n: 0,
    cut: false,
  });
  assert.deepEqual(parseSidecarName("IMG_1.jpg.json"), { stem: "IMG_1.jpg", n: 0, cut: false });
  assert.deepEqual(parseSidecarName("IMG.jpg(1).json"), { stem: "IMG.jpg", n: 1, cut: false });
  assert.deepEqual(parseSidecarName("IMG.jpg.supplemental-metadata(2).json"), {
    stem: "IMG.jpg",
    n: 2,
    cut: false,
  });
  for (
    const [sidecar, media] of [
      [
        "PXL_20210810_121314151_MOTION_cover1.jpg.suppl.json",
        "PXL_20210810_121314151_MOTION_cover1.jpg",
      ],
      [
        "PXL_20210811_121314151_NIGHT_SIGHT_edit12.jpg..json",
        "PXL_20210811_121314151_NIGHT_SIGHT_edit12.jpg",
      ],
      [
        "Screenshot_20210708-091011_Maps_x.jpg.suppleme.json",
        "Screenshot_20210708-091011_Maps_x.jpg",
      ],
      // The cut reaches into the media name itself: its stem is a prefix, matched as such.
      [
        "PXL_20210607_101112345.PORTRAIT.ORIGINAL_extra.json",
        "PXL_20210607_101112345.PORTRAIT.ORIGINAL_extra",
      ],
    ]
  ) {
    assert.equal(sidecar.length <= 51, true, sidecar);
    assert.deepEqual(parseSidecarName(sidecar), { stem: media, n: 0, cut: true }, sidecar);
  }
  assert.deepEqual(splitDuplicate("IMG(12).HEIC"), { name: "IMG.HEIC", n: 12 });
  assert.deepEqual(splitDuplicate("IMG.HEIC"), { name: "IMG.HEIC", n: 0 });
});

Deno.test("sidecar matching: duplicates, cut names, edited copies and live photos", () => {
  const index = new SidecarIndex();
  const folder = "Takeout/Google Photos/Photos from 2021";
  // Labels in `description`: the pairing rule reads `title`.
  const data = (description: string) => ({ description });
  index.add(folder, "IMG_2.jpg.supplemental-metadata.json", data("plain"));
  index.add(folder, "IMG_2.jpg.supplemental-metadata(1).json", data("first duplicate"));
  index.add(folder, "IMG_3.jpg(1).json", data("old duplicate"));
  const long = "PXL_20210607_101112345.PORTRAIT.ORIGINAL_extra.jpg";
  index.add(folder, "PXL_20210607_101112345.PORTRAIT.ORIGINAL_extra.json", data("cut"));
  index.add(folder, "IMG_4.jpg.supplemental-metadata.json", data("original"));
  index.add(folder, "PXL_5.HEIC.supplemental-metadata.json", data("still"));
  const siblings = ["PXL_5.HEIC", "PXL_5.MP4"];
  assert.equal(index.match(folder, "IMG_2.jpg", [])?.description, "plain");
  assert.equal(index.match(folder, "IMG_2(1).jpg", [])?.description, "first duplicate");
  assert.equal(index.match(folder, "IMG_3(1).jpg", [])?.description, "old duplicate");
  assert.equal(index.match(folder, long, [])?.description, "cut");
  assert.equal(index.match(folder, "IMG_4-edited.jpg", [])?.description, "original");
  assert.equal(index.match(folder, "PXL_5.MP4", siblings)?.description, "still");
  assert.equal(index.match(folder, "IMG_9.jpg", []), undefined);
  assert.equal(
    index.match("Takeout/Google Photos/Other", "IMG_2.jpg", []),
    undefined,
    "same folder only",
  );
});
