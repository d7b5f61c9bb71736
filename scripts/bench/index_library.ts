/**
 * The synthetic lifetime library of the bench's `index` section: what a 20-year library imported
 * from Takeout holds (a million items over 20 years of day folders, the export's parts and their
 * media and sidecar entries, album memberships, a run a night), written by direct inserts through
 * the catalog's own schema, and its files as sparse files of their recorded sizes.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { indexPath } from "../../src/library/catalog/mod.ts";
import { openLibrary, type OpenLibraryOptions } from "../../src/library/mod.ts";
import { nameKey } from "../../src/library/layout/names.ts";
import { sidecarMetadata } from "../../src/sources/takeout/sidecar.ts";
import { defaultRetryPolicy } from "../../src/net/retry.ts";
import { createLogger } from "../../src/ui/log.ts";

const DAYS = 20 * 365;
const FIRST_DAY = Date.UTC(2006, 0, 1);
const DAY_MS = 86_400_000;
const ENTRIES_PER_PART = 10_000;
const EXPORT = "takeout-20260101T000000Z";

/** The i-th of n items: its name, day folder, size, capture time and recorded SHA-256. */
export function synth(i: number, n: number) {
  const day = Math.floor(i * DAYS / n);
  const taken = new Date(FIRST_DAY + day * DAY_MS + (i * 7919 % DAY_MS));
  const iso = taken.toISOString();
  const ymd = iso.slice(0, 10);
  const serial = String(i % 100_000).padStart(5, "0");
  const name = i % 10 === 9
    ? `VID_${ymd.replaceAll("-", "")}_${serial}.mp4`
    : i % 10 === 5
    ? `PXL_${ymd.replaceAll("-", "")}_${serial}.jpg`
    : `IMG_${serial}.jpg`;
  const video = name.endsWith(".mp4");
  const size = video ? 20_000_000 + i % 50_000_000 : 1_500_000 + i % 4_000_000;
  const relPath = `${ymd.slice(0, 4)}/${ymd}/${name}`;
  const part = `${EXPORT}-${String(Math.floor(i / ENTRIES_PER_PART) + 1).padStart(3, "0")}.zip`;
  const seconds = String(Math.floor(taken.getTime() / 1000));
  const folder = `Takeout/Google Photos/Photos from ${ymd.slice(0, 4)}/`;
  return {
    name,
    relPath,
    size,
    iso,
    video,
    part,
    folder,
    sourceId: `${name}|${size}|${seconds}`,
    // What an import keeps of the item's sidecar (as Google writes it: every field, most empty);
    // the sidecar dated it, so no `takeout.dateFrom` (docs/TAKEOUT.md).
    metadata: sidecarMetadata({
      title: name,
      description: i % 20 === 0 ? "Birthday at the lake" : "",
      photoTakenTime: { timestamp: seconds, formatted: `${iso.slice(0, 16)} UTC` },
      creationTime: { timestamp: String(Number(seconds) + 3600), formatted: "" },
      geoData: { latitude: 48.85 + i % 100 / 1000, longitude: 2.35, altitude: 35 },
      geoDataExif: { latitude: 48.85 + i % 100 / 1000, longitude: 2.35, altitude: 35 },
      url: `https://photos.google.com/photo/AF1QipP${
        createHash("sha256").update(name + i)
          .digest("base64url").slice(0, 36)
      }`,
    }),
    sha256: outsideFirstSlice(createHash("sha256").update(String(i)).digest("hex")),
  };
}

/** A SHA-256 hex that `verify --subset 1/30` does not read (slice of the first 48 bits). */
function outsideFirstSlice(hex: string): string {
  while (parseInt(hex.slice(0, 12), 16) % 30 === 0) {
    hex = createHash("sha256").update(hex).digest("hex");
  }
  return hex;
}

/**
 * As a run opens the library, without XMP sidecars: this index records none, as a library kept
 * with `--no-xmp` (with them, every file would need a sidecar on disk for `verify`).
 */
