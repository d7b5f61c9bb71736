/**
 * Naming cases from GPTH neo's edit-suffix tests (Xentraxx/GooglePhotosTakeoutHelper,
 * `test/unit/remove_extra_regex_test.dart`), the first half: an edited copy and its original's
 * sidecar, with the suffix whole in several languages, cut by Google's 51-unit limit, cut short
 * elsewhere, or on a numbered copy. The second half (camera, app and device names) is in
 * `naming_corpus_neo.ts`.
 *
 * @module
 */
import type { NamingCase } from "./naming_cases.ts";
import { pair, refuse } from "./naming_cases.ts";

/** The test file these cases come from. */
export const NEO_EXTRA =
  "Xentraxx/GooglePhotosTakeoutHelper test/unit/remove_extra_regex_test.dart";

/** A numbered edited copy and an unnumbered sidecar. */
export const NUMBERED_EDIT = {
  verdict: "disputed" as const,
  note: "GPTH (tryhard) gives a numbered edited copy the unnumbered original's sidecar; ente and " +
    "immich-go keep the number; we refuse: the copy of another photo would take its date",
};
/** A cut suffix on a name no limit cut. */
export const PARTIAL_SUFFIX = {
  verdict: "disputed" as const,
  note: "GPTH neo (tryhard) strips a cut edit suffix from any name; the name is not at Google's " +
    "51-unit limit, so nothing cut it: we refuse",
};

