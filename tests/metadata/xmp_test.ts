import assert from "node:assert/strict";
import { join } from "node:path";
import type { PhotoMetadata } from "../../src/metadata/photo_metadata.ts";
import {
  escapeXml,
  formatGpsCoordinate,
  formatRational,
  formatXmpDate,
  toXmp,
} from "../../src/metadata/xmp.ts";
import { parseGpsCoordinate, parseXmp } from "../../src/metadata/xmp_parse.ts";
import { EXIFTOOL, exiftool, exiftoolJson, reportMissingExiftool } from "../support/exiftool.ts";

reportMissingExiftool("metadata/xmp_test.ts");

const FULL: PhotoMetadata = {
  captureTime: new Date("2019-07-14T16:03:11Z"),
  captureOffsetMinutes: 120,
  gps: { latitude: 48.8583701, longitude: -2.2944813, altitude: -12.5 },
  description: 'Dinner & "friends" <3 🎉🇫🇷',
  title: "IMG_0001.jpg",
  people: ["Anna", "Bob O'Neil"],
  favorite: true,
  albums: ["Paris 2019", "Food & Wine"],
  googleUrl: "https://photos.google.com/lr/photo/AB12?a=1&b=2",
  googleId: "AB12cd",
  cameraMake: "Google",
  cameraModel: "Pixel 3",
  width: 4032,
  height: 3024,
};

/** Strings that break naive XML writers. */
const HOSTILE = [
  "]]> end of CDATA",
  "<script>alert('x')</script>",
  "nul\u0000byte and bell\u0007",
  "lone \uD800 high and \uDC00 low surrogates",
  "a\r\nb\rc\td",
  "&amp; already escaped &#x41;",
  "emoji 👩‍👩‍👧 beyond the BMP 𝄞",
];

