/**
 * Naming cases from immich-go (simulot/immich-go): its matcher tests
 * (`adapters/googlePhotos/matcher_test.go`), a real export's listing
 * (`internal/fakefs/TESTDATA/small.lst`) and its issues.
 *
 * @module
 */
import { folder, type NamingCase, pair, refuse } from "./naming_cases.ts";

const MATCHER = "simulot/immich-go adapters/googlePhotos/matcher_test.go";
const LISTING = "simulot/immich-go internal/fakefs/TESTDATA/small.lst";

/** The matcher tests: which sidecar name fits which file name, and which must not. */
const matcherCases: NamingCase[] = [
  pair(MATCHER, "PXL_20211013_220651983.jpg", "PXL_20211013_220651983.jpg.json"),
  refuse(
    MATCHER,
    "PXL_20211013_220651958.jpg",
    "PXL_20211013_220651983.jpg.json",
    "PXL_20211013_220651983.jpg",
  ),
  pair(
    MATCHER,
    "PXL_20220405_090123740.PORTRAIT-modifié.jpg",
    "PXL_20220405_090123740.PORTRAIT.jpg.json",
    {
      title: "PXL_20220405_090123740.PORTRAIT.jpg",
    },
  ),
  refuse(
    MATCHER,
    "PXL_20220405_090123741.PORTRAIT-modifié.jpg",
    "PXL_20220405_090123740.PORTRAIT.jpg.json",
    "PXL_20220405_090123740.PORTRAIT.jpg",
  ),
  pair(MATCHER, "DSC_0100.JPG", "DSC_0100.JPG.json"),
  pair(MATCHER, "DSC_0101(1).JPG", "DSC_0101.JPG(1).json"),
  refuse(MATCHER, "DSC_0102(1).JPG", "DSC_0102.JPG(2).json", "DSC_0102.JPG"),
  refuse(MATCHER, "DSC_0103.JPG", "DSC_0103.JPG(1).json", "DSC_0103.JPG"),
  refuse(MATCHER, "DSC_0104(1).JPG", "DSC_0104.JPG.json", "DSC_0104.JPG", {
    verdict: "disputed",
    note: "GPTH's tryhard _removeDigit takes it; immich-go refuses; we refuse (another file's)",
  }),
  pair(MATCHER, "IMG_2710(1).HEIC", "IMG_2710.HEIC(1).json"),
  pair(MATCHER, "PXL_20231118_035751175.MP.jpg", "PXL_20231118_035751175.MP.jpg.json"),
  pair(
    MATCHER,
    "PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGINA.jpg",
    "PXL_20230809_203449253.LONG_EXPOSURE-02.ORIGIN.json",
  ),
  pair(
    MATCHER,
    "05yqt21kruxwwlhhgrwrdyb6chhwszi9bqmzu16w0 2.jpg",
    "05yqt21kruxwwlhhgrwrdyb6chhwszi9bqmzu16w0 2.jp.json",
  ),
  pair(
    MATCHER,
    "😀😃😄😁😆😅😂🤣🥲☺️😊😇🙂🙃😉😌😍🥰😘😗😙😚😋😛.jpg",
    "😀😃😄😁😆😅😂🤣🥲☺️😊😇🙂🙃😉😌😍🥰😘😗😙😚😋.json",
  ),
  pair(
    MATCHER,
    "Backyard_ceremony_wedding_photography_xxxxxxx_m(494).jpg",
    "Backyard_ceremony_wedding_photography_xxxxxxx_(494).json",
  ),
  refuse(
    MATCHER,
    "Backyard_ceremony_wedding_photography_xxxxxxx_m(185).jpg",
    "Backyard_ceremony_wedding_photography_xxxxxxx_(494).json",
    "Backyard_ceremony_wedding_photography_xxxxxxx_m.jpg",
  ),
  pair(
    MATCHER,
    "original_1d4caa6f-16c6-4c3d-901b-9387de10e528_P.jpg",
    "original_1d4caa6f-16c6-4c3d-901b-9387de10e528_.json",
  ),
  refuse(
    MATCHER,
    "original_1d4caa6f-16c6-4c3d-901b-9387de10e528_P(1).jpg",
    "original_1d4caa6f-16c6-4c3d-901b-9387de10e528_.json",
    "original_1d4caa6f-16c6-4c3d-901b-9387de10e528_P.jpg",
    {
      verdict: "disputed",
      note: "immich-go's matchForgottenDuplicates takes it; the title names the unnumbered file, " +
        "so we refuse (the numbered-cut case of issue 24)",
    },
  ),
  pair(
    MATCHER + " (#405)",
    "PXL_20210102_221126856.MP~2.jpg",
    "PXL_20210102_221126856.MP~2.jpg.json",
  ),
  pair(
    MATCHER + " (#613)",
    "13039_327707840323_537645323_9470255_27214_n(1).jpg",
    "13039_327707840323_537645323_9470255_27214_n.j(1).json",
  ),
  pair(
    MATCHER + " (#652)",
    "20161105_170829.jpg",
    "20161105_170829.jpg.supplemental-metadata.json",
  ),
  pair(
    MATCHER + " (#652)",
    "Screenshot_20231027_123303_Facebook.jpg",
    "Screenshot_20231027_123303_Facebook.jpg.supple.json",
  ),
  pair(
    MATCHER + " (#652)",
    "Screenshot_20231027_123303_Facebook(1).jpg",
    "Screenshot_20231027_123303_Facebook.jpg.supple(1).json",
  ),
  pair(
    MATCHER + " (#652)",
    "MVIMG_20191230_232926.jpg",
    "MVIMG_20191230_232926.jpg.supplemental-metadat.json",
  ),
  pair(
    MATCHER + " (#652)",
    "Screenshot_20200301-161151.png",
    "Screenshot_20200301-161151.png.supplemental-me.json",
  ),
  pair(
    MATCHER + " (#652)",
    "MVIMG_20200207_134534~2.jpg",
    "MVIMG_20200207_134534~2.jpg.supplemental-metad.json",
  ),
  pair(MATCHER + " (#673)", "Scan35(1).jpg", "Scan35.jpg.supplemental-metadata(1).json"),
  pair(MATCHER + " (#673)", "CLIP0001(10).AVI", "CLIP0001.AVI.supplemental-metadata(10).json"),
  folder(MATCHER + " (#698)", { "IMAG0061.JPG.supplemental-metadata.json": "IMAG0061.JPG" }, {
    "IMAG0061.JPG": "IMAG0061.JPG.supplemental-metadata.json",
    "IMAG0061-edited.JPG": "IMAG0061.JPG.supplemental-metadata.json",
  }),
  folder(
    MATCHER + " (#674)",
    { "2234089303984509579.supplemental-metadata.json": "2234089303984509579" },
    {
      "2234089303984509579.jpg": "2234089303984509579.supplemental-metadata.json",
      "2234089303984509579-edited.jpg": "2234089303984509579.supplemental-metadata.json",
    },
    { note: "a title without extension: the sidecar has none either" },
  ),
  folder(
    MATCHER + " (#652)",
    {
      "Screenshot_20231027_123303_Facebook.jpg.supple.json":
        "Screenshot_20231027_123303_Facebook.jpg",
    },
    {
      "Screenshot_20231027_123303_Facebook-edited.jpg":
        "Screenshot_20231027_123303_Facebook.jpg.supple.json",
    },
  ),
  pair(
    MATCHER,
    "Screenshot_2024-08-31-00-53-48-647_com.snapchat.jpg",
    "Screenshot_2024-08-31-00-53-48-647_com.snapcha.json",
  ),
];