/** GPTH neo's edit-suffix cases, full and cut, on plain and long names. */
export const NEO_PLAIN_CASES: NamingCase[] = [
  pair(NEO_EXTRA, "foto-bearbeitet.jpg", "foto.jpg.json", { title: "foto.jpg" }),
  pair(NEO_EXTRA, "photo-modifié.png", "photo.png.json", { title: "photo.png" }),
  pair(NEO_EXTRA, "imagen-editado.gif", "imagen.gif.json", { title: "imagen.gif" }),
  refuse(NEO_EXTRA, "photo-edited(1).jpg", "photo.jpg.json", "photo.jpg", NUMBERED_EDIT),
  pair(NEO_EXTRA, "mi salón-ha editado.JPG", "mi salón.JPG.json", { title: "mi salón.JPG" }),
  pair(
    NEO_EXTRA,
    "Con Yoli por Málaga en el piso nuevo_001-ha edi.JPG",
    "Con Yoli por Málaga en el piso nuevo_001.JPG.json",
    {
      title: "Con Yoli por Málaga en el piso nuevo_001.JPG",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  pair(
    NEO_EXTRA,
    "Museo Marino de Matalascañas con Yoli_001-ha ed.JPG",
    "Museo Marino de Matalascañas con Yoli_001.JPG.json",
    {
      title: "Museo Marino de Matalascañas con Yoli_001.JPG",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  refuse(NEO_EXTRA, "photo-edi.JPG", "photo.JPG.json", "photo.JPG", PARTIAL_SUFFIX),
  refuse(NEO_EXTRA, "foto-be.jpg", "foto.jpg.json", "foto.jpg", PARTIAL_SUFFIX),
  refuse(NEO_EXTRA, "photo-mo.jpg", "photo.jpg.json", "photo.jpg", PARTIAL_SUFFIX),
  refuse(NEO_EXTRA, "imagen-ed.png", "imagen.png.json", "imagen.png", PARTIAL_SUFFIX),
  refuse(NEO_EXTRA, "video-bear.mp4", "video.mp4.json", "video.mp4", PARTIAL_SUFFIX),
  refuse(
    NEO_EXTRA,
    "IMG_20230101_123456_HDR-edited(1).jpg",
    "IMG_20230101_123456_HDR.jpg.json",
    "IMG_20230101_123456_HDR.jpg",
    NUMBERED_EDIT,
  ),
  refuse(
    NEO_EXTRA,
    "PXL_20230615_090000000.PORTRAIT-bearbeitet(2).jpg",
    "PXL_20230615_090000000.PORTRAIT.jpg.json",
    "PXL_20230615_090000000.PORTRAIT.jpg",
    NUMBERED_EDIT,
  ),
  refuse(
    NEO_EXTRA,
    "WhatsApp Image 2023-12-25 at 14.30.45-modifi.jpeg",
    "WhatsApp Image 2023-12-25 at 14.30.45.jpeg.json",
    "WhatsApp Image 2023-12-25 at 14.30.45.jpeg",
    PARTIAL_SUFFIX,
  ),
  pair(NEO_EXTRA, "café-edited.jpg", "café.jpg.json", { title: "café.jpg" }),
  pair(NEO_EXTRA, "phöto-bearbeitet.png", "phöto.png.json", { title: "phöto.png" }),
  pair(NEO_EXTRA, "测试-编辑.jpg", "测试.jpg.json", { title: "测试.jpg" }),
  pair(NEO_EXTRA, "IMG_20230615_143022-edited.jpg", "IMG_20230615_143022.jpg.json", {
    title: "IMG_20230615_143022.jpg",
  }),
  pair(NEO_EXTRA, "PXL_20240301_120000123-effects.jpg", "PXL_20240301_120000123.jpg.json", {
    title: "PXL_20240301_120000123.jpg",
  }),
  pair(
    NEO_EXTRA,
    "Screenshot_2023-10-28-09-31-43-118_com.snapchat-edited.png",
    "Screenshot_2023-10-28-09-31-43-118_com.snapchat.png.json",
    { title: "Screenshot_2023-10-28-09-31-43-118_com.snapchat.png" },
  ),
  pair(NEO_EXTRA, "MVIMG_20230412_190301-smile.jpg", "MVIMG_20230412_190301.jpg.json", {
    title: "MVIMG_20230412_190301.jpg",
  }),
  pair(NEO_EXTRA, "VID_20230825_184523-effects.mp4", "VID_20230825_184523.mp4.json", {
    title: "VID_20230825_184523.mp4",
  }),
  pair(NEO_EXTRA, "IMG_20230101_000000-bearbeitet.JPG", "IMG_20230101_000000.JPG.json", {
    title: "IMG_20230101_000000.JPG",
  }),
  pair(NEO_EXTRA, "DSC_0123-modifié.jpg", "DSC_0123.jpg.json", { title: "DSC_0123.jpg" }),
  pair(
    NEO_EXTRA,
    "Photo_2023-12-25_14-30-45-編集済み.jpeg",
    "Photo_2023-12-25_14-30-45.jpeg.json",
    { title: "Photo_2023-12-25_14-30-45.jpeg" },
  ),
  pair(NEO_EXTRA, "IMG-20150125-WA0003-ha editado.jpg", "IMG-20150125-WA0003.jpg.json", {
    title: "IMG-20150125-WA0003.jpg",
  }),
  refuse(
    NEO_EXTRA,
    "IMG_20230615_143022-edited(1).jpg",
    "IMG_20230615_143022.jpg.json",
    "IMG_20230615_143022.jpg",
    NUMBERED_EDIT,
  ),
  refuse(
    NEO_EXTRA,
    "PXL_20240301_120000123-bearbeitet(3).jpg",
    "PXL_20240301_120000123.jpg.json",
    "PXL_20240301_120000123.jpg",
    NUMBERED_EDIT,
  ),
  pair(
    NEO_EXTRA,
    "Vacaciones familiares en la playa de Cádiz_005-ed.jpg",
    "Vacaciones familiares en la playa de Cádiz_005.jpg.json",
    {
      title: "Vacaciones familiares en la playa de Cádiz_005.jpg",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  refuse(
    NEO_EXTRA,
    "Family vacation summer 2023 beach memories-edi.JPG",
    "Family vacation summer 2023 beach memories.JPG.json",
    "Family vacation summer 2023 beach memories.JPG",
    PARTIAL_SUFFIX,
  ),
  pair(
    NEO_EXTRA,
    "Wedding celebration with friends and family-bear.jpg",
    "Wedding celebration with friends and family.jpg.json",
    {
      title: "Wedding celebration with friends and family.jpg",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  pair(
    NEO_EXTRA,
    "Christmas dinner grandmother house tradition-modif.jpeg",
    "Christmas dinner grandmother house tradition.jpeg.json",
    {
      title: "Christmas dinner grandmother house tradition.jpeg",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  refuse(
    NEO_EXTRA,
    "Noël en famille chez grand-mère décembre-mo.jpg",
    "Noël en famille chez grand-mère décembre.jpg.json",
    "Noël en famille chez grand-mère décembre.jpg",
    PARTIAL_SUFFIX,
  ),
  refuse(
    NEO_EXTRA,
    "Geburtstag feier im garten mit der ganzen-be.JPG",
    "Geburtstag feier im garten mit der ganzen.JPG.json",
    "Geburtstag feier im garten mit der ganzen.JPG",
    PARTIAL_SUFFIX,
  ),
  pair(
    NEO_EXTRA,
    "Compleanno festa in giardino con tutta la-modific.jpg",
    "Compleanno festa in giardino con tutta la.jpg.json",
    {
      title: "Compleanno festa in giardino con tutta la.jpg",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
  refuse(
    NEO_EXTRA,
    "PXL_20230615_090000000.PORTRAIT-Night_Sight-ed.jpg",
    "PXL_20230615_090000000.PORTRAIT-Night_Sight.jpg.json",
    "PXL_20230615_090000000.PORTRAIT-Night_Sight.jpg",
    PARTIAL_SUFFIX,
  ),
  refuse(
    NEO_EXTRA,
    "PXL_20240301_120000123.MP-Motion_Photo-bear.jpg",
    "PXL_20240301_120000123.MP-Motion_Photo.jpg.json",
    "PXL_20240301_120000123.MP-Motion_Photo.jpg",
    PARTIAL_SUFFIX,
  ),
  pair(
    NEO_EXTRA,
    "Takeout-20231225-album-Christmas_Memories-bearbeitet.jpg",
    "Takeout-20231225-album-Christmas_Memories.jpg.json",
    { title: "Takeout-20231225-album-Christmas_Memories.jpg" },
  ),
  pair(
    NEO_EXTRA,
    "Shared_Album_Wedding_Photos_Sarah_and_John-modifié.jpg",
    "Shared_Album_Wedding_Photos_Sarah_and_John.jpg.json",
    { title: "Shared_Album_Wedding_Photos_Sarah_and_John.jpg" },
  ),
  refuse(
    NEO_EXTRA,
    "Auto_Backup_Phone_Gallery_2023_Summer-edited(2).JPG",
    "Auto_Backup_Phone_Gallery_2023_Summer.JPG.json",
    "Auto_Backup_Phone_Gallery_2023_Summer.JPG",
    NUMBERED_EDIT,
  ),
  refuse(
    NEO_EXTRA,
    "Location_New_York_Central_Park_Picnic_2023-ed.jpg",
    "Location_New_York_Central_Park_Picnic_2023.jpg.json",
    "Location_New_York_Central_Park_Picnic_2023.jpg",
    PARTIAL_SUFFIX,
  ),
  pair(
    NEO_EXTRA,
    "GPS_Tagged_Photo_Latitude_40.7829_Longitude-bear.png",
    "GPS_Tagged_Photo_Latitude_40.7829_Longitude.png.json",
    {
      title: "GPS_Tagged_Photo_Latitude_40.7829_Longitude.png",
      note: "the copy's name cut at 51 inside its suffix",
    },
  ),
];
