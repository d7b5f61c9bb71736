/**
 * Serialises {@linkcode PhotoMetadata} to an XMP sidecar (`NAME.EXT.xmp`, see docs/XMP.md). The
 * writer is our own: the document has one fixed shape, and a small hand-written serializer is
 * easier to check than an XML library (every value passes through {@linkcode escapeXml}).
 *
 * @module
 */
import { formatOffset, type PhotoMetadata } from "./photo_metadata.ts";

/** The namespaces a sidecar uses, by the prefix it writes. */
export const XMP_NAMESPACES = {
  x: "adobe:ns:meta/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  dc: "http://purl.org/dc/elements/1.1/",
  exif: "http://ns.adobe.com/exif/1.0/",
  tiff: "http://ns.adobe.com/tiff/1.0/",
  xmp: "http://ns.adobe.com/xap/1.0/",
  lr: "http://ns.adobe.com/lightroom/1.0/",
  Iptc4xmpExt: "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
  // Our own properties (Google's URL and id). A `.invalid` host can never belong to anyone else,
  // and a namespace URI is only a name: nothing is ever fetched from it.
  GPhotosNas: "http://ns.gphotos-nas.invalid/xmp/1.0/",
} as const;

/** The top of the album tree in `lr:hierarchicalSubject` ("Albums|Holiday 2019"). */
export const ALBUMS_ROOT = "Albums";

/**
 * Makes a string safe as XML 1.0 text or attribute value: escapes `& < > " '`, turns CR/CRLF into
 * LF (a parser would do so anyway), drops the control characters and non-characters XML 1.0
 * forbids (and C1 controls), and replaces a lone surrogate (which has no UTF-8 form) with U+FFFD.
 * Characters beyond the BMP (emoji) are kept.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** An instant as XMP date-time at a UTC offset ("2019-07-14T18:03:11+02:00"), or in UTC with Z. */
export function formatXmpDate(time: Date, offsetMinutes?: number): string {
  const wall = new Date(time.getTime() + (offsetMinutes ?? 0) * 60_000);
  const iso = wall.toISOString().slice(0, 19);
  return iso + (offsetMinutes === undefined ? "Z" : formatOffset(offsetMinutes));
}

/**
 * A coordinate in XMP's GPSCoordinate form "DD,MM.mmmmmmmmR" (degrees, decimal minutes,
 * N/S or E/W). Eight decimals of minutes keep it exact to ~1e-10 degrees.
 */
export function formatGpsCoordinate(degrees: number, positive: "N" | "E"): string {
  const negative = positive === "N" ? "S" : "W";
  // Rounding the whole value in 1e-8 minutes first lets 59.999999999' carry into the degrees.
  const units = Math.round(Math.abs(degrees) * 60 * 1e8);
  const whole = Math.floor(units / (60 * 1e8));
  const minutes = (units - whole * 60 * 1e8) / 1e8;
  const ref = degrees < 0 && units > 0 ? negative : positive;
  return `${whole},${minutes.toFixed(8).replace(/\.?0+$/, "")}${ref}`;
}

/** An altitude in metres as an XMP rational ("1234567/1000", millimetre precision). */
export function formatRational(value: number): string {
  return `${Math.round(Math.abs(value) * 1000)}/1000`;
}

function simple(name: string, value: string | number): string {
  return `   <${name}>${escapeXml(String(value))}</${name}>`;
}

function container(name: string, kind: "Alt" | "Bag", values: string[]): string {
  const lang = kind === "Alt" ? ' xml:lang="x-default"' : "";
  return [
    `   <${name}>`,
    `    <rdf:${kind}>`,
    ...values.map((v) => `     <rdf:li${lang}>${escapeXml(v)}</rdf:li>`),
    `    </rdf:${kind}>`,
    `   </${name}>`,
  ].join("\n");
}

/** Whether a text still says something once escaped (a NUL-only description does not). */
function present(value: string | undefined): value is string {
  return value !== undefined && escapeXml(value).trim() !== "";
}

/** The properties of one item, in a stable order; empty texts and lists are left out. */
function properties(meta: PhotoMetadata): string[] {
  const out: string[] = [];
  const albums = meta.albums?.filter(present) ?? [];
  const people = meta.people?.filter(present) ?? [];
  if (meta.captureTime && !Number.isNaN(meta.captureTime.getTime())) {
    const date = formatXmpDate(meta.captureTime, meta.captureOffsetMinutes);
    out.push(simple("exif:DateTimeOriginal", date));
  }
  if (meta.gps) {
    out.push(simple("exif:GPSLatitude", formatGpsCoordinate(meta.gps.latitude, "N")));
    out.push(simple("exif:GPSLongitude", formatGpsCoordinate(meta.gps.longitude, "E")));
    if (meta.gps.altitude !== undefined) {
      out.push(simple("exif:GPSAltitude", formatRational(meta.gps.altitude)));
      // 0 = above sea level, 1 = below (EXIF GPSAltitudeRef).
      out.push(simple("exif:GPSAltitudeRef", meta.gps.altitude < 0 ? 1 : 0));
    }
  }
  if (meta.width) out.push(simple("exif:PixelXDimension", meta.width));
  if (meta.height) out.push(simple("exif:PixelYDimension", meta.height));
  if (present(meta.cameraMake)) out.push(simple("tiff:Make", meta.cameraMake));
  if (present(meta.cameraModel)) out.push(simple("tiff:Model", meta.cameraModel));
  if (present(meta.title)) out.push(container("dc:title", "Alt", [meta.title]));
  if (present(meta.description)) out.push(container("dc:description", "Alt", [meta.description]));
  if (albums.length) {
    out.push(container("dc:subject", "Bag", albums));
    // "|" separates levels in lr:hierarchicalSubject, so inside a name it becomes "/".
    const paths = albums.map((a) => `${ALBUMS_ROOT}|${a.replaceAll("|", "/")}`);
    out.push(container("lr:hierarchicalSubject", "Bag", paths));
  }
  if (people.length) out.push(container("Iptc4xmpExt:PersonInImage", "Bag", people));
  if (meta.favorite) out.push(simple("xmp:Rating", 5));
  if (present(meta.googleId)) out.push(simple("GPhotosNas:MediaId", meta.googleId));
  if (present(meta.googleUrl)) out.push(simple("GPhotosNas:Url", meta.googleUrl));
  return out;
}

/** The complete XMP sidecar document for one item (UTF-8 text, ends with a newline). */
export function toXmp(meta: PhotoMetadata): string {
  const xmlns = Object.entries(XMP_NAMESPACES)
    .filter(([prefix]) => prefix !== "x" && prefix !== "rdf")
    .map(([prefix, uri]) => `\n    xmlns:${prefix}="${uri}"`)
    .join("");
  return [
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`,
    `<x:xmpmeta xmlns:x="${XMP_NAMESPACES.x}" x:xmptk="gphotos-nas">`,
    ` <rdf:RDF xmlns:rdf="${XMP_NAMESPACES.rdf}">`,
    `  <rdf:Description rdf:about=""${xmlns}>`,
    ...properties(meta),
    `  </rdf:Description>`,
    ` </rdf:RDF>`,
    `</x:xmpmeta>`,
    `<?xpacket end="w"?>`,
    "",
  ].join("\n");
}
