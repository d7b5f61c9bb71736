import assert from "node:assert/strict";
import type { SimItemSpec } from "../../src/simulator/mod.ts";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";

// Live photos uploaded as two files (from a computer, another camera app): each half is an item
// of its own, and a listing may bring the video before its still.
const ITEMS: SimItemSpec[] = [
  { id: "mov", filename: "IMG_1234.MOV", kind: "video", creationTime: "2024-05-01T10:00:01Z" },
  { id: "heic", filename: "IMG_1234.HEIC", kind: "photo", creationTime: "2024-05-01T10:00:00Z" },
  {
    id: "mp",
    filename: "PXL_20240502_080000123.MP",
    kind: "video",
    creationTime: "2024-05-02T08:00:00Z",
  },
  {
    id: "mpjpg",
    filename: "PXL_20240502_080000123.MP.jpg",
    kind: "photo",
    creationTime: "2024-05-02T08:00:00Z",
  },
  // Same stem, minutes apart: two memories, no pair.
  { id: "clip", filename: "IMG_2000.MP4", kind: "video", creationTime: "2024-05-03T09:00:00Z" },
  { id: "shot", filename: "IMG_2000.JPG", kind: "photo", creationTime: "2024-05-03T09:05:00Z" },
];

const VIDEO_HALVES = /\/(IMG_1234\.MOV|PXL_20240502_080000123\.MP)$/;

for (const command of ["pick", "backup"] as const) {
  Deno.test(`live photos: ${command} --live-photos still-only leaves out videos listed before their stills`, async () => {
    await using t = await testLibrary({ items: ITEMS });
    const args = [command, "--dest", t.dest, "--json", "--live-photos", "still-only"];
    const result = await runCli(command === "pick" ? [...args, "--no-qr"] : args, { env: t.env });
    assert.equal(result.code, 0, result.stderr);
    const json = result.json<RunJson & { liveVideosLeftOut: number }>();
    assert.equal(json.liveVideosLeftOut, 2, result.stderr);
    assert.equal(json.failed, 0);
    assert.equal(json.downloaded, ITEMS.length - 2);
    const paths = (await libraryFiles(t.dest)).map((f) => f.path);
    assert.ok(!paths.some((p) => VIDEO_HALVES.test(p)), paths.join(", "));
    assert.ok(paths.some((p) => p.endsWith("/IMG_2000.MP4")), "a video that is no live photo");
  });
}

Deno.test("live photos: backup records a still and its video listed before it as a pair", async () => {
  await using t = await testLibrary({ items: ITEMS });
  const result = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  const paths = (await libraryFiles(t.dest)).map((f) => f.path);
  assert.ok(paths.includes("2024/2024-05-01/IMG_1234.MOV"), paths.join(", "));
  assert.ok(paths.includes("2024/2024-05-01/IMG_1234.HEIC"));
  const status = await runCli(["status", "--dest", t.dest, "--json"], { env: t.env });
  assert.deepEqual(status.json<{ motionPhotos: unknown }>().motionPhotos, {
    live: 2,
    embedded: 0,
  });
});
