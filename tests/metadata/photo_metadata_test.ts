import assert from "node:assert/strict";
import { join } from "node:path";
import { offsetFromWallTime, readCaptureOffset } from "../../src/metadata/capture_offset.ts";
import {
  formatOffset,
  fromMediaItem,
  fromTakeoutSidecar,
  googleIdOfUrl,
  parseOffset,
} from "../../src/metadata/photo_metadata.ts";
import { photoBytesSync } from "../../src/simulator/media.ts";
import { EXIFTOOL, exiftool, reportMissingExiftool } from "../support/exiftool.ts";

reportMissingExiftool("metadata/photo_metadata_test.ts");

Deno.test("metadata: a full Takeout sidecar", () => {
  const meta = fromTakeoutSidecar({
    title: "IMG_0001.jpg",
    description: "Dinner & friends",
    photoTakenTime: { timestamp: "1563120191", formatted: "14.07.2019, 16:03:11 UTC" },
    creationTime: { timestamp: "1563200000" },
    geoData: { latitude: 48.8583701, longitude: 2.2944813, altitude: 35.2 },
    geoDataExif: { latitude: 1, longitude: 2, altitude: 3 },
    people: [{ name: "Anna" }, { name: "Bob" }, { name: "Anna" }, {}, { name: 7 }],
    favorited: true,
    url: "https://photos.google.com/photo/AF1Qip",
  });
  assert.deepEqual(meta, {
    captureTime: new Date("2019-07-14T16:03:11Z"),
    gps: { latitude: 48.8583701, longitude: 2.2944813, altitude: 35.2 },
    description: "Dinner & friends",
    title: "IMG_0001.jpg",
    people: ["Anna", "Bob"],
    favorite: true,
    googleUrl: "https://photos.google.com/photo/AF1Qip",
  });
});

Deno.test("metadata: Takeout 0,0 is no location; geoDataExif fills in; junk is dropped", () => {
  const zero = { latitude: 0, longitude: 0, altitude: 0 };
  const exif = { latitude: -33.8567844, longitude: 151.213108, altitude: 0 };
  assert.deepEqual(fromTakeoutSidecar({ geoData: zero, geoDataExif: exif }).gps, {
    latitude: -33.8567844,
    longitude: 151.213108,
  });
  assert.equal(fromTakeoutSidecar({ geoData: zero, geoDataExif: zero }).gps, undefined);
  assert.deepEqual(
    fromTakeoutSidecar({
      photoTakenTime: { timestamp: "0" },
      geoData: { latitude: "x", longitude: 2 },
      description: "  ",
      people: "Anna",
      favorited: "true",
      url: 42,
    }),
    {},
  );
  assert.deepEqual(fromTakeoutSidecar(null), {});
  assert.deepEqual(fromTakeoutSidecar([1, 2]), {});
});

Deno.test("metadata: a Library API media item", () => {
  const meta = fromMediaItem({
    id: "AB12cd",
    productUrl: "https://photos.google.com/lr/photo/AB12cd",
    description: "At the lake",
    filename: "IMG_1.jpg",
    mediaMetadata: {
      creationTime: "2019-07-14T16:03:11Z",
      width: "4032",
      height: "3024",
      photo: { cameraMake: "Google", cameraModel: "Pixel 3", focalLength: 4.4 },
    },
  });
  assert.deepEqual(meta, {
    captureTime: new Date("2019-07-14T16:03:11Z"),
    description: "At the lake",
    googleUrl: "https://photos.google.com/lr/photo/AB12cd",
    googleId: "AB12cd",
    cameraMake: "Google",
    cameraModel: "Pixel 3",
    width: 4032,
    height: 3024,
  });
  const video = fromMediaItem({
    id: "V1",
    mediaMetadata: {
      creationTime: "2020-01-02T03:04:05.5+09:00",
      video: { cameraMake: "Apple", status: "READY" },
    },
  });
  assert.deepEqual(video, {
    captureTime: new Date("2020-01-01T18:04:05.5Z"),
    captureOffsetMinutes: 540,
    googleId: "V1",
    cameraMake: "Apple",
  });
});

Deno.test("metadata: a Picker API media item", () => {
  const meta = fromMediaItem({
    id: "P1",
    createTime: "2021-05-06T07:08:09Z",
    type: "PHOTO",
    mediaFile: {
      baseUrl: "https://lh3.googleusercontent.com/x",
      mediaFileMetadata: { width: 800, height: "600", cameraMake: "Sony", cameraModel: "A7" },
    },
  });
  assert.deepEqual(meta, {
    captureTime: new Date("2021-05-06T07:08:09Z"),
    googleId: "P1",
    cameraMake: "Sony",
    cameraModel: "A7",
    width: 800,
    height: 600,
  });
  assert.deepEqual(fromMediaItem({ createTime: "not a time", mediaFile: { width: -3 } }), {});
});

Deno.test("metadata: UTC offsets", () => {
  assert.equal(parseOffset("+09:00"), 540);
  assert.equal(parseOffset("-05:30"), -330);
  assert.equal(parseOffset("+0545"), 345);
  assert.equal(parseOffset("Z"), 0);
  for (const bad of ["   :  ", "+25:00", "+01:75", "09:00", ""]) {
    assert.equal(parseOffset(bad), undefined, bad);
  }
  assert.equal(formatOffset(540), "+09:00");
  assert.equal(formatOffset(-330), "-05:30");
  assert.equal(formatOffset(0), "+00:00");
});

/**
 * A JPEG whose Exif IFD holds the given ASCII tags (tag number → value), built byte by byte. Every
 * value is longer than 4 bytes, so each lives in the data area after the IFDs.
 */
