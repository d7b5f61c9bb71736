/**
 * What the index keeps of a Takeout sidecar (issue 22: an index of at most 1 KiB per item): Google
 * writes every field of every sidecar, most of them empty, and the index kept them all. The kept
 * fields must read the same to every reader: the XMP sidecar written from them is byte for byte the
 * one written from the whole sidecar, and pass 1's dates are the same.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  type Sidecar,
  sidecarCreationTime,
  sidecarMetadata,
  sidecarTakenTime,
} from "../../../src/sources/takeout/sidecar.ts";
import { fromTakeoutSidecar } from "../../../src/metadata/photo_metadata.ts";
import { toXmp } from "../../../src/metadata/xmp.ts";
import { DSC_METADATA } from "../../../src/simulator/takeout/mod.ts";

const URL = "https://photos.google.com/photo/AF1QipN0123456789";

/** Sidecars as Google writes them: every field present, most of them saying "none". */
const SIDECARS: Sidecar[] = [
  {
    // No location, no description: what most of a real export's sidecars are.
    title: "IMG_000000.jpg",
    description: "",
    photoTakenTime: { timestamp: "1420070400", formatted: "Jan 1, 2015, 12:00:00 AM UTC" },
    creationTime: { timestamp: "1420070460", formatted: "Jan 1, 2015, 12:01:00 AM UTC" },
    geoData: { latitude: 0, longitude: 0, altitude: 0 },
    geoDataExif: { latitude: 0, longitude: 0, altitude: 0 },
    url: URL,
  },
  {
    // Google's location unset, the EXIF one known: the XMP takes the EXIF one.
    title: "PXL_20210810_121314151.jpg",
    description: "  ",
    photoTakenTime: { timestamp: "1628597594", formatted: "" },
    geoData: { latitude: 0, longitude: 0, altitude: 12.5 },
    geoDataExif: { latitude: 48.8584, longitude: 2.2945, altitude: 35 },
    people: [],
    favorited: false,
    archived: false,
    trashed: false,
    url: "",
  },
  {
    title: "DSC01234.JPG",
    ...DSC_METADATA,
    people: DSC_METADATA.people.map((p) => ({ ...p })),
    photoTakenTime: { timestamp: "1609459200", formatted: "Jan 1, 2021" },
    creationTime: { formatted: "Jan 2, 2021" },
    archived: true,
    trashed: true,
    url: URL,
  },
  {
    // A location known to Google and in the EXIF alike, at sea level.
    title: "IMG_4242.HEIC",
    photoTakenTime: { timestamp: "1700000000", formatted: "Nov 14, 2023" },
    geoData: { latitude: 35.6586, longitude: 139.7454, altitude: 0 },
    geoDataExif: { latitude: 35.6586, longitude: 139.7454, altitude: 0 },
  },
  {
    // Google's location moved by the user: the EXIF one is kept too (never read while Google's is set).
    geoData: { latitude: 35.6586, longitude: 139.7454, altitude: 0 },
    geoDataExif: { latitude: 35.7, longitude: 139.7, altitude: 0 },
  },
  {},
];

Deno.test("sidecar metadata: the index keeps what any reader uses, and reads the same", () => {
  for (const sidecar of SIDECARS) {
    const kept = sidecarMetadata(sidecar)!;
    // The XMP sidecar (docs/XMP.md) is the same bytes.
    assert.equal(toXmp(fromTakeoutSidecar(kept)), toXmp(fromTakeoutSidecar(sidecar)));
    // Pass 1 reads its dates back from what it stored.
    assert.deepEqual(sidecarTakenTime(kept), sidecarTakenTime(sidecar));
    assert.deepEqual(sidecarCreationTime(kept), sidecarCreationTime(sidecar));
    // Kept again, nothing changes (pass 1 stores it, the record keeps it once more).
    assert.deepEqual(sidecarMetadata(kept), kept);
  }
});

Deno.test("sidecar metadata: Google's empty fields are not kept", () => {
  assert.deepEqual(sidecarMetadata(SIDECARS[0]), {
    title: "IMG_000000.jpg",
    photoTakenTime: { timestamp: "1420070400" },
    creationTime: { timestamp: "1420070460" },
    url: URL,
  });
  assert.deepEqual(sidecarMetadata(SIDECARS[1]), {
    title: "PXL_20210810_121314151.jpg",
    photoTakenTime: { timestamp: "1628597594" },
    geoDataExif: { latitude: 48.8584, longitude: 2.2945, altitude: 35 },
  });
  // What says something is kept as Google wrote it.
  assert.deepEqual(sidecarMetadata(SIDECARS[2]), {
    title: "DSC01234.JPG",
    description: DSC_METADATA.description,
    photoTakenTime: { timestamp: "1609459200" },
    geoData: DSC_METADATA.geoData,
    people: DSC_METADATA.people,
    favorited: true,
    archived: true,
    trashed: true,
    url: URL,
  });
  assert.deepEqual(sidecarMetadata(SIDECARS[3]), {
    title: "IMG_4242.HEIC",
    photoTakenTime: { timestamp: "1700000000" },
    geoData: { latitude: 35.6586, longitude: 139.7454 },
  });
  assert.deepEqual(sidecarMetadata(SIDECARS[4]), {
    geoData: { latitude: 35.6586, longitude: 139.7454 },
    geoDataExif: { latitude: 35.7, longitude: 139.7 },
  });
  assert.equal(sidecarMetadata(undefined), undefined);
});
