/**
 * How Takeout exports really reach an inbox: parts delivered one by one, minutes to hours apart (a
 * sidecar in a part that arrives after its media), a part still downloading (a browser's
 * `.crdownload` beside a preallocated file, or a file still growing), and exports Google numbers in
 * series (`takeout-<ts>-1-001.zip`, `takeout-<ts>-2-001.zip`).
 *
 * @module
 */
import { join } from "node:path";
import { photoBytesSync } from "../media.ts";
import { writeTgz, writeZip } from "./archive.ts";
import { dayFolder, type ExpectedItem, type FixtureExport, type FixtureFile } from "./exports.ts";
import { albumMetadataJson, sha256, sidecarJson } from "./sidecar.ts";

/** An export whose parts are fixed in advance, so a test can deliver them one at a time. */
export interface StagedExport {
  /** The files of each part, in part order. */
  parts: FixtureFile[][];
  /** What the library should hold once every part arrived. */
  expected: ExpectedItem[];
  /** The photo whose only sidecar is in the last part, and its folder before that part arrives. */
  late: { name: string; sha256: string; folder: string; early: string; album: string };
}

const YEAR = "Takeout/Google Photos/Photos from 2023";
const ALBUM = "Takeout/Google Photos/Harbour";

/**
 * Three parts: part 1 holds `IMG_LATE.jpg` (no EXIF, also in the album "Harbour") whose sidecars
 * are all in part 3, and `IMG_B.jpg` whose sidecar is in part 2; every other photo has its sidecar
 * beside it. Days are computed for `timeZone`.
 */
export function lateSidecarExport(timeZone: string, seed = "late"): StagedExport {
  const expected: ExpectedItem[] = [];
  const photo = (name: string, when: string, quirk: string, albums: string[] = []) => {
    const bytes = photoBytesSync(`${seed}:${name}`, 5000);
    const taken = new Date(when);
    expected.push({
      name,
      sha256: sha256(bytes),
      folder: dayFolder(taken, timeZone),
      albums,
      quirk,
    });
    return {
      media: { path: `${YEAR}/${name}`, bytes },
      sidecar: {
        path: `${YEAR}/${name}.supplemental-metadata.json`,
        bytes: sidecarJson(name, taken),
      },
      bytes,
      taken,
    };
  };
  const late = photo("IMG_LATE.jpg", "2023-06-01T09:00:00Z", "sidecar in the last part", [
    "Harbour",
  ]);
  const a = photo("IMG_A.jpg", "2023-06-02T09:00:00Z", "sidecar beside it");
  const b = photo("IMG_B.jpg", "2023-06-03T09:00:00Z", "sidecar in the next part");
  const c = photo("IMG_C.jpg", "2023-06-04T09:00:00Z", "sidecar beside it");
  const d = photo("IMG_D.jpg", "2023-06-05T09:00:00Z", "in the last part");
  const albumCopy = { path: `${ALBUM}/IMG_LATE.jpg`, bytes: late.bytes };
  // Takeout marks an album folder with its metadata file; without one a folder is no album.
  const albumMetadata = { path: `${ALBUM}/metadata.json`, bytes: albumMetadataJson("Harbour") };
  const albumSidecar = {
    path: `${ALBUM}/IMG_LATE.jpg.supplemental-metadata.json`,
    bytes: sidecarJson("IMG_LATE.jpg", late.taken),
  };
  return {
    parts: [
      [late.media, albumMetadata, albumCopy, a.media, a.sidecar, b.media],
      [b.sidecar, c.media, c.sidecar],
      [late.sidecar, albumSidecar, d.media, d.sidecar],
    ],
    expected,
    late: {
      name: "IMG_LATE.jpg",
      sha256: sha256(late.bytes),
      folder: dayFolder(late.taken, timeZone),
      early: "unknown-date",
      album: "Harbour",
    },
  };
}

/**
 * The staged export as one whole (every part's files, in part order): what Google's library holds
 * of it, so that `simItemsOf` serves the same photos to a pick made before the parts arrive. Google
 * splits an export into parts by size, not by photo, so a photo picked earlier may meet its sidecar
 * only in a later part than its media (`IMG_LATE.jpg` here).
 */
export function wholeExport(staged: StagedExport): FixtureExport {
  return { files: staged.parts.flat(), expected: staged.expected };
}

/** How a staged export's parts are named and packed. */
export interface StagedOptions {
  /** Archive format. */
  format: "zip" | "tgz";
  /** Numbering in series: part k of n goes to `-<series>-<NNN>` (`series` parts per series). */
  perSeries?: number;
}

/** The file name of part `index` (0-based) of an export named `stem`. */
export function stagedPartName(stem: string, index: number, options: StagedOptions): string {
  const n = options.perSeries;
  const number = n
    ? `${Math.floor(index / n) + 1}-${String((index % n) + 1).padStart(3, "0")}`
    : String(index + 1).padStart(3, "0");
  return `${stem}-${number}.${options.format}`;
}

/**
 * Delivers the parts `indices` (0-based) of `staged` into `dir`, as finished downloads written
 * `ageSeconds` ago (their mtime), and returns their paths.
 */
export async function deliverParts(
  dir: string,
  stem: string,
  staged: StagedExport,
  indices: number[],
  options: StagedOptions & { ageSeconds?: number },
): Promise<string[]> {
  const paths: string[] = [];
  for (const index of indices) {
    const path = join(dir, stagedPartName(stem, index, options));
    if (options.format === "zip") await writeZip(path, staged.parts[index]);
    else await writeTgz(path, staged.parts[index]);
    const when = new Date(Date.now() - (options.ageSeconds ?? 3600) * 1000);
    await Deno.utime(path, when, when);
    paths.push(path);
  }
  return paths;
}

/**
 * A part caught mid-download: the browser's `.crdownload` (or `.part`) sibling beside a file that
 * already has the final name and only the first `fraction` of the bytes (as download managers that
 * preallocate leave it), or with `sibling` undefined, a file still growing (mtime now).
 */
export async function downloadingPart(
  path: string,
  options: { sibling?: ".crdownload" | ".part" | ".download"; fraction?: number } = {},
): Promise<void> {
  const bytes = await Deno.readFile(path);
  const head = bytes.subarray(0, Math.floor(bytes.length * (options.fraction ?? 0.5)));
  await Deno.writeFile(path, head);
  if (options.sibling) await Deno.writeFile(path + options.sibling, head);
}
