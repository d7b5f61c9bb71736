/**
 * Pairing Takeout media with their JSON sidecars, whose names Google mangles:
 * `NAME.supplemental-metadata.json`, the older `NAME.json`, names cut so the whole sidecar name is at
 * most 51 characters (`…suppl.json`, `…supplemental-metad.json`, `…s.json`, `…..json`), duplicate
 * numbers moved (`IMG(1).jpg` ↔ `IMG.jpg(1).json` or `IMG.jpg.supplemental-metadata(1).json`),
 * `-edited` copies (in the account's language) sharing their original's sidecar, and live-photo
 * videos (`IMG.MP4` beside `IMG.HEIC`, a Pixel's `PXL_….MP` beside `PXL_….MP.jpg`) that have none of
 * their own.
 *
 * @module
 */

/** The sidecar fields gphotos-nas keeps. */
export interface Sidecar {
  /** Original upload name. */
  title?: string;
  /** The user's description. */
  description?: string;
  /** Capture time, seconds since the epoch (UTC). */
  photoTakenTime?: { timestamp?: string; formatted?: string };
  /** Upload time. */
  creationTime?: { timestamp?: string; formatted?: string };
  /** Location (0/0 means none). */
  geoData?: { latitude?: number; longitude?: number; altitude?: number };
  /** Location from the file's EXIF. */
  geoDataExif?: { latitude?: number; longitude?: number; altitude?: number };
  /** Named people. */
  people?: { name?: string }[];
  /** Favourite flag. */
  favorited?: boolean;
  /** Archived flag. */
  archived?: boolean;
  /** In the trash. */
  trashed?: boolean;
  /** The item's Google Photos URL. */
  url?: string;
}

/** The longest sidecar name Google writes, `.json` included. */
export const MAX_SIDECAR_NAME = 51;

const SUFFIX = "supplemental-metadata";
/**
 * Edited copies in each language Takeout writes (en, de, fr, es, pt, it, nl, pl, ru, ja, zh, ca,
 * sv, fi, da, ko), from GooglePhotosTakeoutHelper's and immich-go's lists.
 */
const EDITED = new RegExp(
  "-(edited|bearbeitet|modifié|ha editado|editado|modificato|bewerkt|edytowane|" +
    "отредактировано|編集済み|编辑|editat|redigerad|muokattu|redigeret|편집됨)$",
  "i",
);

/** Whether a media file name is Google's edited copy (`IMG-edited.jpg`, in any language). */
export function isEditedName(name: string): boolean {
  const dot = name.lastIndexOf(".");
  return EDITED.test((dot > 0 ? name.slice(0, dot) : name).normalize("NFC"));
}

/** A sidecar file name taken apart. */
interface ParsedSidecar {
  /** The media name it describes (possibly cut short). */
  stem: string;
  /** Its duplicate number, 0 for none. */
  n: number;
  /** Whether Google cut the name to fit 51 characters. */
  cut: boolean;
  /** The parsed JSON. */
  data: Sidecar;
}

/** Splits `name(3).ext` into `name.ext` and 3 (0 when there is no number). */
export function splitDuplicate(name: string): { name: string; n: number } {
  const m = /^(.*)\((\d+)\)(\.[^.]*)?$/.exec(name);
  if (!m) return { name, n: 0 };
  return { name: m[1] + (m[3] ?? ""), n: Number(m[2]) };
}

/** Reads a sidecar file name: what it describes and its duplicate number. */
export function parseSidecarName(fileName: string): { stem: string; n: number; cut: boolean } {
  let stem = fileName.replace(/\.json$/i, "");
  let n = 0;
  const dup = /\((\d+)\)$/.exec(stem);
  if (dup) {
    n = Number(dup[1]);
    stem = stem.slice(0, -dup[0].length);
  }
  const cut = stem.length + ".json".length >= MAX_SIDECAR_NAME;
  const dot = stem.lastIndexOf(".");
  const tail = dot >= 0 ? stem.slice(dot + 1) : undefined;
  // ".supplemental-metadata", or what the 51-character cut left of it ("suppl", "s", "").
  const isSuffix = tail !== undefined &&
    (tail === SUFFIX || (SUFFIX.startsWith(tail) && (cut || tail.length >= 2)));
  if (isSuffix) stem = stem.slice(0, dot);
  return { stem, n, cut };
}

