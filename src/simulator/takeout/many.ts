/**
 * An export the size of a real library: tens of thousands of small photos (messenger images,
 * screenshots, old phones' files) with their sidecars, in many `.zip` parts. Written as a stream,
 * one entry at a time, so that generating 100,000 files needs no more memory than generating ten;
 * the bench's many-files rows and the heap-capped import tests read it, as zip parts or as the folder
 * their owner extracted them into.
 *
 * Photo `i` is the same bytes, name and sidecar in every export written with the same `seed`, so a
 * later export made of `photos + more` repeats the first one and adds new files, as Google's next
 * export of the same account does.
 *
 * @module
 */
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { photoBytesSync } from "../media.ts";

/** What {@linkcode writeManyExport} writes. */
export interface ManyOptions {
  /** Photos (each with its sidecar): the export holds twice as many entries. */
  photos: number;
  /** Number of zip parts (Google cuts at 2–50 GB; small parts here give many parts). */
  parts: number;
  /** Photo sizes in bytes, spread over this range. */
  size: [number, number];
  /** The export's name stem, `takeout-<timestamp>`. */
  stem: string;
  /** Seed of the photo bytes. */
  seed?: string;
}

/** The size of photo `i` in the range. */
function sizeOf(i: number, [low, high]: [number, number]): number {
  return high > low ? low + ((i * 7919) % (high - low)) : low;
}

/** Name, bytes and sidecar of photo `i`. */
function photo(i: number, options: ManyOptions) {
  const name = `IMG_${String(i).padStart(6, "0")}.jpg`;
  // One photo a day from 2015 on, in year folders as Takeout names them.
  const taken = 1_420_070_400 + i * 3_607;
  const year = new Date(taken * 1000).getUTCFullYear();
  const folder = `Takeout/Google Photos/Photos from ${year}`;
  const sidecar = JSON.stringify({
    title: name,
    description: "",
    photoTakenTime: { timestamp: String(taken), formatted: "" },
    creationTime: { timestamp: String(taken + 60), formatted: "" },
    geoData: { latitude: 0, longitude: 0, altitude: 0 },
    url: `https://photos.google.com/photo/AF1Qip${String(i).padStart(12, "0")}`,
  });
  return {
    media: `${folder}/${name}`,
    json: `${folder}/${name}.supplemental-metadata.json`,
    bytes: photoBytesSync(`${options.seed ?? "many"}:${i}`, sizeOf(i, options.size)),
    sidecar: new TextEncoder().encode(sidecar),
  };
}

/**
 * Writes the same export as its owner extracted it: every part unzipped into one folder,
 * `<dir>/<stem>/Takeout/…` (the parts share the `Takeout/` tree), returning that folder's path.
 */
export async function writeManyFolder(dir: string, options: ManyOptions): Promise<string> {
  const root = join(dir, options.stem);
  for (let i = 0; i < options.photos; i++) {
    const { media, json, bytes, sidecar } = photo(i, options);
    await Deno.mkdir(join(root, media, ".."), { recursive: true });
    await Deno.writeFile(join(root, media), bytes);
    await Deno.writeFile(join(root, json), sidecar);
  }
  return root;
}

/** Writes the export's parts in `dir` (`<stem>-001.zip`, …), returning their paths. */
export async function writeManyExport(dir: string, options: ManyOptions): Promise<string[]> {
  const paths: string[] = [];
  const perPart = Math.ceil(options.photos / options.parts);
  for (let part = 0; part < options.parts; part++) {
    const path = join(dir, `${options.stem}-${String(part + 1).padStart(3, "0")}.zip`);
    const zip = await StoredZip.create(path);
    const end = Math.min(options.photos, (part + 1) * perPart);
    for (let i = part * perPart; i < end; i++) {
      const { media, json, bytes, sidecar } = photo(i, options);
      await zip.add(media, bytes);
      await zip.add(json, sidecar);
    }
    await zip.close();
    paths.push(path);
  }
  return paths;
}

const encoder = new TextEncoder();

/**
 * A zip of stored (uncompressed) entries, written straight to its file: what Google's own zips
 * hold for JPEGs, which do not deflate. zip.js spends about 1.5 ms on each entry, 5 minutes for
 * the 200,000 entries of a 100,000-photo export; this writer only frames the bytes (local header,
 * data, central directory, end record; no Zip64: a part stays under 65,535 entries and 4 GiB).
 */
class StoredZip {
  readonly #file: Deno.FsFile;
  readonly #directory: Uint8Array[] = [];
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #offset = 0;
  #count = 0;

  private constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  /** A new, empty zip at `path`. */
  static async create(path: string): Promise<StoredZip> {
    return new StoredZip(await Deno.open(path, { write: true, create: true, truncate: true }));
  }

  /** Adds one file. */
  async add(name: string, bytes: Uint8Array): Promise<void> {
    const nameBytes = encoder.encode(name);
    const crc = crc32(bytes) >>> 0;
    // Version 2.0, UTF-8 names (bit 11), stored, 2020-01-01 00:00 in DOS time.
    const fixed = (view: DataView, at: number) => {
      view.setUint16(at, 20, true);
      view.setUint16(at + 2, 0x0800, true);
      view.setUint16(at + 4, 0, true);
      view.setUint16(at + 6, 0, true);
      view.setUint16(at + 8, (40 << 9) | (1 << 5) | 1, true);
      view.setUint32(at + 10, crc, true);
      view.setUint32(at + 14, bytes.length, true);
      view.setUint32(at + 18, bytes.length, true);
      view.setUint16(at + 22, nameBytes.length, true);
    };
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    fixed(lv, 4);
    local.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    fixed(cv, 6);
    cv.setUint32(42, this.#offset, true);
    central.set(nameBytes, 46);
    this.#directory.push(central);
    this.#count++;
    await this.#write(local);
    await this.#write(bytes);
  }

  /** Writes the central directory and the end record, and closes the file. */
  async close(): Promise<void> {
    const start = this.#offset;
    for (const entry of this.#directory) await this.#write(entry);
    const end = new Uint8Array(22);
    const view = new DataView(end.buffer);
    view.setUint32(0, 0x06054b50, true);
    view.setUint16(8, this.#count, true);
    view.setUint16(10, this.#count, true);
    view.setUint32(12, this.#offset - start, true);
    view.setUint32(16, start, true);
    await this.#write(end);
    await this.#flush();
    this.#file.close();
  }

  async #write(bytes: Uint8Array): Promise<void> {
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    this.#offset += bytes.length;
    if (this.#pendingBytes >= 1 << 20) await this.#flush();
  }

  async #flush(): Promise<void> {
    const all = new Uint8Array(this.#pendingBytes);
    let at = 0;
    for (const piece of this.#pending) {
      all.set(piece, at);
      at += piece.length;
    }
    this.#pending = [];
    this.#pendingBytes = 0;
    for (let written = 0; written < all.length;) {
      written += await this.#file.write(all.subarray(written));
    }
  }
}