/** Issues: names users reported from their exports. */
const issueCases: NamingCase[] = [
  folder(
    "simulot/immich-go#698",
    { "IMG-20230325-WA0122~2.jpg.supplemental-metadat.json": "IMG-20230325-WA0122~2.jpg" },
    {
      "IMG-20230325-WA0122~2.jpg": "IMG-20230325-WA0122~2.jpg.supplemental-metadat.json",
      "IMG-20230325-WA0122~2-edited.jpg": "IMG-20230325-WA0122~2.jpg.supplemental-metadat.json",
    },
  ),
  pair(
    "simulot/immich-go#674",
    "Peanut Butter Balls.jpg",
    "Peanut Butter Balls.supplemental-metadata.json",
    {
      title: "Peanut Butter Balls",
      note: "uploaded without an extension: the sidecar is named after the title",
    },
  ),
  pair(
    "simulot/immich-go#674",
    "1190642159672506179.jpg",
    "1190642159672506179.supplemental-metadata.json",
    { title: "1190642159672506179" },
  ),
  pair("simulot/immich-go#756", "2013-12-23(1).jpg", "2013-12-23.supplemental-metadata(1).json", {
    title: "2013-12-23",
  }),
  folder(
    "simulot/immich-go#756",
    {
      "2013-12-24.supplemental-metadata.json": "2013-12-24",
      "2013-12-24.supplemental-metadata(1).json": "2013-12-24",
    },
    {
      "2013-12-24.jpg": "2013-12-24.supplemental-metadata.json",
      "2013-12-24(1).jpg": "2013-12-24.supplemental-metadata(1).json",
    },
    { note: "both forms side by side: each copy keeps its own number" },
  ),
];

