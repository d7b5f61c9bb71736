/**
 * A Takeout export of motion and live photos ({@linkcode motionExport}), as phones make them: an
 * iPhone Live Photo (`IMG_1234.HEIC` + `IMG_1234.MOV`), a Pixel motion photo exported as two
 * files (`PXL_….MP.jpg` + `PXL_….MP`), each with a sidecar for the still only, and motion photos
 * that carry their MP4 inside the JPEG (a Pixel's `GCamera:MotionPhoto`, an older `MVIMG_`'s
 * `GCamera:MicroVideo`); beside them a lone photo and a lone video that pair with nothing.
 *
 * @module
 */
import { motionPhotoBytes, photoBytesSync, videoBytes } from "../media.ts";
import { dayFolder, type ExpectedItem, type FixtureExport, type FixtureFile } from "./exports.ts";
import { sha256, sidecarJson } from "./sidecar.ts";

/** A still and its video, two files of one export. */
export interface LivePair {
  /** The still's file name. */
  still: string;
  /** The video's file name. */
  video: string;
  /** The day folder both belong in. */
  folder: string;
  /** When it was taken (the still's sidecar says so). */
  taken: Date;
}

/** What {@linkcode motionExport} holds besides its files. */
export interface MotionFixture extends FixtureExport {
  /** The pairs of two files. */
  pairs: LivePair[];
  /** Photos with the video inside, by name, with their day folder. */
  embedded: { name: string; folder: string }[];
}

async function videoSync(seed: string, size: number): Promise<Uint8Array> {
  return new Uint8Array(await new Response(videoBytes(seed, size)).arrayBuffer());
}

/** The export, days computed for `timeZone`. */
export async function motionExport(timeZone: string): Promise<MotionFixture> {
  const year = "Takeout/Google Photos/Photos from 2023";
  const files: FixtureFile[] = [];
  const expected: ExpectedItem[] = [];
  const pairs: LivePair[] = [];
  const embedded: MotionFixture["embedded"] = [];
  const add = (name: string, bytes: Uint8Array, folder: string, quirk: string) => {
    files.push({ path: `${year}/${name}`, bytes });
    expected.push({ name, sha256: sha256(bytes), folder, albums: [], quirk });
  };
  const sidecar = (name: string, file: string, taken: Date) =>
    files.push({ path: `${year}/${file}`, bytes: sidecarJson(name, taken) });

  // An iPhone Live Photo: the sidecar names the still; the video has none and no EXIF date.
  const t1 = new Date("2023-07-08T18:00:00Z");
  const d1 = dayFolder(t1, timeZone);
  add("IMG_1234.HEIC", photoBytesSync("motion:IMG_1234.HEIC", 6000), d1, "live photo still");
  add("IMG_1234.MOV", await videoSync("motion:IMG_1234.MOV", 20000), d1, "live photo video");
  sidecar("IMG_1234.HEIC", "IMG_1234.HEIC.supplemental-metadata.json", t1);
  pairs.push({ still: "IMG_1234.HEIC", video: "IMG_1234.MOV", folder: d1, taken: t1 });

  // A Pixel motion photo exported as two files; the still's sidecar name cut to 51 characters.
  const t2 = new Date("2023-07-09T12:00:00Z");
  const d2 = dayFolder(t2, timeZone);
  const pixel = "PXL_20230709_120000123.MP";
  // The archive holds the video first, so it reaches the library before its still.
  add(pixel, await videoSync(`motion:${pixel}`, 15000), d2, "Pixel .MP video");
  add(`${pixel}.jpg`, photoBytesSync(`motion:${pixel}.jpg`, 7000), d2, "Pixel .MP.jpg still");
  sidecar(`${pixel}.jpg`, `${pixel}.jpg.supplemental-met.json`, t2);
  pairs.push({ still: `${pixel}.jpg`, video: pixel, folder: d2, taken: t2 });

  // Motion photos with the video inside, one marker each.
  const t3 = new Date("2023-07-10T09:00:00Z");
  const d3 = dayFolder(t3, timeZone);
  const inside = "PXL_20230710_090000456.MP.jpg";
  add(
    inside,
    await motionPhotoBytes(`motion:${inside}`, {
      size: 8000,
      videoSize: 12000,
      marker: "MotionPhoto",
    }),
    d3,
    "GCamera:MotionPhoto JPEG with its MP4 appended",
  );
  sidecar(inside, `${inside}.supplemental-met.json`, t3);
  embedded.push({ name: inside, folder: d3 });
  const mvimg = "MVIMG_20230711_080000.jpg";
  add(
    mvimg,
    await motionPhotoBytes(`motion:${mvimg}`, {
      size: 5000,
      videoSize: 9000,
      marker: "MicroVideo",
      exifDate: "2023:07:11 08:00:00",
    }),
    "2023/2023-07-11",
    "GCamera:MicroVideo JPEG (older MVIMG_) without a sidecar",
  );
  embedded.push({ name: mvimg, folder: "2023/2023-07-11" });

  // A photo and a video that are no pair: other stems, other times.
  const t4 = new Date("2023-07-12T10:00:00Z");
  add("IMG_5678.jpg", photoBytesSync("motion:IMG_5678.jpg", 6000), dayFolder(t4, timeZone), "lone");
  sidecar("IMG_5678.jpg", "IMG_5678.jpg.supplemental-metadata.json", t4);
  const t5 = new Date("2023-07-12T10:00:01Z");
  add(
    "VID_5679.mp4",
    await videoSync("motion:VID_5679.mp4", 11000),
    dayFolder(t5, timeZone),
    "lone",
  );
  sidecar("VID_5679.mp4", "VID_5679.mp4.supplemental-metadata.json", t5);
  return { files, expected, pairs, embedded };
}
