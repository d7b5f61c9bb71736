/**
 * The JSON sidecars Google Takeout writes beside each media file, with the fields gphotos-nas reads
 * (`photoTakenTime`, `creationTime`) and the ones it keeps in the index (geo data, people).
 *
 * @module
 */
import { createHash } from "node:crypto";

const encoder = new TextEncoder();

/** Hex SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * The media item id Google gives the photo `title` taken at `taken`: one id for one item, the same
 * in the sidecar's `url` (`https://photos.google.com/photo/<id>`) and, for the same photos in the
 * simulated library (`same_photos.ts`), in the Picker's and the Library API's `id` (and its
 * `productUrl`). Two items sharing a title (`IMG_0002.jpg`, `IMG_0002(1).jpg`) differ by time.
 */
export function fixtureMediaId(title: string, taken?: Date): string {
  const digest = createHash("sha256").update(`${title}|${taken?.toISOString() ?? ""}`).digest();
  return `AF1Qip${digest.toString("base64url").slice(0, 36)}`;
}

/** Takeout's time stamp: seconds since the epoch as a string, and a human-readable form. */
function stamp(d: Date): { timestamp: string; formatted: string } {
  return { timestamp: String(Math.floor(d.getTime() / 1000)), formatted: d.toUTCString() };
}

/**
 * A sidecar's bytes for the media file `title`: `taken` becomes `photoTakenTime` and `created`
 * `creationTime` (the upload time); either may be absent, as in real exports. Its `url` names the
 * item's {@linkcode fixtureMediaId}. `extra` adds fields.
 */
export function sidecarJson(
  title: string,
  taken?: Date,
  created?: Date,
  extra: object = {},
): Uint8Array {
  return encoder.encode(JSON.stringify({
    title,
    description: "",
    imageViews: "3",
    ...(created ? { creationTime: stamp(created) } : {}),
    ...(taken ? { photoTakenTime: stamp(taken) } : {}),
    geoData: {
      latitude: 52.52,
      longitude: 13.405,
      altitude: 34,
      latitudeSpan: 0,
      longitudeSpan: 0,
    },
    people: [{ name: "Ada" }],
    url: `https://photos.google.com/photo/${fixtureMediaId(title, taken)}`,
    googlePhotosOrigin: { mobileUpload: { deviceType: "ANDROID_PHONE" } },
    ...extra,
  }));
}

/** The JSON bytes of `value` (album `metadata.json`, Takeout's own files). */
export function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** An album's metadata file, shaped as Google writes it (whatever its localized name). */
export function albumMetadataJson(title: string): Uint8Array {
  return jsonBytes({
    title,
    description: "",
    access: "protected",
    date: { timestamp: "1650000000", formatted: "15 Apr 2022, 05:20:00 UTC" },
    location: "",
    geoData: { latitude: 0, longitude: 0, altitude: 0, latitudeSpan: 0, longitudeSpan: 0 },
  });
}
