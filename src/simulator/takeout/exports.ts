/**
 * The contents of generated Takeout exports: every sidecar-naming quirk Google produces (sidecar
 * names written out as Google writes them), an album with `metadata.json`, the same file in the
 * year folder and an album folder, Takeout's own files, and what the library should make of each
 * media file. Media bytes come from the simulator's generators.
 *
 * @module
 */
import { photoBytesSync, videoBytes } from "../media.ts";
import { albumMetadataJson, jsonBytes, sha256, sidecarJson } from "./sidecar.ts";

/** One file in an export. */
export interface FixtureFile {
  /** Path inside the archive. */
  path: string;
  /** Its bytes. */
  bytes: Uint8Array;
}

/** A media item the export holds, with what the library should make of it. */
export interface ExpectedItem {
  /** File name in the export. */
  name: string;
  /** SHA-256 of its bytes. */
  sha256: string;
  /** The day folder it belongs in (`YYYY/YYYY-MM-DD` or `unknown-date`), for the zone used. */
  folder: string;
  /** Albums it belongs to. */
  albums: string[];
  /** Which quirk it exercises. */
  quirk: string;
}

/** An export: its files and the expected outcome. */
export interface FixtureExport {
  /** Files, in archive order. */
  files: FixtureFile[];
  /** The media items it should yield. */
  expected: ExpectedItem[];
}

const ROOT = "Takeout/Google Photos";

/**
 * What the first export's sidecar says about DSC01234.JPG beyond the defaults of `sidecarJson`: a
 * description with characters XML must escape, a favourite, two people and a location below sea
 * level.
 */
export const DSC_METADATA = {
  description: `Dinner at Léa's & "friends" <3 🥞`,
  favorited: true,
  people: [{ name: "Ada" }, { name: "Bob O'Neil" }],
  geoData: { latitude: -33.8567844, longitude: 151.213108, altitude: -4.5 },
} as const;

/** A photo whose EXIF says it was taken at 06:30 +09:00 on 2021-06-20 (21:30 UTC the day before). */
export const TOKYO_PHOTO = "IMG_20210620_063000.jpg";

/**
 * A photo taken at 23:30 on 2021-07-04 in New York (03:30 UTC on the 5th): its EXIF time has no
 * offset, its sidecar's `photoTakenTime` is the UTC instant, so the offset is −04:00.
 */
export const NEW_YORK_PHOTO = "IMG_20210704_233000.jpg";

/** The description a later export brings for DSC01234.JPG (edited in Google Photos meanwhile). */
export const DSC_LATER_DESCRIPTION = "Dinner at Léa's, with the recipe";

async function videoSync(seed: string, size: number): Promise<Uint8Array> {
  return new Uint8Array(await new Response(videoBytes(seed, size)).arrayBuffer());
}

/** The `YYYY/YYYY-MM-DD` folder of instant `d` in `timeZone`. */
export function dayFolder(d: Date, timeZone: string): string {
  const s = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(d);
  return `${s.slice(0, 4)}/${s}`;
}

/**
 * The first export: every naming quirk, an album, Takeout's own files. Days are computed for
 * `timeZone`. `seed` varies the bytes between exports.
 */
