/**
 * Naming cases from GPTH neo's edit-suffix tests (Xentraxx/GooglePhotosTakeoutHelper,
 * `test/unit/remove_extra_regex_test.dart`), the second half: the edit suffix, whole or cut, on
 * the names cameras, phones and apps give (bursts, motion and live photos, screenshots, WhatsApp,
 * Pixel, Samsung, iPhone, emoji, dotted names, videos). The first half, and the constants both
 * halves share, are in `naming_corpus_neo_suffixes.ts`.
 *
 * @module
 */
import { pair, refuse } from "./naming_cases.ts";
import type { NamingCase } from "./naming_cases.ts";
import {
  NEO_EXTRA,
  NEO_PLAIN_CASES,
  NUMBERED_EDIT,
  PARTIAL_SUFFIX,
} from "./naming_corpus_neo_suffixes.ts";

export { NEO_EXTRA, NUMBERED_EDIT, PARTIAL_SUFFIX };

/** GPTH neo's edit-suffix cases on camera, phone and app names. */
const deviceCases: NamingCase[] = [
  pair(NEO_EXTRA, "BURST_20230615_143022_001-edited.jpg", "BURST_20230615_143022_001.jpg.json", {
    title: "BURST_20230615_143022_001.jpg",
  }),
  pair(
    NEO_EXTRA,
    "BURST_20230615_143022_COVER-effects.jpg",
    "BURST_20230615_143022_COVER.jpg.json",
    { title: "BURST_20230615_143022_COVER.jpg" },
  ),
  pair(
    NEO_EXTRA,
    "BURST_TOP_SHOT_20230615_143022-bearbeitet.jpg",
    "BURST_TOP_SHOT_20230615_143022.jpg.json",
    { title: "BURST_TOP_SHOT_20230615_143022.jpg" },
  ),
  pair(NEO_EXTRA, "MVIMG_20230412_190301-edited.jpg", "MVIMG_20230412_190301.jpg.json", {
    title: "MVIMG_20230412_190301.jpg",
  }),
  pair(
    NEO_EXTRA,
    "MOTION_PHOTO_20230825_184523-effects.jpg",
    "MOTION_PHOTO_20230825_184523.jpg.json",
    { title: "MOTION_PHOTO_20230825_184523.jpg" },
  ),
  pair(
    NEO_EXTRA,
    "LIVE_PHOTO_20230301_120000-modifié.HEIC",
    "LIVE_PHOTO_20230301_120000.HEIC.json",
    { title: "LIVE_PHOTO_20230301_120000.HEIC" },
  ),
  pair(NEO_EXTRA, "IMG_0123_LIVE-edited.jpg", "IMG_0123_LIVE.jpg.json", {
    title: "IMG_0123_LIVE.jpg",
  }),
  refuse(
    NEO_EXTRA,
    "BURST_TOP_SHOT_very_long_description_here-ed.jpg",
    "BURST_TOP_SHOT_very_long_description_here.jpg.json",
    "BURST_TOP_SHOT_very_long_description_here.jpg",
    PARTIAL_SUFFIX,
  ),
  refuse(
    NEO_EXTRA,
    "MOTION_PHOTO_family_gathering_summer_2023-bear.JPG",
    "MOTION_PHOTO_family_gathering_summer_2023.JPG.json",
    "MOTION_PHOTO_family_gathering_summer_2023.JPG",
    PARTIAL_SUFFIX,
  ),
  pair(NEO_EXTRA, "Screenshot_20231225_143022-edited.png", "Screenshot_20231225_143022.png.json", {
    title: "Screenshot_20231225_143022.png",
  }),
  pair(
    NEO_EXTRA,
    "Screenshot_2023-12-25-14-30-22-118_com.android.camera-effects.png",
    "Screenshot_2023-12-25-14-30-22-118_com.android.camera.png.json",
    { title: "Screenshot_2023-12-25-14-30-22-118_com.android.camera.png" },
  ),
  pair(
    NEO_EXTRA,
    "Screenshot_20231225_143022_Google_Photos-bearbeitet.png",
    "Screenshot_20231225_143022_Google_Photos.png.json",
    { title: "Screenshot_20231225_143022_Google_Photos.png" },
  ),
  pair(NEO_EXTRA, "IMG-20231225-WA0001-edited.jpg", "IMG-20231225-WA0001.jpg.json", {
    title: "IMG-20231225-WA0001.jpg",
  }),
  pair(NEO_EXTRA, "VID-20231225-WA0001-effects.mp4", "VID-20231225-WA0001.mp4.json", {
    title: "VID-20231225-WA0001.mp4",
  }),
  pair(
    NEO_EXTRA,
    "WhatsApp Image 2023-12-25 at 14.30.45-modifié.jpeg",
    "WhatsApp Image 2023-12-25 at 14.30.45.jpeg.json",
    { title: "WhatsApp Image 2023-12-25 at 14.30.45.jpeg" },
  ),
  pair(
    NEO_EXTRA,
    "WhatsApp Video 2023-12-25 at 14.30.45-bearbeitet.mp4",
    "WhatsApp Video 2023-12-25 at 14.30.45.mp4.json",
    { title: "WhatsApp Video 2023-12-25 at 14.30.45.mp4" },
  ),
  pair(
    NEO_EXTRA,
    "WhatsApp Image 2023-12-25 at 14.30.45 very long-ed.jpeg",
    "WhatsApp Image 2023-12-25 at 14.30.45 very long.jpeg.json",
    {
      title: "WhatsApp Image 2023-12-25 at 14.30.45 very long.jpeg",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  refuse(
    NEO_EXTRA,
    "IMG-20231225-WA0001-group-chat-family-ed.jpg",
    "IMG-20231225-WA0001-group-chat-family.jpg.json",
    "IMG-20231225-WA0001-group-chat-family.jpg",
    PARTIAL_SUFFIX,
  ),
  pair(
    NEO_EXTRA,
    "Screen_Recording_20231225_143022-edited.mp4",
    "Screen_Recording_20231225_143022.mp4.json",
    { title: "Screen_Recording_20231225_143022.mp4" },
  ),
  pair(NEO_EXTRA, "Screencast_20231225_143022-effects.mp4", "Screencast_20231225_143022.mp4.json", {
    title: "Screencast_20231225_143022.mp4",
  }),
  pair(NEO_EXTRA, "PXL_20230615_143022123-edited.jpg", "PXL_20230615_143022123.jpg.json", {
    title: "PXL_20230615_143022123.jpg",
  }),
  pair(
    NEO_EXTRA,
    "PXL_20230615_143022123.PORTRAIT-effects.jpg",
    "PXL_20230615_143022123.PORTRAIT.jpg.json",
    { title: "PXL_20230615_143022123.PORTRAIT.jpg" },
  ),
  pair(
    NEO_EXTRA,
    "PXL_20230615_143022123.NIGHT-bearbeitet.dng",
    "PXL_20230615_143022123.NIGHT.dng.json",
    { title: "PXL_20230615_143022123.NIGHT.dng" },
  ),
  pair(NEO_EXTRA, "PXL_20230615_143022123.MP-modifié.jpg", "PXL_20230615_143022123.MP.jpg.json", {
    title: "PXL_20230615_143022123.MP.jpg",
  }),
  pair(NEO_EXTRA, "20230615_143022-edited.jpg", "20230615_143022.jpg.json", {
    title: "20230615_143022.jpg",
  }),
  pair(
    NEO_EXTRA,
    "SAMSUNG_CAMERA_PICTURES_20230615_143022-effects.jpg",
    "SAMSUNG_CAMERA_PICTURES_20230615_143022.jpg.json",
    { title: "SAMSUNG_CAMERA_PICTURES_20230615_143022.jpg" },
  ),
  pair(NEO_EXTRA, "IMG_0123-edited.HEIC", "IMG_0123.HEIC.json", { title: "IMG_0123.HEIC" }),
  pair(NEO_EXTRA, "IMG_E0123-effects.jpg", "IMG_E0123.jpg.json", { title: "IMG_E0123.jpg" }),
  pair(NEO_EXTRA, "PORTRAIT_0123-bearbeitet.jpg", "PORTRAIT_0123.jpg.json", {
    title: "PORTRAIT_0123.jpg",
  }),
  refuse(
    NEO_EXTRA,
    "SAMSUNG_CAMERA_PICTURES_very_long_filename-ed.jpg",
    "SAMSUNG_CAMERA_PICTURES_very_long_filename.jpg.json",
    "SAMSUNG_CAMERA_PICTURES_very_long_filename.jpg",
    PARTIAL_SUFFIX,
  ),
  pair(
    NEO_EXTRA,
    "PXL_20230615_143022123.PORTRAIT.Night_Sight-bear.dng",
    "PXL_20230615_143022123.PORTRAIT.Night_Sight.dng.json",
    {
      title: "PXL_20230615_143022123.PORTRAIT.Night_Sight.dng",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  pair(
    NEO_EXTRA,
    "Photo_with_émojis_🎉_celebration-edited.jpg",
    "Photo_with_émojis_🎉_celebration.jpg.json",
    { title: "Photo_with_émojis_🎉_celebration.jpg" },
  ),
  pair(NEO_EXTRA, "Café_du_matin_☕_Paris-modifié.jpeg", "Café_du_matin_☕_Paris.jpeg.json", {
    title: "Café_du_matin_☕_Paris.jpeg",
  }),
  pair(
    NEO_EXTRA,
    "Familie_Müller_Geburtstag_🎂-bearbeitet.JPG",
    "Familie_Müller_Geburtstag_🎂.JPG.json",
    { title: "Familie_Müller_Geburtstag_🎂.JPG" },
  ),
  pair(
    NEO_EXTRA,
    "2023-12-25_Christmas_Morning_123-edited.jpg",
    "2023-12-25_Christmas_Morning_123.jpg.json",
    { title: "2023-12-25_Christmas_Morning_123.jpg" },
  ),
  pair(
    NEO_EXTRA,
    "Event_2023_Photo_001_of_500-effects.png",
    "Event_2023_Photo_001_of_500.png.json",
    { title: "Event_2023_Photo_001_of_500.png" },
  ),
  pair(NEO_EXTRA, "document_scan-edited.jpeg", "document_scan.jpeg.json", {
    title: "document_scan.jpeg",
  }),
  pair(NEO_EXTRA, "file.name.with.dots-edited.jpg", "file.name.with.dots.jpg.json", {
    title: "file.name.with.dots.jpg",
  }),
  pair(NEO_EXTRA, "version.2.0.final-bearbeitet.png", "version.2.0.final.png.json", {
    title: "version.2.0.final.png",
  }),
  pair(
    NEO_EXTRA,
    "Very_long_filename_with_special_chars_and_symbols-ed.jpg",
    "Very_long_filename_with_special_chars_and_symbols.jpg.json",
    {
      title: "Very_long_filename_with_special_chars_and_symbols.jpg",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  refuse(
    NEO_EXTRA,
    "Descripción_muy_larga_con_acentos_y_ñ-modific.jpeg",
    "Descripción_muy_larga_con_acentos_y_ñ.jpeg.json",
    "Descripción_muy_larga_con_acentos_y_ñ.jpeg",
    PARTIAL_SUFFIX,
  ),
  pair(NEO_EXTRA, "VID_20230615_143022-edited.mp4", "VID_20230615_143022.mp4.json", {
    title: "VID_20230615_143022.mp4",
  }),
  pair(NEO_EXTRA, "MOV_20230615_143022-effects.mov", "MOV_20230615_143022.mov.json", {
    title: "MOV_20230615_143022.mov",
  }),
  pair(NEO_EXTRA, "MOVIE_20230615_143022-bearbeitet.avi", "MOVIE_20230615_143022.avi.json", {
    title: "MOVIE_20230615_143022.avi",
  }),
  pair(NEO_EXTRA, "MVIMG_20230412_190301-edited.mp4", "MVIMG_20230412_190301.mp4.json", {
    title: "MVIMG_20230412_190301.mp4",
  }),
  pair(NEO_EXTRA, "MOTION_20230615_143022-effects.mp4", "MOTION_20230615_143022.mp4.json", {
    title: "MOTION_20230615_143022.mp4",
  }),
  pair(
    NEO_EXTRA,
    "SLOW_MOTION_20230615_143022-modifié.mp4",
    "SLOW_MOTION_20230615_143022.mp4.json",
    { title: "SLOW_MOTION_20230615_143022.mp4" },
  ),
  pair(NEO_EXTRA, "TIME_LAPSE_20230615_143022-edited.mp4", "TIME_LAPSE_20230615_143022.mp4.json", {
    title: "TIME_LAPSE_20230615_143022.mp4",
  }),
  pair(NEO_EXTRA, "PXL_20230615_143022123.MP-edited.mp4", "PXL_20230615_143022123.MP.mp4.json", {
    title: "PXL_20230615_143022123.MP.mp4",
  }),
  pair(NEO_EXTRA, "PXL_20230615_143022123.LS-effects.mp4", "PXL_20230615_143022123.LS.mp4.json", {
    title: "PXL_20230615_143022123.LS.mp4",
  }),
  refuse(
    NEO_EXTRA,
    "Very_long_video_description_family_vacation-ed.mp4",
    "Very_long_video_description_family_vacation.mp4.json",
    "Very_long_video_description_family_vacation.mp4",
    PARTIAL_SUFFIX,
  ),
  refuse(
    NEO_EXTRA,
    "SLOW_MOTION_sunset_beach_waves_relaxing-bear.mov",
    "SLOW_MOTION_sunset_beach_waves_relaxing.mov.json",
    "SLOW_MOTION_sunset_beach_waves_relaxing.mov",
    PARTIAL_SUFFIX,
  ),
];

/** GPTH neo's edit-suffix cases, full and cut: both halves, in the test file's order. */
export const NEO_SUFFIX_CASES: NamingCase[] = [...NEO_PLAIN_CASES, ...deviceCases];
