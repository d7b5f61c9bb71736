/**
 * An export in which one file's bytes changed while its name, size and timestamps did not (an
 * edit Google saved over the original, a re-encode of the same length): only the zip's CRC-32 tells
 * the two versions apart without reading them.
 *
 * @module
 */
import type { FixtureExport } from "./exports.ts";
import { sha256 } from "./sidecar.ts";

/**
 * `first` with the bytes of the media file named `name` changed in place: same length, same header
 * (so the same EXIF date), different content after it. Expects that file's new version.
 */
export function changedInPlace(first: FixtureExport, name: string): FixtureExport {
  const original = first.files.find((f) => f.path.endsWith(`/${name}`));
  const item = first.expected.find((e) => e.name === name);
  if (!original || !item) throw new Error(`${name} is not a media file of the export`);
  const bytes = original.bytes.slice();
  for (let i = Math.floor(bytes.length / 2); i < bytes.length - 2; i += 97) bytes[i] ^= 0x5a;
  return {
    files: first.files.map((f) => f === original ? { path: f.path, bytes } : f),
    expected: [{ ...item, sha256: sha256(bytes), quirk: "bytes changed, same name, size, time" }],
  };
}