export function libraryOptions(command: string): OpenLibraryOptions {
  return {
    command,
    timeZone: "UTC",
    log: createLogger({ quiet: true }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(),
    stallTimeoutMs: 60_000,
    xmp: false,
  };
}

/** The library's own first run creates its index, identity and layout; the rows go in by SQL. */
export async function buildLibrary(dest: string, n: number): Promise<void> {
  const first = await openLibrary(dest, libraryOptions("import"));
  await first.finish(0, {});
  const db = new DatabaseSync(indexPath(dest));
  const now = new Date().toISOString();
  // A throwaway copy: no journal, no syncs, and a cache that holds the indexes being filled.
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
  db.exec("BEGIN");
  const file = db.prepare(
    `INSERT INTO files (id, rel_path, name_key, state, size, sha256, capture_time, mime_type,
       kind, fetched_at, day_zone) VALUES (?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, 'UTC')`,
  );
  const item = db.prepare(
    `INSERT INTO items (source, source_id, file_id, filename, metadata, first_seen, crc32)
     VALUES ('takeout', ?, ?, ?, ?, ?, ?)`,
  );
  const entry = db.prepare(
    `INSERT INTO takeout_part_entries (part_id, folder_id, name, size, role, source_id, used)
     VALUES ((SELECT id FROM takeout_parts WHERE path = ?),
       (SELECT id FROM takeout_folders WHERE path = ?), ?, ?, ?, ?, ?)`,
  );
  const folder = db.prepare("INSERT OR IGNORE INTO takeout_folders (path) VALUES (?)");
  const album = db.prepare("INSERT INTO albums (album, file_id) VALUES (?, ?)");
  const part = db.prepare(
    `INSERT INTO takeout_parts (path, export_key, size, mtime_ms, seen_at, imported_at)
     VALUES (?, ?, 0, 0, ?, ?)`,
  );
  for (let p = 0; p * ENTRIES_PER_PART < n; p++) {
    const path = `/volume1/takeout/${EXPORT}-${String(p + 1).padStart(3, "0")}.zip`;
    part.run(path, EXPORT, now, now);
  }
  for (let i = 0; i < n; i++) {
    const s = synth(i, n);
    const id = i + 1;
    file.run(
      id,
      s.relPath,
      nameKey(s.relPath),
      s.size,
      s.sha256,
      s.iso,
      s.video ? "video/mp4" : "image/jpeg",
      s.video ? "video" : "photo",
      now,
    );
    // A zip part's CRC-32 of the bytes, as an import records it.
    item.run(s.sourceId, id, s.name, JSON.stringify(s.metadata), now, (i * 2_654_435_761) >>> 0);
    const partPath = `/volume1/takeout/${s.part}`;
    folder.run(s.folder);
    // Roles by number (schema 12): 0 media, 1 sidecar.
    entry.run(partPath, s.folder, s.name, s.size, 0, s.sourceId, 0);
    entry.run(partPath, s.folder, `${s.name}.supplemental-metadata.json`, 900, 1, null, 1);
    if (i % 10 === 0) album.run(`Album ${i % 500}`, id);
  }
  const run = db.prepare(
    `INSERT INTO runs (command, started_at, finished_at, exit_code, summary)
     VALUES ('backup', ?, ?, 0, '{"listed":120,"skipped":118,"downloaded":2}')`,
  );
  for (let d = 0; d < DAYS; d++) {
    const at = new Date(FIRST_DAY + d * DAY_MS).toISOString();
    run.run(at, at);
  }
  db.exec("COMMIT");
  db.exec("PRAGMA journal_mode = WAL");
  db.close();
  createFiles(dest, n);
}

/** Sparse files of the recorded sizes: present with their size, no data blocks written. */
function createFiles(dest: string, n: number): void {
  // Synchronous calls: a million of them is five times faster than awaiting each.
  let folder = "";
  for (let i = 0; i < n; i++) {
    const s = synth(i, n);
    const dir = s.relPath.slice(0, s.relPath.lastIndexOf("/"));
    if (dir !== folder) Deno.mkdirSync(join(dest, folder = dir), { recursive: true });
    using f = Deno.openSync(join(dest, s.relPath), { create: true, write: true });
    f.truncateSync(s.size);
  }
}
