/**
 * One normalised shape for what Google knows about a photo, built from a Takeout sidecar JSON or a
 * Library/Picker API media item, and serialised to XMP by `xmp.ts`. The builders take `unknown`
 * because both inputs are untrusted JSON: a field of the wrong type is dropped, never thrown on.
 *
 * @module
 */

/** What gphotos-nas knows about one media item, every field optional. */
export interface PhotoMetadata {
  /** When it was taken (an instant). */
  captureTime?: Date;
  /** The UTC offset, in minutes, of the place where it was taken, when known (+02:00 → 120). */
  captureOffsetMinutes?: number;
  /** Where it was taken, WGS 84 degrees; altitude in metres above sea level. */
  gps?: { latitude: number; longitude: number; altitude?: number };
  /** The user's description. */
  description?: string;
  /** Title (Takeout: the original upload file name). */
  title?: string;
  /** Names of the people Google recognised. */
  people?: string[];
  /** Marked as favourite in Google Photos. */
  favorite?: boolean;
  /** Names of the albums the item belongs to. */
  albums?: string[];
  /** The item's Google Photos URL. */
  googleUrl?: string;
  /** Google's media item id (Library and Picker API). */
  googleId?: string;
  /** Camera maker. */
  cameraMake?: string;
  /** Camera model. */
  cameraModel?: string;
  /** Width in pixels. */
  width?: number;
  /** Height in pixels. */
  height?: number;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? value as Record<string, unknown>
    : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Accepts numbers and numeric strings: the APIs send int64 as strings, Takeout sends numbers. */
function num(value: unknown): number | undefined {
  if (typeof value === "string" && value.trim() === "") return undefined;
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function dimension(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && n > 0 && Number.isInteger(n) ? n : undefined;
}

/** A copy without undefined fields, so results compare and serialise cleanly. */
export function compactMetadata(meta: PhotoMetadata): PhotoMetadata {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) if (value !== undefined) out[key] = value;
  return out as PhotoMetadata;
}

/**
 * Parses a UTC offset "+09:00", "-0530" or "Z" into minutes; undefined for anything else (EXIF
 * writers leave "   :  " when the offset is unknown).
 */
export function parseOffset(value: string): number | undefined {
  if (value === "Z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  // Real zones span -12:00 … +14:00; anything beyond is a corrupt tag.
  if (Number(m[3]) > 59 || minutes > 14 * 60) return undefined;
  return m[1] === "-" ? -minutes : minutes;
}

/** Formats minutes as "+HH:MM". */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${minutes < 0 ? "-" : "+"}${hh}:${mm}`;
}

/** An RFC 3339 time and, when it carries a numeric offset (not "Z"), that offset. */
function rfc3339(value: unknown): Pick<PhotoMetadata, "captureTime" | "captureOffsetMinutes"> {
  if (typeof value !== "string") return {};
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return {};
  const m = /([+-]\d{2}:\d{2})$/.exec(value);
  return { captureTime: time, captureOffsetMinutes: m ? parseOffset(m[1]) : undefined };
}

/** Google writes 0/0 (and altitude 0) when it has no location, so those mean "unknown". */
function location(value: unknown): PhotoMetadata["gps"] {
  const geo = record(value);
  const latitude = num(geo?.latitude);
  const longitude = num(geo?.longitude);
  if (latitude === undefined || longitude === undefined) return undefined;
  if (latitude === 0 && longitude === 0) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  const altitude = num(geo?.altitude);
  return altitude ? { latitude, longitude, altitude } : { latitude, longitude };
}

function names(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.map((p) => text(record(p)?.name)).filter((n): n is string => n !== undefined);
  return list.length ? [...new Set(list)] : undefined;
}

/**
 * Builds metadata from a Takeout sidecar JSON object: `photoTakenTime` (UTC seconds, no offset),
 * `geoData` falling back to `geoDataExif`, `description`, `title`, `people[].name`, `favorited` and
 * `url`. Album names are not in the sidecar; the caller adds them.
 */
export function fromTakeoutSidecar(sidecar: unknown): PhotoMetadata {
  const json = record(sidecar) ?? {};
  const seconds = num(record(json.photoTakenTime)?.timestamp);
  return compactMetadata({
    captureTime: seconds !== undefined && seconds > 0 ? new Date(seconds * 1000) : undefined,
    gps: location(json.geoData) ?? location(json.geoDataExif),
    description: text(json.description),
    title: text(json.title),
    people: names(json.people),
    favorite: json.favorited === true ? true : undefined,
    googleUrl: text(json.url),
  });
}

/**
 * The media item id in a Google Photos URL: the part after `/photo/` in a Takeout sidecar's `url`
 * (`https://photos.google.com/photo/<id>`) or the Library API's `productUrl`
 * (`https://photos.google.com/lr/photo/<id>`). Undefined for any other URL.
 */
export function googleIdOfUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.hostname !== "photos.google.com") return undefined;
  const parts = parsed.pathname.split("/").filter((p) => p !== "");
  const at = parts.lastIndexOf("photo");
  const id = at >= 0 && at === parts.length - 2 ? decodeURIComponent(parts[at + 1]) : "";
  return /^[A-Za-z0-9_-]{8,}$/.test(id) ? id : undefined;
}

/**
 * Builds metadata from a media item of the Library API (`mediaMetadata.creationTime`, `width`,
 * `height`, `photo`/`video` `cameraMake`/`cameraModel`, `productUrl`, `id`, `description`) or of the
 * Picker API (`createTime`, `mediaFile.mediaFileMetadata` with the same camera and size fields).
 */
export function fromMediaItem(item: unknown): PhotoMetadata {
  const json = record(item) ?? {};
  const library = record(json.mediaMetadata);
  const picker = record(record(json.mediaFile)?.mediaFileMetadata);
  const sizes = library ?? picker;
  const camera = record(library?.photo) ?? record(library?.video) ?? picker;
  return compactMetadata({
    ...rfc3339(library?.creationTime ?? json.createTime),
    description: text(json.description),
    googleUrl: text(json.productUrl),
    googleId: text(json.id),
    cameraMake: text(camera?.cameraMake),
    cameraModel: text(camera?.cameraModel),
    width: dimension(sizes?.width),
    height: dimension(sizes?.height),
  });
}