/** The sidecars of one folder (across all parts of a set), ready for matching. */
export class SidecarIndex {
  readonly #byFolder = new Map<string, ParsedSidecar[]>();

  /** Adds a sidecar found at `folder/fileName`. */
  add(folder: string, fileName: string, data: Sidecar): void {
    const list = this.#byFolder.get(folder) ?? [];
    list.push({ ...parseSidecarName(fileName), data });
    this.#byFolder.set(folder, list);
  }

  #find(folder: string, name: string, n: number): Sidecar | undefined {
    const list = this.#byFolder.get(folder) ?? [];
    const exact = list.find((s) => s.n === n && s.stem === name);
    if (exact) return exact.data;
    return list.find((s) => s.n === n && s.cut && s.stem.length >= 8 && name.startsWith(s.stem))
      ?.data;
  }

  /** The sidecar of the media file `folder/fileName`, if any (its own, else an original's). */
  match(folder: string, fileName: string, siblings: readonly string[]): Sidecar | undefined {
    const own = this.#find(folder, fileName, 0);
    if (own) return own;
    const { name, n } = splitDuplicate(fileName);
    if (n > 0) {
      const numbered = this.#find(folder, name, n);
      if (numbered) return numbered;
    }
    const dot = name.lastIndexOf(".");
    const base = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : "";
    if (EDITED.test(base.normalize("NFC"))) {
      const original = this.#find(folder, base.normalize("NFC").replace(EDITED, "") + ext, n);
      if (original) return original;
    }
    // A live photo's video has no sidecar of its own: it shares the still's, `IMG.HEIC` beside
    // `IMG.MP4`, or `PXL_….MP.jpg` beside a Pixel motion photo's `PXL_….MP`.
    if (/^\.(mp4|mov|mp)$/i.test(ext)) {
      for (const sibling of siblings) {
        if (sibling === fileName) continue;
        const sdot = sibling.lastIndexOf(".");
        const stem = sdot > 0 ? sibling.slice(0, sdot) : "";
        if (
          (stem === base || stem === name) &&
          !/^\.(mp4|mov|mp|json)$/i.test(sibling.slice(sdot))
        ) {
          const still = this.#find(folder, sibling, 0);
          if (still) return still;
        }
      }
    }
    return undefined;
  }
}

/** Parses sidecar JSON; undefined for anything that is not a sidecar object. */
export function parseSidecar(text: string): Sidecar | undefined {
  try {
    const data = JSON.parse(text);
    return typeof data === "object" && data !== null && !Array.isArray(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** The capture instant a sidecar gives, if any. */
export function sidecarTakenTime(sidecar: Sidecar | undefined): Date | undefined {
  const seconds = Number(sidecar?.photoTakenTime?.timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

/** The upload instant a sidecar gives, if any. */
export function sidecarCreationTime(sidecar: Sidecar | undefined): Date | undefined {
  const seconds = Number(sidecar?.creationTime?.timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

/** The sidecar fields worth keeping in the index. */
export function sidecarMetadata(sidecar: Sidecar | undefined): Record<string, unknown> | undefined {
  if (!sidecar) return undefined;
  const keep = [
    "title",
    "description",
    "photoTakenTime",
    "creationTime",
    "geoData",
    "geoDataExif",
    "people",
    "favorited",
    "archived",
    "trashed",
    "url",
  ] as const;
  const out: Record<string, unknown> = {};
  for (const key of keep) if (sidecar[key] !== undefined) out[key] = sidecar[key];
  return out;
}
