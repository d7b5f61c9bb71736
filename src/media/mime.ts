/**
 * The one table of media types: file extension → MIME type and kind, for every format Google
 * Photos accepts. Takeout names its files but gives no types, so the extension is all there is;
 * the writer goes the other way (MIME → extension) to name an item whose name is unusable.
 *
 * @module
 */
import type { MediaKind } from "./record.ts";

/** A MIME type and whether it is a photo or a video. */
export interface MediaType {
  /** MIME type, e.g. `image/jpeg`. */
  mime: string;
  /** Photo or video. */
  kind: MediaKind;
}

/** The type of files whose extension is not in the table (counted as photos, marked unknown). */
export const UNKNOWN_MEDIA_TYPE: MediaType = { mime: "application/octet-stream", kind: "photo" };

// Where several extensions share a MIME type, the first one listed is the one a MIME type maps back
// to (`image/jpeg` → `.jpg`), so the usual spelling comes first. RAW types are the names of
// freedesktop.org's shared-mime-info, which file managers on a NAS recognise.
const PHOTOS: [string, string][] = [
  ["jpg", "image/jpeg"],
  ["jpeg", "image/jpeg"],
  ["png", "image/png"],
  ["gif", "image/gif"],
  ["webp", "image/webp"],
  ["heic", "image/heic"],
  ["heif", "image/heif"],
  ["avif", "image/avif"],
  ["bmp", "image/bmp"],
  ["tif", "image/tiff"],
  ["tiff", "image/tiff"],
  ["ico", "image/x-icon"],
  ["dng", "image/x-adobe-dng"],
  ["cr2", "image/x-canon-cr2"],
  ["cr3", "image/x-canon-cr3"],
  ["crw", "image/x-canon-crw"],
  ["nef", "image/x-nikon-nef"],
  ["nrw", "image/x-nikon-nrw"],
  ["arw", "image/x-sony-arw"],
  ["srf", "image/x-sony-srf"],
  ["sr2", "image/x-sony-sr2"],
  ["orf", "image/x-olympus-orf"],
  ["raf", "image/x-fuji-raf"],
  ["rw2", "image/x-panasonic-rw2"],
  ["pef", "image/x-pentax-pef"],
  ["srw", "image/x-samsung-srw"],
  ["x3f", "image/x-sigma-x3f"],
  ["3fr", "image/x-hasselblad-3fr"],
  ["mrw", "image/x-minolta-mrw"],
  ["raw", "image/x-raw"],
  ["rwl", "image/x-leica-rwl"],
  ["iiq", "image/x-phaseone-iiq"],
  ["erf", "image/x-epson-erf"],
  ["kdc", "image/x-kodak-kdc"],
];

// `.mp` is the video half of a Google motion photo (an MP4 stream); `.m4v` is kept as `video/mp4`,
// the type Takeout imports have always been recorded with.
const VIDEOS: [string, string][] = [
  ["mp4", "video/mp4"],
  ["m4v", "video/mp4"],
  ["mp", "video/mp4"],
  ["mov", "video/quicktime"],
  ["qt", "video/quicktime"],
  ["3gp", "video/3gpp"],
  ["3g2", "video/3gpp2"],
  ["avi", "video/x-msvideo"],
  ["mkv", "video/x-matroska"],
  ["webm", "video/webm"],
  ["mts", "video/mp2t"],
  ["m2ts", "video/mp2t"],
  ["ts", "video/mp2t"],
  ["mpg", "video/mpeg"],
  ["mpeg", "video/mpeg"],
  ["mp2", "video/mpeg"],
  ["wmv", "video/x-ms-wmv"],
  ["asf", "video/x-ms-asf"],
  ["flv", "video/x-flv"],
  ["divx", "video/x-divx"],
];

const BY_EXTENSION = new Map<string, MediaType>([
  ...PHOTOS.map(([ext, mime]): [string, MediaType] => [ext, { mime, kind: "photo" }]),
  ...VIDEOS.map(([ext, mime]): [string, MediaType] => [ext, { mime, kind: "video" }]),
]);

const EXTENSION_OF_MIME = new Map<string, string>();
for (const [ext, { mime }] of BY_EXTENSION) {
  if (!EXTENSION_OF_MIME.has(mime)) EXTENSION_OF_MIME.set(mime, `.${ext}`);
}
// Some cameras and apps report DNG under the bare name.
EXTENSION_OF_MIME.set("image/dng", ".dng");

/** The type of a file name by its extension (case-insensitive); undefined when unknown. */
export function mediaTypeOfName(name: string): MediaType | undefined {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? undefined : BY_EXTENSION.get(name.slice(dot + 1).toLowerCase());
}

/** The usual extension (with its dot) of a photo or video MIME type; parameters are ignored. */
export function extensionForMime(mime: string): string | undefined {
  return EXTENSION_OF_MIME.get(mime.toLowerCase().split(";")[0].trim());
}