/** A real export's listing (the album "Guillaumes 2018", "Garros 19 Juillet 2018", Lisbon). */
const listingCases: NamingCase[] = [
  folder(LISTING, { "IMG_8416.JPG.json": "IMG_8416.JPG" }, {
    "IMG_8416.JPG": "IMG_8416.JPG.json",
    "IMG_8416-modifié.JPG": "IMG_8416.JPG.json",
  }),
  folder(LISTING, { "Bebop2_20180719211742+0200.jpg.json": "Bebop2_20180719211742+0200.jpg" }, {
    "Bebop2_20180719211742+0200.jpg": "Bebop2_20180719211742+0200.jpg.json",
    "Bebop2_20180719211742+0200-modifié.jpg": "Bebop2_20180719211742+0200.jpg.json",
  }),
  pair(
    LISTING,
    "PXL_20230814_201154491.LONG_EXPOSURE-01.COVER.jpg",
    "PXL_20230814_201154491.LONG_EXPOSURE-01.COVER..json",
  ),
  pair(LISTING, "IMG_8213.JPG", "IMG_8213.JPG.json"),
  pair(LISTING, "IMG_20180725_102133.jpg", "IMG_20180725_102133.jpg.json"),
  pair(LISTING, "IMG_8416.JPG", "IMG_8416.JPG.json"),
  pair(LISTING, "Bebop2_20180723180057+0200.m4v", "Bebop2_20180723180057+0200.m4v.json"),
  pair(LISTING, "✈️ DSC04119.jpg", "✈️ DSC04119.jpg.json"),
  pair(LISTING, "IMG_1762.HEIC", "IMG_1762.HEIC.json"),
  pair(LISTING, "PXL_20230813_065801190.LS.mp4", "PXL_20230813_065801190.LS.mp4.json"),
  pair(LISTING, "IMG_1767.MOV", "IMG_1767.MOV.json"),
  pair(LISTING, "PXL_20230813_093742072.PANO.jpg", "PXL_20230813_093742072.PANO.jpg.json"),
  pair(LISTING, "PXL_20230813_095051535.PANO.jpg", "PXL_20230813_095051535.PANO.jpg.json"),
  pair(LISTING, "PXL_20230813_074101341.LS.mp4", "PXL_20230813_074101341.LS.mp4.json"),
  pair(LISTING, "PXL_20230813_104957115.LS.mp4", "PXL_20230813_104957115.LS.mp4.json"),
  pair(LISTING, "PXL_20230813_202853503.NIGHT.jpg", "PXL_20230813_202853503.NIGHT.jpg.json"),
  pair(LISTING, "PXL_20230813_203051232.NIGHT.jpg", "PXL_20230813_203051232.NIGHT.jpg.json"),
  pair(LISTING, "PXL_20230813_202938567.NIGHT.jpg", "PXL_20230813_202938567.NIGHT.jpg.json"),
  pair(LISTING, "PXL_20230814_085134035.LS.mp4", "PXL_20230814_085134035.LS.mp4.json"),
  pair(
    LISTING,
    "PXL_20230814_094846004.PORTRAIT.ORIGINAL.jpg",
    "PXL_20230814_094846004.PORTRAIT.ORIGINAL.jpg.json",
  ),
  pair(LISTING, "PXL_20230814_112118374.PANO.jpg", "PXL_20230814_112118374.PANO.jpg.json"),
  pair(LISTING, "PXL_20230814_085142027.TS.mp4", "PXL_20230814_085142027.TS.mp4.json"),
  pair(
    LISTING,
    "PXL_20230814_201205358.ACTION_PAN-01.COVER.jpg",
    "PXL_20230814_201205358.ACTION_PAN-01.COVER.jpg.json",
  ),
  pair(LISTING, "PXL_20230814_200310052.TS.mp4", "PXL_20230814_200310052.TS.mp4.json"),
  pair(LISTING, "PXL_20230815_124817964.PORTRAIT.jpg", "PXL_20230815_124817964.PORTRAIT.jpg.json"),
  pair(LISTING, "PXL_20230815_124031987.TS.mp4", "PXL_20230815_124031987.TS.mp4.json"),
  pair(
    LISTING,
    "PXL_20230815_124552627.PORTRAIT.ORIGINAL.jpg",
    "PXL_20230815_124552627.PORTRAIT.ORIGINAL.jpg.json",
  ),
  pair(
    LISTING,
    "PXL_20230815_125905261.PORTRAIT.ORIGINAL.jpg",
    "PXL_20230815_125905261.PORTRAIT.ORIGINAL.jpg.json",
  ),
  pair(
    LISTING,
    "PXL_20230815_130155836.PORTRAIT.ORIGINAL.jpg",
    "PXL_20230815_130155836.PORTRAIT.ORIGINAL.jpg.json",
  ),
  pair(LISTING, "PXL_20230815_150752249.PANO.jpg", "PXL_20230815_150752249.PANO.jpg.json"),
  pair(LISTING, "PXL_20230815_125540275.TS.mp4", "PXL_20230815_125540275.TS.mp4.json"),
  pair(LISTING, "PXL_20230816_113900491.LS.mp4", "PXL_20230816_113900491.LS.mp4.json"),
  pair(
    LISTING,
    "FFE79A68-B0E6-472E-836D-EC49F351F588.jpg",
    "FFE79A68-B0E6-472E-836D-EC49F351F588.jpg.json",
  ),
  pair(LISTING, "PXL_20230817_175514506.PANO.jpg", "PXL_20230817_175514506.PANO.jpg.json"),
  pair(
    LISTING,
    "509C843D-D4B9-4F02-81B0-05BE938F12DF.jpg",
    "509C843D-D4B9-4F02-81B0-05BE938F12DF.jpg.json",
  ),
  pair(LISTING, "PXL_20230817_183716695.LS.mp4", "PXL_20230817_183716695.LS.mp4.json"),
  pair(LISTING, "PXL_20230817_195943901.LS.mp4", "PXL_20230817_195943901.LS.mp4.json"),
  pair(LISTING, "PXL_20230818_073228970.PANO.jpg", "PXL_20230818_073228970.PANO.jpg.json"),
  pair(LISTING, "PXL_20230817_202746758.LS.mp4", "PXL_20230817_202746758.LS.mp4.json"),
  pair(LISTING, "PXL_20230818_073402211.TS.mp4", "PXL_20230818_073402211.TS.mp4.json"),
  pair(LISTING, "IMG_20180719_191506.jpg", "IMG_20180719_191506.jpg.json"),
  pair(LISTING, "IMG_8151.JPG", "IMG_8151.JPG.json"),
  pair(LISTING, "IMG_8153.JPG", "IMG_8153.JPG.json"),
  pair(LISTING, "IMG_20180719_191638.jpg", "IMG_20180719_191638.jpg.json"),
  pair(LISTING, "IMG_8155.JPG", "IMG_8155.JPG.json"),
  pair(LISTING, "IMG_8152.JPG", "IMG_8152.JPG.json"),
  pair(LISTING, "IMG_8156.JPG", "IMG_8156.JPG.json"),
  pair(LISTING, "IMG_8157.JPG", "IMG_8157.JPG.json"),
  pair(LISTING, "IMG_8158.JPG", "IMG_8158.JPG.json"),
  pair(LISTING, "IMG_20180719_200157.jpg", "IMG_20180719_200157.jpg.json"),
  pair(LISTING, "IMG_8162.JPG", "IMG_8162.JPG.json"),
  pair(LISTING, "IMG_8163.JPG", "IMG_8163.JPG.json"),
  pair(LISTING, "IMG_8164.JPG", "IMG_8164.JPG.json"),
  pair(LISTING, "IMG_8167.JPG", "IMG_8167.JPG.json"),
  pair(LISTING, "IMG_8165.JPG", "IMG_8165.JPG.json"),
  pair(LISTING, "IMG_8166.JPG", "IMG_8166.JPG.json"),
  pair(LISTING, "IMG_8168.JPG", "IMG_8168.JPG.json"),
  pair(LISTING, "IMG_8169.JPG", "IMG_8169.JPG.json"),
  pair(LISTING, "IMG_8178.JPG", "IMG_8178.JPG.json"),
  pair(LISTING, "IMG_8170.JPG", "IMG_8170.JPG.json"),
  pair(LISTING, "IMG_8177.JPG", "IMG_8177.JPG.json"),
  pair(LISTING, "IMG_8181.JPG", "IMG_8181.JPG.json"),
  pair(LISTING, "IMG_8179.JPG", "IMG_8179.JPG.json"),
  pair(LISTING, "IMG_8172.JPG", "IMG_8172.JPG.json"),
  pair(LISTING, "Bebop2_20180719211742+0200.jpg", "Bebop2_20180719211742+0200.jpg.json"),
  pair(LISTING, "Bebop2_20180719211425+0200.mp4", "Bebop2_20180719211425+0200.mp4.json"),
  pair(LISTING, "Bebop2_20180719185209+0200.mp4", "Bebop2_20180719185209+0200.mp4.json"),
  pair(LISTING, "Bebop2_20180719182934+0200.mp4", "Bebop2_20180719182934+0200.mp4.json"),
  pair(LISTING, "Bebop2_20180719194940+0200.mp4", "Bebop2_20180719194940+0200.mp4.json"),
  pair(LISTING, "Bebop2_20180719201922+0200.mp4", "Bebop2_20180719201922+0200.mp4.json"),
  pair(LISTING, "Bebop2_20180719203057+0200.mp4", "Bebop2_20180719203057+0200.mp4.json"),
  pair(LISTING, "Bebop2_20180719185840+0200.mp4", "Bebop2_20180719185840+0200.mp4.json"),
  pair(LISTING, "Bebop2_20180719183450+0200.mp4", "Bebop2_20180719183450+0200.mp4.json"),
];

/** Every immich-go case. */
export const IMMICH_GO_CASES: NamingCase[] = [...matcherCases, ...issueCases, ...listingCases];
