/**
 * Generated Google Takeout exports for the demo, the benchmark and the tests: realistic contents
 * ({@linkcode firstExport}, {@linkcode secondExport}) written as split zip or tgz parts
 * ({@linkcode writeExport}), a broken download ({@linkcode truncate}), damaged entries
 * ({@linkcode damageZipEntry}) and compression bombs ({@linkcode writeBombZip}).
 *
 * @module
 */
export {
  dayFolder,
  type ExpectedItem,
  firstExport,
  type FixtureExport,
  type FixtureFile,
  secondExport,
} from "./exports.ts";
export { splitParts, truncate, writeExport, writeTgz, writeZip } from "./archive.ts";
export { sha256, sidecarJson } from "./sidecar.ts";
export { type BombFile, damageZipEntry, writeBombZip, type ZipDamage } from "./damaged.ts";
