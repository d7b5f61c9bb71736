/**
 * Zip parts read exactly and within bounds. The central directory is read record by record
 * (`zip_directory.ts`, Zip64 included); an entry's bytes are then read straight from the file: inflated one small slice at a time
 * (`archive_inflate.ts`), counted against the size the directory declares and checked against its
 * CRC-32 before the stream ends. A damaged entry therefore errors its stream, so the writer never
 * gives its temp file a final name, and the error is an {@linkcode ItemError} that names the entry
 * and the part: it fails that file alone, at once, with no retry (re-reading a file does not cure
 * it).
 *
 * @module
 */
import { basename } from "node:path";
import { crc32, inflateRaw } from "node:zlib";
import { ItemError } from "../../../errors.ts";
import { boundedInflate, type RangeReader, rangeStream, readRange, WHOLE_MAX } from "./inflate.ts";
import type { ArchiveEntry, RandomAccessPart, ZipSpot } from "./mod.ts";
import { type DirectoryEntry, zipDirectory } from "./zip_directory.ts";

const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const STORED_SLICE = 256 * 1024;

/** Room for the local header's name and extra field, read with a small entry's bytes. */
const LOCAL_SLACK = 1024;

/** A stream of one chunk (a failure to produce it fails the stream). */
function oneChunk(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * Raw deflate `bytes` inflated at once (off the main thread), never to more than `declared` + 1
 * bytes: one more than the directory declares is enough to say the entry lies.
 */
function inflateWhole(
  bytes: Uint8Array,
  declared: number,
  damaged: (why: string) => Error,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    inflateRaw(bytes, { maxOutputLength: declared + 1 }, (error, out) => {
      if (!error) return resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      const tooLarge = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      reject(tooLarge ? damaged(`more bytes than the ${declared} its header declares`) : error);
    })
  );
}

/**
 * An open zip part: its entries can be read in any order, concurrently. `entries()` reads the
 * central directory one record at a time; `entry()` rebuilds an entry met before from its path,
 * size, CRC-32 and spot, so a caller keeps no entry object per file until its turn comes.
 */
export async function openZip(path: string): Promise<RandomAccessPart> {
  const file = await Deno.open(path, { read: true });
  const readSync = (offset: number, length: number) => readRange(file, offset, length);
  const read: RangeReader = (offset, length) => {
    try {
      return Promise.resolve(readSync(offset, length));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const part = basename(path);
  const unreadable = (error: unknown) =>
    new Error(`${path} is not a readable zip archive (${(error as Error).message})`);
  let directory: Generator<DirectoryEntry>;
  let first: IteratorResult<DirectoryEntry>;
  try {
    // The directory's end is found now, so a file that is no zip at all fails here, at once.
    directory = zipDirectory(readSync, file.statSync().size);
    first = directory.next();
  } catch (error) {
    file.close();
    throw unreadable(error);
  }
  return {
    async *entries() {
      try {
        for (let next = first; !next.done; next = directory.next()) {
          const { path, size, crc32, spot } = next.value;
          yield new ZipEntry(path, size, crc32, spot, part, read);
        }
      } catch (error) {
        throw unreadable(error);
      }
    },
    entry: ({ path, size, crc32, spot }) => new ZipEntry(path, size, crc32, spot!, part, read),
    close() {
      file.close();
      return Promise.resolve();
    },
  };
}

/**
 * A zip entry as the import holds it while it is read: the few fields reading it needs (~100
 * bytes). A zip.js entry holds its raw name, extra fields, dates and methods (~7 KB).
 */
class ZipEntry implements ArchiveEntry {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly crc32: number | undefined,
    readonly spot: ZipSpot,
    readonly part: string,
    private readonly read: RangeReader,
  ) {}

  open(): ReadableStream<Uint8Array> {
    return entryStream(this.read, this, this.part);
  }

  async readWhole(): Promise<Uint8Array | undefined> {
    try {
      return await wholeEntry(this.read, this, this.part);
    } catch (error) {
      throw entryFailure(error, damagedEntry(this.path, this.part));
    }
  }
}

/** What fails one entry: its path, its part and what is wrong with it, and what to do. */
export class EntryError extends ItemError {
  /** What is wrong, in a few words ("its data is damaged (CRC-32 mismatch)"). */
  readonly problem: string;
  /** Builds the one line: "Cannot import <path> from <part>: <problem>; …". */
  constructor(path: string, part: string, problem: string) {
    super(
      `Cannot import ${path} from ${part}: ${problem}; the rest of the archive is imported — ` +
        "download this part again to get this file",
    );
    this.problem = problem;
  }
}

/** What fails an entry whose bytes are not what its directory record says. */
function damagedEntry(path: string, part: string) {
  return (why: string) => new EntryError(path, part, `its data is damaged (${why})`);
}

/** Any failure reading an entry, as its {@linkcode EntryError}. */
function entryFailure(error: unknown, damaged: (why: string) => EntryError): ItemError {
  if (error instanceof ItemError) return error;
  // zlib says "invalid block type" and the like; rangeStream, a short file (a RangeError).
  return damaged(error instanceof RangeError ? error.message : "invalid compressed data");
}

/**
 * A small entry's bytes (most of a real library), header and bytes in one read and inflated in one
 * step, checked against the directory's size and CRC-32; undefined for an entry to be streamed (too
 * large to hold, a local header too long for the read, a method this does not inflate). Throws an
 * {@linkcode EntryError} for a damaged or encrypted entry.
 */
async function wholeEntry(
  read: RangeReader,
  entry: { path: string; size: number; crc32?: number; spot: ZipSpot },
  part: string,
): Promise<Uint8Array | undefined> {
  const { path, spot, size: declared } = entry;
  const damaged = damagedEntry(path, part);
  if (spot.encrypted) throw new EntryError(path, part, "it is encrypted, which Takeout never does");
  const { method, compressedSize } = spot;
  if (compressedSize > WHOLE_MAX || declared > WHOLE_MAX) return undefined;
  if (method !== STORED && method !== DEFLATED) return undefined;
  const wanted = 30 + LOCAL_SLACK + compressedSize;
  const header = await read(spot.offset, wanted);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || view.getUint32(0, true) !== LOCAL_HEADER) {
    throw damaged("no local header where the directory points");
  }
  const start = 30 + view.getUint16(26, true) + view.getUint16(28, true);
  if (start + compressedSize > wanted) return undefined;
  if (start + compressedSize > header.length) {
    throw damaged(
      `the file ends ${start + compressedSize - header.length} bytes before the entry does`,
    );
  }
  const stored = header.subarray(start, start + compressedSize);
  const bytes = method === DEFLATED ? await inflateWhole(stored, declared, damaged) : stored;
  if (bytes.length > declared) throw damaged(`more bytes than the ${declared} its header declares`);
  if (bytes.length !== declared) {
    throw damaged(`${bytes.length} bytes where its header declares ${declared}`);
  }
  if (entry.crc32 !== undefined && crc32(bytes) >>> 0 !== entry.crc32) {
    throw damaged("CRC-32 mismatch");
  }
  return bytes;
}

