/**
 * Generated Google Takeout exports for the demo, the benchmark and the tests: realistic contents
 * ({@linkcode firstExport}, {@linkcode secondExport}) written as split zip or tgz parts
 * ({@linkcode writeExport}), and a broken download ({@linkcode truncate}).
 *
 * @module
 */
export {
  dayFolder,
  DSC_LATER_DESCRIPTION,
  DSC_METADATA,
  type ExpectedItem,
  firstExport,
  type FixtureExport,
  type FixtureFile,
  secondExport,
  TOKYO_PHOTO,
} from "./exports.ts";
export { splitParts, truncate, writeExport, writeTgz, writeZip } from "./archive.ts";
export { sha256, sidecarJson } from "./sidecar.ts";
export { simItemsOf } from "./same_photos.ts";
