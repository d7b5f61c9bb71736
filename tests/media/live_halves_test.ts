import assert from "node:assert/strict";
import { halfKey, markLiveHalves } from "../../src/media/live_halves.ts";
import type { MediaRecord } from "../../src/media/record.ts";
import type { LearnedItem } from "../../src/sources/takeout/pass1/learn.ts";
import { liveHalves } from "../../src/sources/takeout/live_pairs.ts";
import type { Catalog } from "../../src/library/catalog/mod.ts";
import { recordAdoptedPairs } from "../../src/library/layout/pairs.ts";

const AT = new Date("2024-05-06T07:08:09Z");

function record(filename: string, kind: "photo" | "video"): MediaRecord {
  return {
    source: "picker",
    sourceId: filename,
    filename,
    captureTime: AT,
    mimeType: kind === "photo" ? "image/jpeg" : "video/mp4",
    kind,
    ready: true,
    match: "id",
    open: () => Promise.reject(new Error("not read")),
  } as MediaRecord;
}

function item(name: string): LearnedItem {
  return { primary: { folder: "Takeout/Google Photos/Photos from 2024", name } } as LearnedItem;
}

/** Which of the names an API listing (markLiveHalves) and a Takeout export (liveHalves) pair. */
function paired(still: string, video: string): { api: boolean; takeout: boolean } {
  const records = [record(still, "photo"), record(video, "video")];
  markLiveHalves(records);
  const items = [item(still), item(video)];
  const halves = liveHalves(items);
  return {
    api: records[0].liveHalf === "still" && records[1].liveHalf === "video",
    takeout: halves.get(items[0]) === "still" && halves.get(items[1]) === "video",
  };
}

Deno.test("other half: one rule for API sources and Takeout (A.MP.jpg + A.mp4 pair in both)", () => {
  for (
    const [still, video] of [
      ["A.MP.jpg", "A.mp4"],
      ["PXL_20240506_070809123.MP.jpg", "PXL_20240506_070809123.MP"],
      ["IMG_1234.HEIC", "IMG_1234.MOV"],
      ["img_1234.heic", "IMG_1234.MP4"],
    ]
  ) {
    assert.deepEqual(paired(still, video), { api: true, takeout: true }, `${still} + ${video}`);
    assert.equal(halfKey(still), halfKey(video));
  }
  // Names that share only what comes before a first dot are two photos' worth of names.
  for (
    const [still, video] of [["my.photo.jpg", "my.video.mp4"], [
      "PXL_1.PORTRAIT.jpg",
      "PXL_1.LS.mp4",
    ]]
  ) {
    assert.deepEqual(paired(still, video), { api: false, takeout: false }, `${still} + ${video}`);
  }
});

Deno.test("other half: index rebuild pairs the files on disk by the same rule", async () => {
  const recorded: [number, number][] = [];
  const index = {
    pairs: { record: (still: number, video: number) => recorded.push([still, video]) },
  };
  const at = AT.toISOString();
  const files = [
    { id: 1, relPath: "2024/2024-05-06/A.MP.jpg", kind: "photo" as const, captureTime: at },
    { id: 2, relPath: "2024/2024-05-06/A.mp4", kind: "video" as const, captureTime: at },
    { id: 3, relPath: "2024/2024-05-06/my.photo.jpg", kind: "photo" as const, captureTime: at },
    { id: 4, relPath: "2024/2024-05-06/my.video.mp4", kind: "video" as const, captureTime: at },
  ];
  // Plain bytes: no photo here carries its video inside.
  await recordAdoptedPairs(
    index as unknown as Catalog,
    files,
    () => Promise.resolve(new Uint8Array(64)),
  );
  assert.deepEqual(recorded, [[1, 2]]);
});