/** The bytes of one entry, checked against the directory's size and CRC-32 before they end. */
function entryStream(
  read: RangeReader,
  entry: { path: string; size: number; crc32?: number; spot: ZipSpot },
  part: string,
): ReadableStream<Uint8Array> {
  const { path, spot } = entry;
  const damaged = damagedEntry(path, part);
  const declared = entry.size;
  let source: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let size = 0;
  let crc = 0;
  const open = async () => {
    const whole = await wholeEntry(read, entry, part);
    // Checked already: the stream hands it over as it is.
    if (whole) return { stream: oneChunk(whole), checked: true };
    const header = await read(spot.offset, 30);
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    if (header.length < 30 || view.getUint32(0, true) !== LOCAL_HEADER) {
      throw damaged("no local header where the directory points");
    }
    const data = spot.offset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
    const { method, compressedSize } = spot;
    if (method === STORED) {
      return { stream: rangeStream(read, data, compressedSize, STORED_SLICE), checked: false };
    }
    if (method === DEFLATED) {
      return { stream: boundedInflate(read, data, compressedSize), checked: false };
    }
    throw new EntryError(path, part, `it uses compression method ${method}, not deflate`);
  };
  let checked = false;
  const step = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      if (!source) {
        const opened = await open();
        checked = opened.checked;
        source = opened.stream.getReader();
      }
      next = await source.read();
    } catch (error) {
      throw entryFailure(error, damaged);
    }
    if (checked) return next.done ? controller.close() : controller.enqueue(next.value);
    if (next.done) {
      if (size !== declared) throw damaged(`${size} bytes where its header declares ${declared}`);
      if (entry.crc32 !== undefined && crc >>> 0 !== entry.crc32) {
        throw damaged("CRC-32 mismatch");
      }
      return controller.close();
    }
    size += next.value.length;
    // A lying header (or a bomb) is stopped at the first chunk past the declared size.
    if (size > declared) throw damaged(`more bytes than the ${declared} its header declares`);
    crc = crc32(next.value, crc);
    controller.enqueue(next.value);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        await step(controller);
      } catch (error) {
        // Stop reading the file at once; the error goes to the reader of this stream.
        await source?.cancel(error).catch(() => {});
        throw error;
      }
    },
    async cancel(reason) {
      await source?.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
