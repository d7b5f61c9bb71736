/**
 * Takeout's JSON sidecars: their fields, and the sidecars of each folder kept for the one pairing
 * rule (`pairing.ts`, which says which sidecar belongs to which media file).
 *
 * @module
 */
import {
  folderLookup,
  pairSidecar,
  parseSidecarName,
  type SidecarLookup,
  type SidecarName,
} from "./pairing.ts";

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

/** A sidecar kept for matching: its parsed name and its data. */
interface ParsedSidecar extends SidecarName {
  /** The parsed JSON. */
  data: Sidecar;
}

/**
 * The sidecars of each folder (across all parts of a set), matched to media by the one pairing
 * rule ({@linkcode pairSidecar}). Files the rule could not tell apart two sidecars for are kept in
 * {@linkcode SidecarIndex.ambiguous}, for the report.
 */
export class SidecarIndex {
  readonly #byFolder = new Map<string, ParsedSidecar[]>();
  /** Each folder's lookup, built at its first match (sidecars are all added by then). */
  readonly #lookups = new Map<string, SidecarLookup>();
  /** Each folder's media names as a set, built once per list the caller hands over. */
  readonly #siblings = new WeakMap<readonly string[], ReadonlySet<string>>();
  /** `folder/name` of each media file two sidecars fitted equally (left undated). */
  readonly ambiguous: string[] = [];

  /** Adds a sidecar found at `folder/fileName`. */
  add(folder: string, fileName: string, data: Sidecar): void {
    const list = this.#byFolder.get(folder) ?? [];
    const title = typeof data.title === "string" ? data.title : undefined;
    const taken = data.photoTakenTime?.timestamp;
    list.push({ ...parseSidecarName(fileName), title, taken, data });
    this.#byFolder.set(folder, list);
    this.#lookups.delete(folder);
  }

  /** The sidecar of the media file `folder/fileName`, if any (its own, an original's, a still's). */
  match(folder: string, fileName: string, siblings: readonly string[]): Sidecar | undefined {
    const list = this.#byFolder.get(folder) ?? [];
    let lookup = this.#lookups.get(folder);
    if (!lookup) this.#lookups.set(folder, lookup = folderLookup(list));
    let names = this.#siblings.get(siblings);
    if (!names) this.#siblings.set(siblings, names = new Set(siblings));
    const pairing = pairSidecar(fileName, lookup, names);
    if (pairing.kind === "sidecar") return list[pairing.index].data;
    if (pairing.kind === "ambiguous") this.ambiguous.push(`${folder}/${fileName}`);
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

/**
 * The sidecar fields worth keeping in the index, without what says nothing: Google writes every
 * field of every sidecar, most of them empty (`"description": ""`, `"favorited": false`, a
 * `geoData` of 0/0, which is its "no location", an altitude of 0, the EXIF location again, and
 * each time's `formatted`, the same instant in words). An index of a million items kept ~200 bytes of those per item. What is left reads the
 * same to every reader (the XMP sidecar's fields, pass 1's dates): absent is empty.
 */
export function sidecarMetadata(sidecar: Sidecar | undefined): Record<string, unknown> | undefined {
  if (!sidecar) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of KEPT) {
    const value = key === "photoTakenTime" || key === "creationTime"
      ? timestampOnly(sidecar[key])
      : key === "geoData" || key === "geoDataExif"
      ? withoutZeroAltitude(sidecar[key])
      : sidecar[key];
    if (value !== undefined && !saysNothing(key, value)) out[key] = value;
  }
  // The EXIF location is only read when Google's is unset: the same one twice is kept once.
  if (out.geoDataExif && JSON.stringify(out.geoDataExif) === JSON.stringify(out.geoData)) {
    delete out.geoDataExif;
  }
  return out;
}

const KEPT = [
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

/** A time's `timestamp` alone (`formatted` is the same instant in words), or the value as it was. */
function timestampOnly(time: unknown): unknown {
  if (typeof time !== "object" || time === null || Array.isArray(time)) return time;
  const { timestamp } = time as { timestamp?: unknown };
  return timestamp === undefined ? undefined : { timestamp };
}

/** A location without its altitude when that is 0 (Google's "unknown", read as absent). */
function withoutZeroAltitude(place: unknown): unknown {
  if (typeof place !== "object" || place === null || Array.isArray(place)) return place;
  const { altitude, ...rest } = place as { altitude?: unknown };
  return altitude === 0 ? rest : place;
}

/** Whether a sidecar value is Google's way of saying "none": blank text, false, [], 0/0. */
function saysNothing(key: string, value: unknown): boolean {
  if (typeof value === "string") return value.trim() === "";
  if (value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if ((key === "geoData" || key === "geoDataExif") && typeof value === "object" && value !== null) {
    const { latitude, longitude } = value as { latitude?: unknown; longitude?: unknown };
    return latitude === 0 && longitude === 0;
  }
  return false;
}