async function withFile<T>(text: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-xmp-" });
  try {
    const file = join(dir, "IMG_0001.jpg.xmp");
    await Deno.writeTextFile(file, text);
    return await fn(file);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("xmp: escaping keeps text, drops what XML 1.0 cannot hold", () => {
  assert.equal(escapeXml(`a&b<c>d"e'f`), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  assert.equal(escapeXml("]]>"), "]]&gt;");
  assert.equal(escapeXml("x\u0000\u0001\u000B\u001F\u007F\u0085\uFFFEy"), "xy");
  assert.equal(escapeXml("tab\tline\ncr\r\nx"), "tab\tline\ncr\nx");
  assert.equal(escapeXml("a\uD800b\uDC00c"), "a\uFFFDb\uFFFDc");
  assert.equal(escapeXml("🎉𝄞"), "🎉𝄞");
});

Deno.test("xmp: dates, coordinates and rationals", () => {
  const t = new Date("2019-07-14T16:03:11.250Z");
  assert.equal(formatXmpDate(t, 120), "2019-07-14T18:03:11+02:00");
  assert.equal(formatXmpDate(t, -330), "2019-07-14T10:33:11-05:30");
  assert.equal(formatXmpDate(t), "2019-07-14T16:03:11Z");
  assert.equal(formatGpsCoordinate(48.5, "N"), "48,30N");
  assert.equal(formatGpsCoordinate(-33.8567844, "N"), "33,51.407064S");
  assert.equal(formatGpsCoordinate(-0.0000001, "E"), "0,0.000006W");
  assert.equal(formatGpsCoordinate(0, "E"), "0,0E");
  assert.equal(formatGpsCoordinate(12.99999999999, "E"), "13,0E");
  for (const deg of [48.8583701, -2.2944813, 179.9999999, -89.123456789, 0.000001]) {
    const back = parseGpsCoordinate(formatGpsCoordinate(deg, "N"));
    assert.ok(Math.abs(back! - deg) < 1e-9, `${deg} → ${back}`);
  }
  assert.equal(parseGpsCoordinate("48,51,30.13N")! - 48.858369 < 1e-6, true);
  assert.equal(formatRational(35.2), "35200/1000");
  assert.equal(formatRational(-12.5), "12500/1000");
});

Deno.test("xmp: the document holds every field and reads back the same", () => {
  const xmp = toXmp(FULL);
  assert.match(xmp, /^<\?xpacket begin=/);
  assert.match(xmp, /<exif:DateTimeOriginal>2019-07-14T18:03:11\+02:00</);
  assert.match(xmp, /<exif:GPSLatitude>48,51.502206N</);
  assert.match(xmp, /<exif:GPSAltitudeRef>1</);
  assert.match(xmp, /<rdf:li>Albums\|Food &amp; Wine<\/rdf:li>/);
  assert.match(xmp, /<xmp:Rating>5</);
  assert.deepEqual(parseXmp(xmp), FULL);
  assert.deepEqual(parseXmp(toXmp({})), {});
  const empty = toXmp({ description: "\u0000", title: " ", people: ["\u0007"], albums: [""] });
  assert.equal(empty, toXmp({}));
  const noOffset = { captureTime: FULL.captureTime };
  assert.match(toXmp(noOffset), /2019-07-14T16:03:11Z/);
  assert.deepEqual(parseXmp(toXmp(noOffset)), noOffset);
});

Deno.test("xmp: hostile strings give a document that parses back", () => {
  for (const text of HOSTILE) {
    const back = parseXmp(toXmp({ description: text, people: [text], albums: [text] }));
    assert.ok(back, text);
    const expected = escapeXml(text).replace(
      /&(amp|lt|gt|quot|apos);/g,
      (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e]!,
    ).trim();
    assert.equal(back.description, expected);
    assert.deepEqual(back.people, [expected]);
    assert.deepEqual(back.albums, [expected.replaceAll("|", "/")]);
  }
});

Deno.test("xmp: the reader refuses what is not a well-formed XMP document", () => {
  const good = toXmp({ title: "x" });
  assert.ok(parseXmp(good));
  const broken = [
    "",
    "not xml",
    good.slice(0, good.length / 2),
    good.replace("</dc:title>", ""),
    good.replace("<rdf:li", "<rdf:li <"),
    good.replace(">x<", ">a & b<"),
    good.replace(">x<", ">&bogus;<"),
    "<x:xmpmeta xmlns:x='adobe:ns:meta/'></x:xmpmeta>",
    "<a/><b/>",
  ];
  for (const text of broken) assert.equal(parseXmp(text), undefined, JSON.stringify(text));
  // Attribute form, other prefixes, a comment: all fine.
  const other = `<?xml version="1.0"?><!-- hi --><x:xmpmeta xmlns:x="adobe:ns:meta/">
    <r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><r:Description
    xmlns:t="http://ns.adobe.com/tiff/1.0/" xmlns:e="http://ns.adobe.com/exif/1.0/"
    t:Make="Canon" e:DateTimeOriginal="2001-02-03T04:05:06-01:00" e:PixelXDimension="640"/>
    </r:RDF></x:xmpmeta>`;
  assert.deepEqual(parseXmp(other), {
    captureTime: new Date("2001-02-03T05:05:06Z"),
    captureOffsetMinutes: -60,
    cameraMake: "Canon",
    width: 640,
  });
});

Deno.test({
  name: "xmp: exiftool reads every field",
  ignore: !EXIFTOOL,
  async fn() {
    const tags = await withFile(toXmp(FULL), exiftoolJson);
    assert.equal(tags["XMP-exif:DateTimeOriginal"], "2019:07:14 18:03:11+02:00");
    assert.ok(Math.abs(tags["XMP-exif:GPSLatitude"] as number - 48.8583701) < 1e-6);
    assert.ok(Math.abs(tags["XMP-exif:GPSLongitude"] as number - -2.2944813) < 1e-6);
    assert.equal(tags["XMP-exif:GPSAltitude"], 12.5);
    assert.equal(tags["XMP-exif:GPSAltitudeRef"], 1);
    assert.equal(tags["Composite:GPSAltitude"], -12.5);
    assert.equal(tags["XMP-dc:Description"], FULL.description);
    assert.equal(tags["XMP-dc:Title"], "IMG_0001.jpg");
    assert.deepEqual(tags["XMP-iptcExt:PersonInImage"], FULL.people);
    assert.equal(tags["XMP-xmp:Rating"], 5);
    assert.deepEqual(tags["XMP-dc:Subject"], FULL.albums);
    assert.deepEqual(tags["XMP-lr:HierarchicalSubject"], [
      "Albums|Paris 2019",
      "Albums|Food & Wine",
    ]);
    assert.equal(tags["XMP-tiff:Make"], "Google");
    assert.equal(tags["XMP-tiff:Model"], "Pixel 3");
    assert.equal(tags["XMP-exif:ExifImageWidth"], 4032);
    assert.equal(tags["XMP-exif:ExifImageHeight"], 3024);
    assert.equal(tags["XMP-GPhotosNas:Url"], FULL.googleUrl);
    assert.equal(tags["XMP-GPhotosNas:MediaId"], "AB12cd");
    assert.equal(tags["ExifTool:Warning"], undefined);
    const utc = await withFile(toXmp({ captureTime: FULL.captureTime }), exiftoolJson);
    assert.equal(utc["XMP-exif:DateTimeOriginal"], "2019:07:14 16:03:11Z");
  },
});

Deno.test({
  name: "xmp: exiftool reads hostile strings without a warning",
  ignore: !EXIFTOOL,
  async fn() {
    for (const text of HOSTILE) {
      const meta = { description: text, title: text, people: [text], albums: [text] };
      const tags = await withFile(toXmp(meta), exiftoolJson);
      assert.equal(tags["ExifTool:Warning"], undefined, text);
      assert.equal(tags["ExifTool:Error"], undefined, text);
      const expected = parseXmp(toXmp(meta))!.description;
      assert.equal(tags["XMP-dc:Description"], expected);
      assert.equal(tags["XMP-dc:Title"], expected);
      // exiftool gives a one-element list as a plain value.
      assert.deepEqual([tags["XMP-iptcExt:PersonInImage"]].flat(), [expected]);
    }
  },
});

Deno.test({
  name: "xmp: our reader reads a sidecar exiftool rewrote",
  ignore: !EXIFTOOL,
  async fn() {
    await withFile(toXmp(FULL), async (file) => {
      const copy = file.replace(/\.xmp$/, ".copy.xmp");
      await exiftool(["-q", "-tagsFromFile", file, "-all:all", "-o", copy]);
      // exiftool drops properties of namespaces it does not know, such as ours.
      const { googleUrl: _url, googleId: _id, ...known } = FULL;
      assert.deepEqual(parseXmp(await Deno.readTextFile(copy)), known);
    });
  },
});