function jpegWithExif(tags: [number, string][]): Uint8Array {
  const values = tags.map(([, value]) => new TextEncoder().encode(value + "\0"));
  const exifIfd = 26; // after the TIFF header (8) and IFD0 with one entry (2 + 12 + 4)
  let data = exifIfd + 2 + tags.length * 12 + 4;
  const tiff = new Uint8Array(data + values.reduce((n, v) => n + v.length, 0));
  const view = new DataView(tiff.buffer);
  tiff.set([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  view.setUint16(8, 1, true);
  view.setUint16(10, 0x8769, true); // ExifIFDPointer, LONG, 1 value
  view.setUint16(12, 4, true);
  view.setUint32(14, 1, true);
  view.setUint32(18, exifIfd, true);
  view.setUint16(exifIfd, tags.length, true);
  tags.forEach(([tag], i) => {
    const entry = exifIfd + 2 + i * 12;
    view.setUint16(entry, tag, true);
    view.setUint16(entry + 2, 2, true); // ASCII
    view.setUint32(entry + 4, values[i].length, true);
    view.setUint32(entry + 8, data, true);
    tiff.set(values[i], data);
    data += values[i].length;
  });
  const payload = [...new TextEncoder().encode("Exif\0\0"), ...tiff];
  const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
  const image = photoBytesSync("offset", 1000);
  return new Uint8Array([0xff, 0xd8, ...app1, ...image.subarray(2)]);
}

Deno.test("capture offset: exifr reads OffsetTimeOriginal, then OffsetTimeDigitized", async () => {
  const date: [number, string] = [0x9003, "2019:07:14 18:03:11"];
  assert.equal(await readCaptureOffset(jpegWithExif([date, [0x9011, "+09:00"]])), 540);
  assert.equal(await readCaptureOffset(jpegWithExif([date, [0x9011, "-05:30"]])), -330);
  assert.equal(await readCaptureOffset(jpegWithExif([date, [0x9012, "+02:00"]])), 120);
  // OffsetTime (0x9010) dates the file's modification, not the capture.
  assert.equal(await readCaptureOffset(jpegWithExif([date, [0x9010, "+02:00"]])), undefined);
  assert.equal(await readCaptureOffset(jpegWithExif([date, [0x9011, "   :  "]])), undefined);
  assert.equal(await readCaptureOffset(jpegWithExif([date])), undefined);
  assert.equal(await readCaptureOffset(photoBytesSync("plain", 800)), undefined);
  assert.equal(await readCaptureOffset(new Uint8Array([1, 2, 3])), undefined);
});

Deno.test({
  name: "capture offset: a JPEG that exiftool wrote -OffsetTimeOriginal=+09:00 into",
  ignore: !EXIFTOOL,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-offset-" });
    try {
      const file = join(dir, "photo.jpg");
      await Deno.writeFile(file, photoBytesSync("exiftool", 2000));
      await exiftool([
        "-q",
        "-overwrite_original",
        "-DateTimeOriginal=2019:07:14 18:03:11",
        "-OffsetTimeOriginal=+09:00",
        file,
      ]);
      assert.equal(await readCaptureOffset(await Deno.readFile(file)), 540);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("metadata: the media item id of a Takeout url and of a Library productUrl", () => {
  assert.equal(googleIdOfUrl("https://photos.google.com/photo/AF1QipN0x_y-Z9"), "AF1QipN0x_y-Z9");
  assert.equal(googleIdOfUrl("https://photos.google.com/lr/photo/AB12cdEF34"), "AB12cdEF34");
  assert.equal(
    googleIdOfUrl("https://photos.google.com/u/1/photo/AF1QipN0x_y-Z9"),
    "AF1QipN0x_y-Z9",
  );
  assert.equal(googleIdOfUrl("https://example.com/photo/AF1QipN0x_y-Z9"), undefined);
  assert.equal(googleIdOfUrl("https://photos.google.com/photo/AF1Qip/x"), undefined);
  assert.equal(googleIdOfUrl("https://photos.google.com/photo/DSC01234.JPG"), undefined);
  assert.equal(googleIdOfUrl("not a url"), undefined);
});

Deno.test("metadata: the offset between a local EXIF time and the UTC instant of the same moment", () => {
  const at = (iso: string) => new Date(iso);
  assert.equal(offsetFromWallTime("2021:07:04 23:30:00", at("2021-07-05T03:30:00Z")), -240);
  assert.equal(offsetFromWallTime("2021:06:20 06:30:00", at("2021-06-19T21:30:00Z")), 540);
  assert.equal(offsetFromWallTime("2021:01:01 17:45:30", at("2021-01-01T12:00:00Z")), 345);
  assert.equal(offsetFromWallTime("2021:01:01 12:00:00", at("2021-01-01T12:00:00Z")), 0);
  // Seconds apart (a camera's subseconds) round to the quarter hour.
  assert.equal(offsetFromWallTime("2021:01:01 13:00:20", at("2021-01-01T12:00:00Z")), 60);
  // An edited time is no offset; nor is anything beyond -12:00…+14:00.
  assert.equal(offsetFromWallTime("2021:01:01 15:17:00", at("2021-01-01T12:00:00Z")), undefined);
  assert.equal(offsetFromWallTime("2021:01:02 03:00:00", at("2021-01-01T12:00:00Z")), undefined);
  assert.equal(offsetFromWallTime("2020:01:01 10:00:00", at("2021-03-04T22:30:00Z")), undefined);
  // Never another day than the EXIF date: 00:00:30 local would round back to 23:59:45 the 1st.
  assert.equal(offsetFromWallTime("2021:01:02 00:00:30", at("2021-01-01T22:59:45Z")), undefined);
  assert.equal(offsetFromWallTime("not a time", at("2021-01-01T12:00:00Z")), undefined);
});
