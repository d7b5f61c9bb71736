/**
 * Reading Takeout archives without extracting them: entries of a `.zip` (random access, checked
 * and inflated within bounds in `archive_zip.ts`), a `.tgz`/`.tar.gz` (gunzipped within bounds by
 * `archive_inflate.ts` and parsed by modern-tar, strictly in order), or an already extracted folder.
 *
 * @module
 */
import { createReadStream } from "node:fs";
import { basename, join } from "node:path";
import { createGunzip } from "node:zlib";
import { createTarDecoder } from "modern-tar";
import { inflated, OUT_CHUNK, SLICE, WHOLE_MAX } from "./inflate.ts";
import { pathIn, walkFolders } from "../../../library/disk/walk.ts";

export { openZip } from "./zip.ts";

/** One file inside an archive part. */
export interface ArchiveEntry {
  /** Path inside the archive, `/`-separated. */
  path: string;
  /** Uncompressed size. */
  size: number;
  /** CRC-32 of the bytes as a zip's central directory declares it (none in a tar or a folder). */
  crc32?: number;
  /** File name of the part (or folder) it is in, for messages. */
  part: string;
  /** Where a zip entry's bytes are (zip parts only): what reading it again later needs. */
  spot?: ZipSpot;
  /** The bytes; for a tar part only while the reader is positioned on this entry. */
  open(): ReadableStream<Uint8Array>;
  /**
   * A small zip entry's bytes in one piece, checked as `open()` checks them (undefined for an entry
   * to be streamed): no stream per file for most of a real library.
   */
  readWhole?(): Promise<Uint8Array | undefined>;
}

/** Where a zip entry's bytes are and how they are stored, as its central directory says. */
export interface ZipSpot {
  /** Offset of its local header in the part. */
  offset: number;
  /** Compression method (0 stored, 8 deflate). */
  method: number;
  /** Size of its stored bytes. */
  compressedSize: number;
  /** Whether it is encrypted (Takeout never does it; such an entry fails alone). */
  encrypted: boolean;
}

/**
 * A part read with random access (a zip, or an extracted folder). An entry met in `entries()` can
 * be rebuilt later by `entry()` from its path, size, CRC-32 and spot, so a caller need not keep
 * one object per file until the file's turn comes.
 */
export interface RandomAccessPart {
  /** Its files, one at a time (a zip's directory is walked once: call it once). */
  entries(): AsyncIterable<ArchiveEntry>;
  /** An entry `entries()` gave, rebuilt from those fields. */
  entry(found: Pick<ArchiveEntry, "path" | "size" | "crc32" | "spot">): ArchiveEntry;
  /** Closes the part once no entry of it is read any more. */
  close(): Promise<void>;
}

/** How a part is read. */
export type PartKind = "zip" | "tgz" | "folder";

/** The kind of an archive path, or undefined for anything else. */
export function partKind(path: string): PartKind | undefined {
  if (/\.zip$/i.test(path)) return "zip";
  if (/\.(tgz|tar\.gz)$/i.test(path)) return "tgz";
  return undefined;
}

/**
 * The files of a tar.gz part, in archive order, pulled one at a time: an entry's bytes can be read
 * only until the next entry is asked for, which skips whatever the caller left unread. Since the
 * caller asks for the next entry only when done with this one, no entry is left half-handled when
 * the walk ends. Once `signal` is aborted the walk stops within one step, failing with its reason
 * (skipping the rest of a large entry would otherwise inflate all of it first).
 */
export async function* tgzEntries(
  path: string,
  signal?: AbortSignal,
): AsyncGenerator<ArchiveEntry> {
  const corrupt = (error: unknown) =>
    signal?.aborted
      ? signal.reason
      : new Error(`${path} is corrupt or truncated (${(error as Error).message})`);
  // Within bounds whatever the compression ratio, and stopped within one step by `signal`.
  const { stream, close } = inflated(
    createReadStream(path, { highWaterMark: SLICE }),
    createGunzip({ chunkSize: OUT_CHUNK }),
    signal,
  );
  try {
    // strict: a tar cut short (or with a damaged header) is an error, not a quietly shorter archive.
    const entries = stream.pipeThrough(createTarDecoder({ strict: true }));
    for await (const { header, body } of entries) {
      const reader = body.getReader();
      if (header.type === "file") {
        yield {
          path: header.name,
          size: header.size,
          part: basename(path),
          open: () =>
            new ReadableStream<Uint8Array>({
              async pull(controller) {
                // A damaged archive surfaces while the caller reads: name the archive there too.
                const { done, value } = await reader.read().catch((error) => {
                  throw corrupt(error);
                });
                if (done) controller.close();
                else controller.enqueue(value);
              },
              // Left unread, the rest is skipped below, when the next entry is asked for.
              cancel: () => {},
            }, { highWaterMark: 0 }),
        };
      }
      // The next header comes only after this body is consumed. It is read to its end, never
      // cancelled: modern-tar 0.8.6, once a body is fully queued, may already have started the
      // next entry, and cancelling the old body then detaches the new one, which never ends.
      while (!(await reader.read()).done);
    }
  } catch (error) {
    throw corrupt(error);
  } finally {
    close();
  }
}

/**
 * An extracted folder as a part: its files in the walk's order (a folder's files in name order,
 * then each sub-folder the same way), listed as pass 1 reads them, so that only one folder's listing
 * is in memory, never the tree's (issue 22).
 */
export function openFolder(root: string): RandomAccessPart {
  return {
    entries: () => folderEntries(root),
    entry: ({ path, size }) => fileEntry(root, path, size),
    close: () => Promise.resolve(),
  };
}

/** The file at `path` (relative, `/`-separated) under the extracted folder `root`. */
function fileEntry(root: string, path: string, size: number): ArchiveEntry {
  return {
    path,
    size,
    part: basename(root),
    open: () => {
      const stream = new TransformStream<Uint8Array, Uint8Array>();
      Deno.open(join(root, path), { read: true }).then(
        (file) => file.readable.pipeTo(stream.writable),
        (error) => stream.writable.abort(error),
      ).catch(() => {});
      return stream.readable;
    },
    // A small file in one read, like a small zip entry: no stream per file. Its size is checked
    // by the reader against the listing's, as a stream's is.
    readWhole: () => {
      try {
        return Promise.resolve(size <= WHOLE_MAX ? Deno.readFileSync(join(root, path)) : undefined);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/** Every file under an extracted folder, one at a time, with paths relative to `root`. */
async function* folderEntries(root: string): AsyncGenerator<ArchiveEntry> {
  // The one walk: a folder that cannot be listed stops the import of this export, named.
  for await (const { folder, entries } of walkFolders(root)) {
    for (const item of entries) {
      if (!item.isFile) continue;
      const path = pathIn(folder, item.name);
      // Synchronous: an async stat per file handed each to a thread and back.
      yield fileEntry(root, path, Deno.statSync(join(root, path)).size);
    }
  }
}
