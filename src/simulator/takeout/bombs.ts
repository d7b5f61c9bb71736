/**
 * Compression bombs as hostile or broken exports hold them, in zip and tgz parts: a video of zeros,
 * a sidecar that inflates to hundreds of MiB (in a zip, while its header says 200 B). They are made
 * without deflating every zero, so that a 512 MiB bomb takes a fraction of a second to write.
 *
 * @module
 */
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from "@zip.js/zip.js";
import { constants, crc32, deflateRawSync } from "node:zlib";
import type { FixtureFile } from "./exports.ts";
import { locate } from "./damaged.ts";
import { concat } from "../media.ts";

/** A file in a bomb part: `size` zero bytes (after `head`), deflated as they come. */
export interface BombFile {
  /** Path inside the archive. */
  path: string;
  /** Uncompressed size. */
  size: number;
  /** Bytes before the zeros (a video's header, a JSON opening). */
  head?: Uint8Array;
  /** Bytes after the zeros. */
  tail?: Uint8Array;
  /**
   * Uncompressed size written into a zip's headers, when it should lie. A tar header cannot lie
   * (its size is where the next entry starts), so a tgz bomb must not have one.
   */
  declaredSize?: number;
}

/** Some bytes of an uncompressed stream: given ones, or that many zeros. */
type Piece = Uint8Array | number;

const ZEROS = new Uint8Array(1 << 20);

/**
 * The raw-deflate bytes and CRC-32 of `pieces` one after the other. One 1 MiB block of zeros is
 * deflated once and repeated: a full flush makes each copy stand alone.
 */
function deflatePieces(pieces: Piece[]): { data: Uint8Array; crc32: number } {
  const flush = { finishFlush: constants.Z_FULL_FLUSH, level: 9 };
  const block = deflateRawSync(ZEROS, flush);
  const out: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let crc = 0;
  const settle = () => {
    const bytes = concat(pending);
    out.push(deflateRawSync(bytes, flush));
    crc = crc32(bytes, crc);
    pending = [];
  };
  for (const piece of pieces) {
    if (typeof piece !== "number") {
      pending.push(piece);
      continue;
    }
    let count = piece;
    if (count >= ZEROS.length) settle();
    for (; count >= ZEROS.length; count -= ZEROS.length) {
      out.push(block);
      crc = crc32(ZEROS, crc);
    }
    pending.push(ZEROS.subarray(0, count));
  }
  const rest = concat(pending);
  out.push(deflateRawSync(rest, { level: 9 }));
  return { data: concat(out), crc32: crc32(rest, crc) };
}

/** The pieces of a bomb's uncompressed bytes. */
function bombPieces(file: BombFile): Piece[] {
  const head = file.head ?? new Uint8Array();
  const tail = file.tail ?? new Uint8Array();
  return [head, file.size - head.length - tail.length, tail];
}

/**
 * Writes a zip part holding `files` and the compression bombs `bombs` (about 1,000:1, the most
 * deflate allows). A bomb with `declaredSize` gets that size in its headers.
 */
export async function writeBombZip(
  path: string,
  files: FixtureFile[],
  bombs: BombFile[],
): Promise<void> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false });
  for (const file of files) {
    await writer.add(file.path, new Uint8ArrayReader(file.bytes), { level: 1 });
  }
  for (const bomb of bombs) {
    const { data, crc32 } = deflatePieces(bombPieces(bomb));
    await writer.add(bomb.path, new Uint8ArrayReader(data), {
      passThrough: true,
      compressionMethod: 8,
      uncompressedSize: bomb.size,
      crc32,
      dataDescriptor: false,
    });
  }
  const bytes = await writer.close();
  for (const bomb of bombs) {
    if (bomb.declaredSize === undefined) continue;
    const { view, local, central } = await locate(bytes, bomb.path);
    view.setUint32(local + 22, bomb.declaredSize, true);
    view.setUint32(central + 24, bomb.declaredSize, true);
  }
  await Deno.writeFile(path, bytes);
}

/** A ustar header for a regular file of `size` bytes (a name of at most 100 bytes). */
function tarHeader(name: string, size: number): Uint8Array {
  const header = new Uint8Array(512);
  const put = (offset: number, text: string) => header.set(new TextEncoder().encode(text), offset);
  const octal = (offset: number, width: number, value: number) =>
    put(offset, value.toString(8).padStart(width - 1, "0"));
  if (new TextEncoder().encode(name).length > 100) throw new Error(`tar name too long: ${name}`);
  put(0, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, Math.floor(Date.UTC(2026, 10, 1) / 1000));
  put(148, " ".repeat(8));
  put(156, "0");
  put(257, "ustar\u000000");
  octal(148, 7, header.reduce((sum, byte) => sum + byte, 0));
  return header;
}

/**
 * Writes a tgz part holding `files`, then the compression bombs `bombs` (about 1,000:1), as one
 * gzip member the way `tar czf` makes it.
 */
export async function writeBombTgz(
  path: string,
  files: FixtureFile[],
  bombs: BombFile[],
): Promise<void> {
  const pieces: Piece[] = [];
  const entry = (name: string, size: number, body: Piece[]) =>
    pieces.push(tarHeader(name, size), ...body, (512 - size % 512) % 512);
  for (const file of files) entry(file.path, file.bytes.length, [file.bytes]);
  for (const bomb of bombs) {
    if (bomb.declaredSize !== undefined) throw new Error("a tar header cannot lie about a size");
    entry(bomb.path, bomb.size, bombPieces(bomb));
  }
  pieces.push(1024);
  const size = pieces.reduce<number>((n, p) => n + (typeof p === "number" ? p : p.length), 0);
  const { data, crc32 } = deflatePieces(pieces);
  const trailer = new DataView(new ArrayBuffer(8));
  trailer.setUint32(0, crc32 >>> 0, true);
  trailer.setUint32(4, size % 2 ** 32, true);
  const header = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  await Deno.writeFile(path, concat([header, data, new Uint8Array(trailer.buffer)]));
}
