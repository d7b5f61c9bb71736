/**
 * A small export in one language ({@linkcode localizedExport}): a year folder with an original and
 * its localized edited copy, a Pixel motion photo (`.MP` + `.MP.jpg` + a cut sidecar name), an
 * album named by its localized metadata file, the trash (kept out of the library) and the archive
 * (imported, never an album). Also a zip of something that is not a Takeout at all
 * ({@linkcode sourceTreeFiles}).
 *
 * @module
 */
import { photoBytesSync } from "../media.ts";
import type { ExpectedItem, FixtureExport, FixtureFile } from "./exports.ts";
import { dayFolder } from "./exports.ts";
import { TAKEOUT_LOCALES } from "./locales.ts";
import { albumMetadataJson, jsonBytes, sha256, sidecarJson } from "./sidecar.ts";

/** An export in `lang` (a key of `TAKEOUT_LOCALES`), days computed for `timeZone`. */
export function localizedExport(lang: string, timeZone: string): FixtureExport {
  const locale = TAKEOUT_LOCALES[lang];
  if (!locale) throw new Error(`no Takeout locale "${lang}"`);
  const root = `Takeout/${locale.photos}`;
  const year = `${root}/${locale.year(2022)}`;
  const files: FixtureFile[] = [];
  const expected: ExpectedItem[] = [];
  const add = (path: string, bytes: Uint8Array) => files.push({ path, bytes });
  const photo = (name: string) => photoBytesSync(`${lang}:${name}`, 5000);
  const expect = (
    name: string,
    bytes: Uint8Array,
    when: Date | null,
    quirk: string,
    albums: string[] = [],
  ) =>
    expected.push({
      name,
      sha256: sha256(bytes),
      folder: when ? dayFolder(when, timeZone) : "unknown-date",
      albums,
      quirk: `${lang}: ${quirk}`,
    });

  // An original and its edited copy, which has no sidecar of its own.
  const t1 = new Date("2022-02-03T10:00:00Z");
  const original = photo("IMG_0101.jpg");
  const edited = photo(`IMG_0101${locale.edited}.jpg`);
  add(`${year}/IMG_0101.jpg`, original);
  add(`${year}/IMG_0101${locale.edited}.jpg`, edited);
  add(`${year}/IMG_0101.jpg.supplemental-metadata.json`, sidecarJson("IMG_0101.jpg", t1));
  expect("IMG_0101.jpg", original, t1, "original");
  expect(`IMG_0101${locale.edited}.jpg`, edited, t1, `edited copy ${locale.edited}`);

  // A Pixel motion photo: the still carries the sidecar (its name cut to 51 characters), the
  // `.MP` video beside it has none.
  const t2 = new Date("2022-03-04T11:00:00Z");
  const still = photo("PXL_20220304_110000123.MP.jpg");
  const motion = photo("PXL_20220304_110000123.MP");
  add(`${year}/PXL_20220304_110000123.MP.jpg`, still);
  add(`${year}/PXL_20220304_110000123.MP`, motion);
  add(
    `${year}/PXL_20220304_110000123.MP.jpg.supplemental-met.json`,
    sidecarJson("PXL_20220304_110000123.MP.jpg", t2),
  );
  expect("PXL_20220304_110000123.MP.jpg", still, t2, "motion photo still");
  expect("PXL_20220304_110000123.MP", motion, t2, "motion photo video (.MP)");

  // An album: its title comes from the localized metadata file, which is no sidecar.
  const t3 = new Date("2022-04-05T12:00:00Z");
  const trip = photo("IMG_0102.jpg");
  const album = `${root}/Reise ${lang}`;
  const title = `Album ${lang} 2022`;
  add(`${year}/IMG_0102.jpg`, trip);
  add(`${year}/IMG_0102.jpg.supplemental-metadata.json`, sidecarJson("IMG_0102.jpg", t3));
  add(`${album}/${locale.albumMetadata}`, albumMetadataJson(title));
  add(`${album}/IMG_0102.jpg`, trip);
  add(`${album}/IMG_0102.jpg.supplemental-metadata.json`, sidecarJson("IMG_0102.jpg", t3));
  expected.push({
    name: "IMG_0102.jpg",
    sha256: sha256(trip),
    folder: dayFolder(t3, timeZone),
    albums: [title],
    quirk: `${lang}: album from ${locale.albumMetadata}`,
  });

  // Archived items are the user's photos, only hidden from the main view.
  const t4 = new Date("2022-05-06T13:00:00Z");
  const archived = photo("IMG_0103.jpg");
  add(`${root}/${locale.archive}/IMG_0103.jpg`, archived);
  add(
    `${root}/${locale.archive}/IMG_0103.jpg.supplemental-metadata.json`,
    sidecarJson("IMG_0103.jpg", t4, undefined, { archived: true }),
  );
  expect("IMG_0103.jpg", archived, t4, `archive folder ${locale.archive}`);

  // The trash: deleted by the user, kept out of the library.
  const trashed = photo("IMG_0104.jpg");
  add(`${root}/${locale.trash}/IMG_0104.jpg`, trashed);
  add(
    `${root}/${locale.trash}/IMG_0104.jpg.supplemental-metadata.json`,
    sidecarJson("IMG_0104.jpg", new Date("2022-06-07T14:00:00Z"), undefined, { trashed: true }),
  );

  add("Takeout/archive_browser.html", new TextEncoder().encode("<html>Takeout</html>"));
  return { files, expected };
}

/** The trash item of {@linkcode localizedExport}: name and SHA-256, for `--include-trash`. */
export function trashedItem(lang: string): { name: string; sha256: string } {
  return { name: "IMG_0104.jpg", sha256: sha256(photoBytesSync(`${lang}:IMG_0104.jpg`, 5000)) };
}

/** A zip's worth of a source tree: no `Takeout/` folder, nothing that belongs in a photo library. */
export function sourceTreeFiles(): FixtureFile[] {
  const text = (s: string) => new TextEncoder().encode(s);
  return [
    { path: "project/readme.txt", bytes: text("A small project.\n") },
    { path: "project/src/main.ts", bytes: text("console.log('hello');\n") },
    { path: "project/deno.json", bytes: jsonBytes({ tasks: {} }) },
    { path: "project/assets/logo.png", bytes: photoBytesSync("logo", 800) },
  ];
}