export async function firstExport(timeZone: string, seed = "a"): Promise<FixtureExport> {
  const files: FixtureFile[] = [];
  const expected: ExpectedItem[] = [];
  const year = `${ROOT}/Photos from 2021`;
  const add = (path: string, bytes: Uint8Array) => files.push({ path, bytes });
  const photo = (name: string, exif?: string, size = 6000) =>
    photoBytesSync(`${seed}:${name}`, size, exif);
  const expect = (
    name: string,
    bytes: Uint8Array,
    folder: string,
    quirk: string,
    albums: string[] = [],
  ) => expected.push({ name, sha256: sha256(bytes), folder, albums, quirk });
  const day = (d: Date) => dayFolder(d, timeZone);

  // A sidecar's photoTakenTime wins over the EXIF date. 22:30 UTC is 23:30 in Berlin (UTC+1 in
  // March), so a zone east of UTC+1:30 puts it on the next day: the folder follows the zone.
  const t1 = new Date("2021-03-04T22:30:00Z");
  const p1 = photo("IMG_20210304_233000.jpg", "2020:01:01 10:00:00");
  add(`${year}/IMG_20210304_233000.jpg`, p1);
  expect("IMG_20210304_233000.jpg", p1, day(t1), "supplemental-metadata sidecar", [
    "Summer Trip 2021",
  ]);

  // DSC01234.JPG carries everything an XMP sidecar holds (DSC_METADATA).
  const t2 = new Date("2021-05-06T12:00:00Z");
  const p2 = photo("DSC01234.JPG");
  add(`${year}/DSC01234.JPG`, p2);
  add(`${year}/DSC01234.JPG.json`, sidecarJson("DSC01234.JPG", t2, undefined, DSC_METADATA));
  expect("DSC01234.JPG", p2, day(t2), "old NAME.json sidecar", ["Summer Trip 2021"]);

  // Google cuts a sidecar name to 51 characters: "NAME.supplemental-metadata" to 46, then ".json".
  for (
    const [name, sidecar, when] of [
      [
        "PXL_20210607_101112345.PORTRAIT.ORIGINAL_extra.jpg",
        "PXL_20210607_101112345.PORTRAIT.ORIGINAL_extra.json",
        "2021-06-07T10:11:12Z",
      ],
      [
        "Screenshot_20210708-091011_Maps_x.jpg",
        "Screenshot_20210708-091011_Maps_x.jpg.suppleme.json",
        "2021-07-08T09:10:11Z",
      ],
      [
        "IMG_20210809_101112_HDR_burst_01.jpg",
        "IMG_20210809_101112_HDR_burst_01.jpg.supplemen.json",
        "2021-08-09T10:11:12Z",
      ],
      [
        "PXL_20210810_121314151_MOTION_cover1.jpg",
        "PXL_20210810_121314151_MOTION_cover1.jpg.suppl.json",
        "2021-08-10T12:13:14Z",
      ],
      [
        "PXL_20210811_121314151_NIGHT_SIGHT_edit12.jpg",
        "PXL_20210811_121314151_NIGHT_SIGHT_edit12.jpg..json",
        "2021-08-11T12:13:14Z",
      ],
    ] as const
  ) {
    const taken = new Date(when);
    const bytes = photo(name);
    add(`${year}/${name}`, bytes);
    add(`${year}/${sidecar}`, sidecarJson(name, taken));
    expect(name, bytes, day(taken), `sidecar ${sidecar}`);
  }

  // A camera that records its UTC offset (EXIF OffsetTimeOriginal): taken at 06:30 on the 20th in
  // Tokyo, when it was still the 19th from London to Berlin. It belongs to the Tokyo day.
  const tokyo = new Date("2021-06-19T21:30:00Z");
  const p14 = photo(TOKYO_PHOTO, "2021:06:20 06:30:00+09:00");
  add(`${year}/${TOKYO_PHOTO}`, p14);
  add(`${year}/${TOKYO_PHOTO}.supplemental-metadata.json`, sidecarJson(TOKYO_PHOTO, tokyo));
  expect(
    TOKYO_PHOTO,
    p14,
    "2021/2021-06-20",
    "EXIF OffsetTimeOriginal: the day where it was taken",
  );

  // Duplicates: IMG_0002.jpg and IMG_0002(1).jpg ↔ IMG_0002.jpg.supplemental-metadata(1).json
  const t6 = new Date("2021-09-01T08:00:00Z");
  const t7 = new Date("2021-09-02T08:00:00Z");
  const p6 = photo("IMG_0002.jpg#0");
  const p7 = photo("IMG_0002.jpg#1");
  add(`${year}/IMG_0002.jpg`, p6);
  add(`${year}/IMG_0002(1).jpg`, p7);
  add(`${year}/IMG_0002.jpg.supplemental-metadata.json`, sidecarJson("IMG_0002.jpg", t6));
  add(`${year}/IMG_0002.jpg.supplemental-metadata(1).json`, sidecarJson("IMG_0002.jpg", t7));
  expect("IMG_0002.jpg", p6, day(t6), "duplicate name, first");
  expect("IMG_0002(1).jpg", p7, day(t7), "duplicate (1) ↔ .supplemental-metadata(1).json");

  // Older duplicate style: IMG_0003(1).jpg ↔ IMG_0003.jpg(1).json
  const t8 = new Date("2021-10-03T08:00:00Z");
  const p8 = photo("IMG_0003(1).jpg");
  add(`${year}/IMG_0003(1).jpg`, p8);
  add(`${year}/IMG_0003.jpg(1).json`, sidecarJson("IMG_0003.jpg", t8));
  expect("IMG_0003(1).jpg", p8, day(t8), "duplicate (1) ↔ NAME.jpg(1).json");

  // An edited copy shares its original's sidecar and lands beside it.
  const t9 = new Date("2021-11-04T08:00:00Z");
  const p9 = photo("IMG_0004.jpg");
  const p9e = photo("IMG_0004-edited.jpg");
  add(`${year}/IMG_0004.jpg`, p9);
  add(`${year}/IMG_0004-edited.jpg`, p9e);
  add(`${year}/IMG_0004.jpg.supplemental-metadata.json`, sidecarJson("IMG_0004.jpg", t9));
  expect("IMG_0004.jpg", p9, day(t9), "original of an edited copy");
  expect("IMG_0004-edited.jpg", p9e, day(t9), "-edited shares the original's sidecar");

  // Live photo: the video has no sidecar and takes its still's date. The still's EXIF records
  // +09:00 (06:30 on the 5th in Tokyo, the 4th in Europe): the pair stays together on the 5th.
  const t10 = new Date("2021-12-04T21:30:00Z");
  const still = photo("PXL_0005.HEIC", "2021:12:05 06:30:00+09:00");
  const motion = await videoSync(`${seed}:PXL_0005.MP4`, 9000);
  add(`${year}/PXL_0005.HEIC`, still);
  add(`${year}/PXL_0005.MP4`, motion);
  add(`${year}/PXL_0005.HEIC.supplemental-metadata.json`, sidecarJson("PXL_0005.HEIC", t10));
  expect("PXL_0005.HEIC", still, "2021/2021-12-05", "live photo still, with a capture offset");
  expect("PXL_0005.MP4", motion, "2021/2021-12-05", "live photo video: beside its still");

  // No sidecar: the EXIF date as it stands.
  const p11 = photo("IMG_NOSIDECAR.jpg", "2021:02:03 23:59:00");
  add(`${year}/IMG_NOSIDECAR.jpg`, p11);
  expect("IMG_NOSIDECAR.jpg", p11, "2021/2021-02-03", "no sidecar: EXIF DateTimeOriginal");

  // A sidecar without photoTakenTime: the upload time.
  const t12 = new Date("2021-04-05T12:00:00Z");
  const v12 = await videoSync(`${seed}:VID_UPLOADED.mp4`, 12000);
  add(`${year}/VID_UPLOADED.mp4`, v12);
  add(
    `${year}/VID_UPLOADED.mp4.supplemental-metadata.json`,
    sidecarJson("VID_UPLOADED.mp4", undefined, t12),
  );
  expect("VID_UPLOADED.mp4", v12, day(t12), "sidecar creationTime only");

  // Nothing at all: unknown-date.
  const v13 = await videoSync(`${seed}:mystery.mp4`, 7000);
  add(`${year}/mystery.mp4`, v13);
  expect("mystery.mp4", v13, "unknown-date", "no date anywhere");

  // An album repeats two files of the year folder, with their sidecars, and names itself.
  const album = `${ROOT}/Summer Trip`;
  add(`${album}/metadata.json`, albumMetadataJson("Summer Trip 2021"));
  add(`${album}/IMG_20210304_233000.jpg`, p1);
  add(
    `${album}/IMG_20210304_233000.jpg.supplemental-metadata.json`,
    sidecarJson("IMG_20210304_233000.jpg", t1),
  );
  add(`${album}/DSC01234.JPG`, p2);
  add(`${album}/DSC01234.JPG.json`, sidecarJson("DSC01234.JPG", t2, undefined, DSC_METADATA));

  // Takeout's own files, and p1's year-folder sidecar last (it goes to another part).
  add("Takeout/archive_browser.html", new TextEncoder().encode("<html>Takeout</html>"));
  add(`${ROOT}/print-subscriptions.json`, jsonBytes({}));
  add(
    `${year}/IMG_20210304_233000.jpg.supplemental-metadata.json`,
    sidecarJson("IMG_20210304_233000.jpg", t1),
  );
  return { files, expected };
}

