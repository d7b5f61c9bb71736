/**
 * Naming cases from Google Photos Takeout Helper (TheLastGimbus/GooglePhotosTakeoutHelper, its test
 * `test/gpth_test.dart` and its list of "extra" suffixes) and its fork "GPTH neo"
 * (Xentraxx/GooglePhotosTakeoutHelper, tests under `test/unit/`).
 *
 * @module
 */
import { folder, type NamingCase, pair, refuse } from "./naming_cases.ts";
import { NEO_EXTRA, NEO_SUFFIX_CASES, NUMBERED_EDIT, PARTIAL_SUFFIX } from "./naming_corpus_neo.ts";

const GPTH = "TheLastGimbus/GooglePhotosTakeoutHelper test/gpth_test.dart";
const NEO_FIXING =
  "Xentraxx/GooglePhotosTakeoutHelper test/unit/extension_fixing_metadata_matcher_test.dart";
const NEO_MATCHER =
  "Xentraxx/GooglePhotosTakeoutHelper test/unit/metadata_matcher_service_test.dart";
const NEO_TRUNCATED =
  "Xentraxx/GooglePhotosTakeoutHelper test/unit/truncated_filename_fixer_service_test.dart";
const NEO_ISSUES = "Xentraxx/GooglePhotosTakeoutHelper test/e2e/e2e_github_issues_test.dart";

/** GPTH's own test folder, one case per photo. */
const gpthCases: NamingCase[] = [
  pair(GPTH, "image-edited.jpg", "image-edited.jpg.json", {
    note: "an exact sidecar wins over the edit suffix",
  }),
  pair(
    GPTH,
    "Urlaub in Knaufspesch in der Schneifel (38).JPG",
    "Urlaub in Knaufspesch in der Schneifel (38).JP.json",
    { note: "a (38) that is part of the name, not a duplicate number: the title says so" },
  ),
  pair(
    GPTH,
    "Screenshot_2022-10-28-09-31-43-118_com.snapchat.jpg",
    "Screenshot_2022-10-28-09-31-43-118_com.snapcha.json",
  ),
  pair(GPTH, "simple_file_20200101-edited.jpg", "simple_file_20200101.jpg.json", {
    title: "simple_file_20200101.jpg",
  }),
  refuse(
    GPTH,
    "simple_file_20200101-edited(1).jpg",
    "simple_file_20200101.jpg.json",
    "simple_file_20200101.jpg",
    NUMBERED_EDIT,
  ),
  pair(GPTH, "img_(87).(vacation stuff).lol(87).jpg", "img_(87).(vacation stuff).lol.jpg(87).json"),
  pair(GPTH, "IMG-20150125-WA0003-modifié.jpg", "IMG-20150125-WA0003.jpg.json", {
    title: "IMG-20150125-WA0003.jpg",
  }),
  refuse(
    GPTH,
    "IMG-20150125-WA0003-modifié(1).jpg",
    "IMG-20150125-WA0003.jpg.json",
    "IMG-20150125-WA0003.jpg",
    NUMBERED_EDIT,
  ),
];

/** GPTH's list of creation suffixes (lib/extras.dart): each one on an original's copy. */
const suffixCases: NamingCase[] = ["effects", "smile", "mix", "edytowane", "bewerkt", "editat"].map(
  (suffix) =>
    folder("TheLastGimbus/GooglePhotosTakeoutHelper lib/extras.dart", {
      [`IMG_20190704_1200${suffix.length}.jpg.json`]: `IMG_20190704_1200${suffix.length}.jpg`,
    }, {
      [`IMG_20190704_1200${suffix.length}.jpg`]: `IMG_20190704_1200${suffix.length}.jpg.json`,
      [`IMG_20190704_1200${suffix.length}-${suffix}.jpg`]:
        `IMG_20190704_1200${suffix.length}.jpg.json`,
    }, { note: `the "-${suffix}" copy shares its original's sidecar` }),
);

