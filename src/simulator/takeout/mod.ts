/**
 * Generated Google Takeout exports for the demo, the benchmark and the tests: realistic contents
 * ({@linkcode firstExport}, {@linkcode secondExport}) written as split zip or tgz parts
 * ({@linkcode writeExport}), exports in the account's language ({@linkcode localizedExport}), a zip
 * that is no Takeout ({@linkcode sourceTreeFiles}), a broken download ({@linkcode truncate}),
 * damaged entries ({@linkcode damageZipEntry}), a file changed in place ({@linkcode changedInPlace}),
 * compression bombs ({@linkcode writeBombZip}, {@linkcode writeBombTgz}), motion and live photos
 * ({@linkcode motionExport}), the naming corpus gathered from peers ({@linkcode namingCorpusExport}), a
 * real library's count of small files ({@linkcode writeManyExport}), and
 * exports delivered the way they really arrive: part by part, still downloading, numbered in series
 * (`delivery.ts`).
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
  NEW_YORK_PHOTO,
  newYorkExport,
  secondExport,
  TOKYO_PHOTO,
} from "./exports.ts";
export { type ManyOptions, writeManyExport, writeManyFolder } from "./many.ts";
export { splitParts, truncate, writeExport, writeTgz, writeZip } from "./archive.ts";
export { albumMetadataJson, fixtureMediaId, sha256, sidecarJson } from "./sidecar.ts";
export { TAKEOUT_LOCALES, type TakeoutLocale } from "./locales.ts";
export { localizedExport, sourceTreeFiles, trashedItem } from "./localized.ts";
export { type LivePair, motionExport, type MotionFixture } from "./motion.ts";
export {
  deliverParts,
  downloadingPart,
  lateSidecarExport,
  type StagedExport,
  stagedPartName,
  wholeExport,
} from "./delivery.ts";
export { simItemsOf } from "./same_photos.ts";
export { changedInPlace } from "./changed.ts";
export { damageZipEntry, type ZipDamage } from "./damaged.ts";
export { type BombFile, writeBombTgz, writeBombZip } from "./bombs.ts";
export {
  type CorpusExpectation,
  type CorpusExport,
  NAMING_CASES,
  namingCorpusExport,
} from "./naming/naming_corpus.ts";