/**
 * An export of one photo ({@linkcode NEW_YORK_PHOTO}) from a camera that records no offset: its
 * EXIF wall time (23:30 on the 4th) and its sidecar's UTC instant (03:30 on the 5th) make −04:00,
 * so it belongs to the EXIF day in every library zone.
 */
export function newYorkExport(): FixtureExport {
  const taken = new Date("2021-07-05T03:30:00Z");
  const bytes = photoBytesSync(`ny:${NEW_YORK_PHOTO}`, 6000, "2021:07:04 23:30:00");
  const year = `${ROOT}/Photos from 2021`;
  return {
    files: [
      { path: `${year}/${NEW_YORK_PHOTO}`, bytes },
      {
        path: `${year}/${NEW_YORK_PHOTO}.supplemental-metadata.json`,
        bytes: sidecarJson(NEW_YORK_PHOTO, taken),
      },
    ],
    expected: [{
      name: NEW_YORK_PHOTO,
      sha256: sha256(bytes),
      folder: "2021/2021-07-04",
      albums: [],
      quirk: "EXIF time without offset + sidecar UTC time",
    }],
  };
}

/** A later, incremental export: one file seen before (its description edited), one new. */
export function secondExport(timeZone: string, first: FixtureExport): FixtureExport {
  const again = first.files.find((f) => f.path.endsWith("Photos from 2021/DSC01234.JPG"))!;
  const firstSidecar = first.files.find((f) =>
    f.path.endsWith("Photos from 2021/DSC01234.JPG.json")
  )!;
  // Its description was edited in Google Photos between the exports.
  const edited = { ...JSON.parse(new TextDecoder().decode(firstSidecar.bytes)) };
  edited.description = DSC_LATER_DESCRIPTION;
  const againSidecar = { path: firstSidecar.path, bytes: jsonBytes(edited) };
  const t = new Date("2022-01-02T03:04:05Z");
  const fresh = photoBytesSync("second:IMG_20220102.jpg", 7000);
  const year = `${ROOT}/Photos from 2022`;
  const stamp = String(Math.floor(t.getTime() / 1000));
  return {
    files: [
      again,
      againSidecar,
      { path: `${year}/IMG_20220102.jpg`, bytes: fresh },
      {
        path: `${year}/IMG_20220102.jpg.supplemental-metadata.json`,
        bytes: jsonBytes({ title: "IMG_20220102.jpg", photoTakenTime: { timestamp: stamp } }),
      },
    ],
    expected: [{
      name: "IMG_20220102.jpg",
      sha256: sha256(fresh),
      folder: dayFolder(t, timeZone),
      albums: [],
      quirk: "new in the incremental export",
    }],
  };
}
