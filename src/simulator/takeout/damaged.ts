/**
 * Zip parts damaged the ways real ones are: a bad disk or download flips bytes (the CRC-32 no
 * longer matches), a header lies about an entry's size, an entry's compressed data cannot be
 * inflated. Compression bombs are made in `bombs.ts`.
 *
 * @module
 */
import { Uint8ArrayReader, Uint8ArrayWriter, ZipReader, ZipWriter } from "@zip.js/zip.js";

/** How one entry of a zip part is damaged. */
export type ZipDamage =
  /** A byte of its data is flipped: the data inflates, but the CRC-32 no longer matches. */
  | "flipped"
  /** Its headers declare 3.75 GiB uncompressed for the few KB it holds. */
  | "lying-size"
  /**
   * Its headers declare half the bytes it inflates to: a bomb's trick in a small entry (a reader
   * that trusts the header for its buffer overflows it; zip bombs in the wild lie the same way).
   */
  | "short-size"
  /** Its compressed data starts with a reserved deflate block type: it cannot be inflated. */
  | "invalid-data";

const LYING_SIZE = 0xF000_0000;

/** Where an entry's local header, data and central directory record are inside a zip file's bytes. */
export async function locate(bytes: Uint8Array, entryPath: string) {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  const entries = await reader.getEntries();
  await reader.close();
  const entry = entries.find((e) => e.filename === entryPath);
  if (!entry || entry.directory) throw new Error(`no entry ${entryPath} in the zip`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.offset;
  const data = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  // The central directory record of this entry: the first one whose local-header offset matches.
  let central = -1;
  for (let i = bytes.length - 46; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x02014b50 && view.getUint32(i + 42, true) === local) {
      central = i;
      break;
    }
  }
  return { view, local, data, central, compressedSize: entry.compressedSize };
}

/**
 * Damages the entry `entryPath` of the zip part at `path` in place (a non-Zip64 part, as
 * {@linkcode writeExport} writes them). For `"flipped"` the part is written again with that entry
 * stored (not deflated), so that the flipped byte still reads: only its CRC-32 can tell.
 */
export async function damageZipEntry(
  path: string,
  entryPath: string,
  damage: ZipDamage,
): Promise<void> {
  let bytes: Uint8Array = await Deno.readFile(path);
  if (damage === "flipped") bytes = await rewriteStored(bytes, entryPath);
  const { view, local, data, central, compressedSize } = await locate(bytes, entryPath);
  if (damage === "flipped") {
    bytes[data + Math.floor(compressedSize / 2)] ^= 0xff;
  } else if (damage === "lying-size") {
    view.setUint32(local + 22, LYING_SIZE, true);
    view.setUint32(central + 24, LYING_SIZE, true);
  } else if (damage === "short-size") {
    const half = Math.floor(view.getUint32(central + 24, true) / 2);
    view.setUint32(local + 22, half, true);
    view.setUint32(central + 24, half, true);
  } else {
    bytes[data] = 0x07;
  }
  await Deno.writeFile(path, bytes);
}

/** The zip `bytes` written again, `storedPath` without compression and the rest deflated. */
async function rewriteStored(bytes: Uint8Array, storedPath: string): Promise<Uint8Array> {
  const reader = new ZipReader(new Uint8ArrayReader(bytes));
  const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue;
    const data = await entry.getData(new Uint8ArrayWriter());
    const level = entry.filename === storedPath ? 0 : 1;
    await writer.add(entry.filename, new Uint8ArrayReader(data), { level });
  }
  await reader.close();
  return await writer.close();
}