/** GPTH neo's matching tests. */
const neoCases: NamingCase[] = [
  pair(NEO_MATCHER, "photo.jpg", "photo.jpg.json"),
  pair(NEO_MATCHER, "photo.jpg", "photo.jpg.supplemental-metadata.json"),
  pair(NEO_MATCHER, "file.with.dots.jpg", "file.with.dots.jpg.json"),
  pair(NEO_MATCHER, "a.jpg", "a.jpg.json"),
  pair(NEO_MATCHER, "Photo.JPG", "Photo.JPG.json"),
  pair(NEO_EXTRA, "image(11).jpg", "image.jpg(11).json"),
  pair(NEO_EXTRA, "photo.jpg", "photo.json", {
    title: "photo",
    note: "uploaded without an extension",
  }),
  pair(
    NEO_EXTRA,
    "very_long_filename_that_exceeds_normal_limits_and_causes_truncation.jpg",
    "very_long_filename_that_exceeds_normal_limits_.json",
    { note: "the test's title is a placeholder; a real one is the whole name" },
  ),
  folder(
    NEO_EXTRA,
    { "photo-edited.jpg.json": "photo-edited.jpg", "photo.jpg.json": "photo.jpg" },
    {
      "photo-edited.jpg": "photo-edited.jpg.json",
    },
    { note: "its own sidecar wins over its original's" },
  ),
  pair(NEO_EXTRA, "PXL_20230518_103349822.MP", "PXL_20230518_103349822.MP.supplemental-met.json"),
  pair(NEO_EXTRA, "café-edited.jpg", "café.jpg.json", { title: "café.jpg" }),
  folder(NEO_FIXING, {
    "IMG_2367.HEIC.supplemental-metadata.json": "IMG_2367.HEIC",
  }, {
    "IMG_2367.MP4": "IMG_2367.HEIC.supplemental-metadata.json",
  }, { note: "a live photo's video borrows its still's sidecar, the still absent" }),
  folder(NEO_FIXING, {
    "IMG_2368.HEIC.supplemental-metadata(1).json": "IMG_2368.HEIC",
    "IMG_2368.MP4.supplemental-metadata(1).json": "IMG_2368.MP4",
  }, {
    "IMG_2368(1).HEIC": "IMG_2368.HEIC.supplemental-metadata(1).json",
    "IMG_2368(1).MP4": "IMG_2368.MP4.supplemental-metadata(1).json",
  }),
  folder(NEO_FIXING, {
    "IMG_2369.HEIC.supplemental-metadata.json": "IMG_2369.HEIC",
    "IMG_2369.MP4.supplemental-metadata.json": "IMG_2369.MP4",
  }, {
    "IMG_2369.HEIC": "IMG_2369.HEIC.supplemental-metadata.json",
    "IMG_2369.MP4": "IMG_2369.MP4.supplemental-metadata.json",
  }, { note: "a video with a sidecar of its own keeps it" }),
  pair(NEO_FIXING, "IMG_2370(1).HEIC", "IMG_2370.HEIC(1).supplemental-metadata.json"),
  folder(NEO_FIXING, { "photo.jpg.json": "photo.jpg", "photo.jpg(1).json": "photo.jpg" }, {
    "photo.jpg": "photo.jpg.json",
  }),
  folder(
    NEO_FIXING,
    { "photo.jpg.supplemental-metadata.json": "photo.jpg", "photo.jpg.json": "photo.jpg" },
    { "photo.jpg": null },
    {
      verdict: "disputed",
      note: "GPTH neo prefers the supplemental-metadata one; two sidecars for one file that give " +
        "two days cannot be told apart by name or title: we leave it undated and report it",
    },
  ),
  pair(NEO_TRUNCATED, "This_is_a_very_long_file.jpg", "This_is_a_very_long_file.jpg.json", {
    title: "This_is_a_very_long_filename_that_was_truncated",
    note: "the file's exact sidecar, whatever its title",
  }),
  pair(
    NEO_TRUNCATED,
    "Vacation_photo_fro.jpg",
    "Vacation_photo_fro.jpg.supplemental-metadata.json",
    {
      title: "Vacation_photo_from_summer_2023",
    },
  ),
  pair(NEO_TRUNCATED, "日本の写真_trun.jpg", "日本の写真_trun.jpg.json", {
    title: "日本の写真_truncated_name",
  }),
  refuse(
    NEO_ISSUES,
    "测试图片_中文-ha edi.jpg",
    "测试图片_中文.jpg.json",
    "测试图片_中文.jpg",
    PARTIAL_SUFFIX,
  ),
  refuse(
    NEO_ISSUES,
    "foto_española-ha ed.jpg",
    "foto_española.jpg.json",
    "foto_española.jpg",
    PARTIAL_SUFFIX,
  ),
];

/** Every GPTH and GPTH neo case. */
export const GPTH_CASES: NamingCase[] = [
  ...gpthCases,
  ...suffixCases,
  ...neoCases,
  ...NEO_SUFFIX_CASES,
];
