/**
 * Naming cases from ente's Takeout import (ente-io/ente, `web/apps/photos/tests/upload.test.ts`,
 * whose metadata cases state which sidecar each file takes).
 *
 * @module
 */
import { folder, type NamingCase, pair } from "./naming_cases.ts";

const ENTE = "ente-io/ente web/apps/photos/tests/upload.test.ts";

/** ente's metadata cases. */
export const ENTE_CASES: NamingCase[] = [
  pair(ENTE, "IMG20210211125718-edited.jpg", "IMG20210211125718.jpg.json", {
    title: "IMG20210211125718.jpg",
  }),
  pair(ENTE, "IMG20210211174722.jpg", "IMG20210211174722.jpg.json"),
  pair(
    ENTE,
    "21345678901234567890123456789012345678901234567.png",
    "2134567890123456789012345678901234567890123456.json",
  ),
  pair(ENTE, "IMG20210211174723(1).jpg", "IMG20210211174723.jpg(1).json"),
  pair(ENTE, "IMG2021021(4455)74722(1).jpg", "IMG2021021(4455)74722.jpg(1).json"),
  pair(ENTE, "IMG2021021.json74722(1).jpg", "IMG2021021.json74722.jpg(1).json"),
  pair(ENTE, "IMG2021021(1)74722(1).jpg", "IMG2021021(1)74722.jpg(1).json"),
  pair(ENTE, "IMG_1159.HEIC", "IMG_1159.HEIC.supplemental-metadata.json"),
  pair(
    ENTE,
    "PXL_20241231_151646544.MP.jpg",
    "PXL_20241231_151646544.MP.jpg.supplemental-met.json",
  ),
  pair(
    ENTE,
    "PXL_20240827_094331806.PORTRAIT(1).jpg",
    "PXL_20240827_094331806.PORTRAIT.jpg.supplement(1).json",
  ),
  pair(
    ENTE,
    "PXL_20240506_142610305.LONG_EXPOSURE-01.COVER.jpg",
    "PXL_20240506_142610305.LONG_EXPOSURE-01.COVER..json",
  ),
  pair(
    ENTE,
    "PXL_20211120_223243932.MOTION-02.ORIGINAL.jpg",
    "PXL_20211120_223243932.MOTION-02.ORIGINAL.jpg..json",
  ),
  pair(ENTE, "20220322_205147-edited(1).jpg", "20220322_205147.jpg.supplemental-metadata(1).json", {
    title: "20220322_205147.jpg",
  }),
  pair(ENTE, "skytree (2).jpg", "skytree (2).jpg.supplemental-metadata.json", {
    note: "the number kept in place: the sidecar names the whole file",
  }),
  folder(
    ENTE,
    { "PXL_20241231_151646545.MP.jpg.supplemental-met.json": "PXL_20241231_151646545.MP.jpg" },
    { "PXL_20241231_151646545.MP": "PXL_20241231_151646545.MP.jpg.supplemental-met.json" },
    {
      note: "ente's motion-photo sidecar name; the .MP video borrows it with its still absent " +
        "(GPTH neo's 'MP file JSON matching' does the same)",
    },
  ),
];
