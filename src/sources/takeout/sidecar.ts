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
