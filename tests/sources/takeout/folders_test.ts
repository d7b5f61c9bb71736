import assert from "node:assert/strict";
import {
  albumTitle,
  isAlbumMetadata,
  isPhotosRoot,
  isSidecarShape,
  isYearFolder,
  specialFolder,
} from "../../../src/sources/takeout/folders.ts";
import { isGooglePhotosPath } from "../../../src/sources/takeout/check.ts";
import { SidecarIndex } from "../../../src/sources/takeout/sidecar.ts";
import { TAKEOUT_LOCALES } from "../../../src/simulator/takeout/mod.ts";

Deno.test("folders: every language's year, trash and archive folder is known", () => {
  for (const [lang, locale] of Object.entries(TAKEOUT_LOCALES)) {
    assert.ok(isYearFolder(locale.year(2019)), `${lang}: ${locale.year(2019)}`);
    assert.equal(specialFolder(locale.trash), "trash", `${lang}: ${locale.trash}`);
    assert.equal(specialFolder(locale.archive), "archive", `${lang}: ${locale.archive}`);
    assert.ok(isPhotosRoot(locale.photos), `${lang}: ${locale.photos}`);
  }
  // Variants seen in the wild: es "Fotos del 2019" beside "Fotos de 2019", it "Foto dal 2019".
  const seen = [
    "Fotos del 2019",
    "Foto dal 2019",
    "2019-06-16",
    "2019-06-16 #2",
    "Photos from 1999",
  ];
  for (const name of seen) {
    assert.ok(isYearFolder(name), name);
  }
  for (const name of ["Summer Trip", "Untitled(1)", "Kids 2019 and 2020", "IMG_2019", "2019"]) {
    assert.equal(isYearFolder(name), false, name);
  }
  assert.equal(specialFolder("Failed Videos"), undefined);
  assert.equal(isPhotosRoot("Drive"), false);
  assert.equal(isPhotosRoot("Google Play Store"), false);
});

Deno.test("folders: album metadata and sidecars are told apart by shape, not by file name", () => {
  const album = { title: "Urlaub", description: "", access: "protected", date: { timestamp: "1" } };
  const old = { albumData: { title: "Old", date: { timestamp: "1" } } };
  const sidecar = { title: "IMG_1.jpg", photoTakenTime: { timestamp: "1" }, imageViews: "0" };
  const uploadedOnly = { title: "VID.mp4", creationTime: { timestamp: "1" } };
  assert.ok(isAlbumMetadata(album) && !isSidecarShape(album));
  assert.ok(isAlbumMetadata(old) && albumTitle(old) === "Old");
  assert.ok(isSidecarShape(sidecar) && !isAlbumMetadata(sidecar));
  assert.ok(isSidecarShape(uploadedOnly));
  for (const other of [{}, { subscriptions: [] }, { title: "x" }]) {
    assert.ok(!isAlbumMetadata(other) && !isSidecarShape(other), JSON.stringify(other));
  }
});

Deno.test("check: Google Photos paths in any language; other Takeout products and trees are not", () => {
  assert.ok(isGooglePhotosPath("Takeout/Google Fotos/Fotos von 2019/IMG_1.jpg"));
  assert.ok(isGooglePhotosPath("Takeout/Google 相册/2019 年的照片/IMG_1.jpg"));
  // An unknown language: known by its year folder or its sidecars.
  assert.ok(isGooglePhotosPath("Takeout/Google Fényképek/Fotók 2019/IMG_1.jpg"));
  assert.ok(
    isGooglePhotosPath("Takeout/Google Fényképek/Nyaralás/IMG_1.jpg.supplemental-met.json"),
  );
  assert.equal(isGooglePhotosPath("Takeout/Drive/notes/readme.txt"), false);
  assert.equal(isGooglePhotosPath("Takeout/archive_browser.html"), false);
  assert.equal(isGooglePhotosPath("project/src/main.ts"), false);
});

Deno.test("sidecar matching: Pixel .MP beside .MP.jpg, and edited copies in every language", () => {
  const index = new SidecarIndex();
  const folder = "Takeout/Google Fotos/Fotos von 2022";
  // A sidecar's title is the name the file was uploaded with (the pairing rule checks it).
  const still = "PXL_20220304_110000123.MP.jpg";
  index.add(folder, `${still}.supplemental-met.json`, { title: still });
  index.add(folder, "IMG_1.jpg.supplemental-metadata.json", { title: "IMG_1.jpg" });
  const siblings = ["PXL_20220304_110000123.MP", still];
  assert.equal(index.match(folder, "PXL_20220304_110000123.MP", siblings)?.title, still);
  assert.equal(index.match(folder, still, siblings)?.title, still);
  for (const locale of Object.values(TAKEOUT_LOCALES)) {
    const edited = `IMG_1${locale.edited}.jpg`;
    assert.equal(index.match(folder, edited, [])?.title, "IMG_1.jpg", edited);
    // macOS unpacks names decomposed (NFD): the suffix still matches.
    assert.equal(index.match(folder, edited.normalize("NFD"), [])?.title, "IMG_1.jpg", edited);
  }
});
