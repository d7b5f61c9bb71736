/**
 * A sidecar found beside a file that `index rebuild` adopts. The rebuilt index has lost the record
 * of which sidecars gphotos-nas wrote, and the metadata they were built from (a Takeout export's
 * is not on disk, only in them): without a record, every later run would build each sidecar again
 * from what the index knows now, find different bytes on disk and call it foreign, for every file
 * of the library, every run. A sidecar is ours when its bytes are exactly what our writer makes of
 * what it says: one rewritten by other software (digiKam, darktable) or edited by hand is not.
 *
 * @module
 */
import { parseXmp } from "../../metadata/xmp_parse.ts";
import { toXmp } from "../../metadata/xmp.ts";
import { statOrNull } from "../disk/place.ts";
import { sha256Of, sidecarPath } from "./ready.ts";

/** Larger than any sidecar we write (a few KB with many albums): not read, not ours. */
const LARGEST = 1024 * 1024;

/**
 * The SHA-256 (hex) of the sidecar beside the media file at `path` when it is one gphotos-nas wrote
 * and nobody changed since, for the index to record as ours; undefined when there is none or it is
 * not ours. Its bytes stay as they are.
 *
 * @example
 * ```ts
 * const sha256 = ownSidecar(join(root, relPath));
 * if (sha256) index.sidecars.record(fileId, sha256);
 * ```
 */
export function ownSidecar(path: string): string | undefined {
  const target = sidecarPath(path);
  const info = statOrNull(target);
  if (!info?.isFile || info.size > LARGEST) return undefined;
  // A few KB: read synchronously (an async read costs the main thread more than the read).
  const bytes = Deno.readFileSync(target);
  const text = new TextDecoder().decode(bytes);
  const meta = parseXmp(text);
  if (!meta || toXmp(meta) !== text) return undefined;
  return sha256Of(bytes);
}
