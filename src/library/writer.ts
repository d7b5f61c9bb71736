/**
 * The one library writer. Every source's records end here: a name is chosen once and reserved in the
 * index, the bytes stream (Web Streams) through a SHA-256/counting transform into a temporary file
 * beside the target, the file is flushed to disk, checked against the promised size, and only then
 * appears under its final name, without ever replacing an existing file. The capture time becomes
 * the file's mtime; the index records the file last.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { dirname, join, relative } from "node:path";
import { fatalIo, ItemError } from "../errors.ts";
import type { MediaRecord } from "../media/record.ts";
import { isRoutineRetry, RetryableError, type RetryPolicy, withRetry } from "../net/retry.ts";
import type { Logger } from "../ui/log.ts";
import { type FileRow, type LibraryIndex, STATE_DIR } from "./index_db.ts";
import { folderFor, type Layout, relativePathInside } from "./layout.ts";
import { collisionSuffix, nameKey, safeFilename, withSuffix } from "./naming.ts";

/** What happened to one record. */
export type StoreStatus = "downloaded" | "skipped" | "pending" | "would-download";

/** The outcome of {@linkcode LibraryWriter.store}. */
export interface StoreOutcome {
  /** What happened. */
  status: StoreStatus;
  /** Bytes written (or, for a dry run, expected when known). */
  bytes: number;
  /** Library-relative path of the file that holds the item. */
  relPath?: string;
}

/** Options of the writer. */
export interface WriterOptions {
  /** The library root. */
  dest: string;
  /** The library's index. */
  index: LibraryIndex;
  /** Folder template. */
  layout: Layout;
  /** IANA zone that decides the day folder. */
  timeZone: string;
  /** Retry policy for downloads. */
  policy: RetryPolicy;
  /** Abort a download that delivers no bytes for this long. */
  stallTimeoutMs: number;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** Warnings about retries. */
  log: Logger;
  /** Count bytes as they arrive (progress). */
  onBytes?: (delta: number) => void;
}

async function writeAll(file: Deno.FsFile, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) offset += await file.write(chunk.subarray(offset));
}

async function statOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

function existsSync(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Hashes a file on disk by streaming it. */
export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  let size = 0;
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest("hex") };
}

/** Writes records into the library. */
export class LibraryWriter {
  readonly #o: WriterOptions;

  /** Builds the writer. */
  constructor(options: WriterOptions) {
    this.#o = options;
  }

  /** Removes temporary files an interrupted run left behind. */
  async cleanupTemps(): Promise<number> {
    let removed = 0;
    for (const rel of this.#o.index.temps()) {
      try {
        await Deno.remove(relativePathInside(this.#o.dest, rel));
        removed++;
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      this.#o.index.removeTemp(rel);
    }
    return removed;
  }

  /**
   * Stores one record: skips what the library has (and is on disk), counts unready videos as
   * pending, and downloads the rest. Throws {@linkcode ItemError} for a failure of this item alone and
   * typed errors (quota, auth, disk) for failures that stop the run.
   */
  async store(record: MediaRecord, options: { dryRun?: boolean } = {}): Promise<StoreOutcome> {
    const { index, dest } = this.#o;
    if (record.invalid) throw new ItemError(record.invalid);
    const known = index.findItemFile(record.source, record.sourceId);
    if (known?.state === "done") {
      const info = await statOrNull(relativePathInside(dest, known.relPath));
      if (info?.isFile && info.size === known.size) {
        return { status: "skipped", bytes: 0, relPath: known.relPath };
      }
      if (info) {
        throw new ItemError(
          `${known.relPath} differs from the copy the index recorded; nothing was overwritten — ` +
            "run `gphotos-nas verify --repair` to restore it",
        );
      }
    }
    // A picked item the library has under another id is recognised by name, time and size. Takeout
    // files are matched by content only: an original must never be skipped for a Google copy that
    // merely has the same size.
    if (!known && record.size !== undefined && record.source !== "takeout") {
      const same = index.findSameItem(record.filename, isoOrNull(record.captureTime), record.size);
      if (same) {
        if (!options.dryRun) this.#link(record, same.id);
        return { status: "skipped", bytes: 0, relPath: same.relPath };
      }
    }
    if (!record.ready) {
      if (!options.dryRun) index.markPending(record.source, record.sourceId, record.filename);
      return { status: "pending", bytes: 0 };
    }
    if (options.dryRun) return { status: "would-download", bytes: record.size ?? 0 };

    const file = known ?? this.#reserve(record);
    const target = relativePathInside(dest, file.relPath);
    if (file.state === "reserved" && await statOrNull(target)) {
      // A run was killed between the rename and the index update: the file is complete.
      index.markDone(file.id, await hashFile(target));
      this.#addAlbums(record, file.id);
      return { status: "skipped", bytes: 0, relPath: file.relPath };
    }
    const { temp, size, sha256 } = await this.#download(record, target);
    const duplicate = index.findByContent(sha256, size);
    if (duplicate && duplicate.id !== file.id) {
      await this.#discardTemp(temp);
      this.#link(record, duplicate.id, file.id);
      return { status: "skipped", bytes: 0, relPath: duplicate.relPath };
    }
    await this.#place(temp, target, file.relPath);
    if (record.captureTime && !Number.isNaN(record.captureTime.getTime())) {
      await Deno.utime(target, new Date(), record.captureTime);
    }
    index.markDone(file.id, { size, sha256 });
    this.#addAlbums(record, file.id);
    return { status: "downloaded", bytes: size, relPath: file.relPath };
  }

  /**
   * Fetches an item again into the place the index gives its file (`verify --repair`). A damaged
   * file is not overwritten: it is moved to `.gphotos-nas/quarantine/` first.
   */
  async restore(record: MediaRecord, file: FileRow): Promise<{ bytes: number; sha256: string }> {
    const { index, dest } = this.#o;
    const target = relativePathInside(dest, file.relPath);
    const { temp, size, sha256 } = await this.#download(record, target);
    if (await statOrNull(target)) {
      const aside = join(dest, STATE_DIR, "quarantine", `${file.relPath}.${Date.now()}`);
      await Deno.mkdir(dirname(aside), { recursive: true });
      await Deno.rename(target, aside);
      this.#o.log.warn(`moved the damaged ${file.relPath} to ${relative(dest, aside)}`);
    }
    await this.#place(temp, target, file.relPath);
    if (record.captureTime && !Number.isNaN(record.captureTime.getTime())) {
      await Deno.utime(target, new Date(), record.captureTime);
    }
    index.markDone(file.id, { size, sha256 });
    return { bytes: size, sha256 };
  }

  #link(record: MediaRecord, fileId: number, dropReservation?: number): void {
    this.#o.index.linkItemToFile(
      record.source,
      record.sourceId,
      record.filename,
      fileId,
      record.metadata,
      dropReservation,
    );
    this.#addAlbums(record, fileId);
  }

  #addAlbums(record: MediaRecord, fileId: number): void {
    if (record.albums?.length) this.#o.index.addAlbums(fileId, record.albums);
  }

  /** Chooses the item's name for good: the plain safe name, else one suffixed from its id. */
  #reserve(record: MediaRecord): FileRow {
    const { index, dest, layout, timeZone } = this.#o;
    const folder = folderFor(layout, record.captureTime, timeZone);
    const base = safeFilename(record.filename, record.sourceId, record.mimeType);
    const suffix = collisionSuffix(record.sourceId);
    for (let n = 0; n < 100; n++) {
      const name = n === 0 ? base : withSuffix(base, n === 1 ? suffix : `${suffix}-${n}`);
      const relPath = `${folder}/${name}`;
      const key = nameKey(relPath);
      if (index.isNameTaken(key) || existsSync(relativePathInside(dest, relPath))) continue;
      return index.reserve({
        source: record.source,
        sourceId: record.sourceId,
        filename: record.filename,
        relPath,
        nameKey: key,
        captureTime: isoOrNull(record.captureTime),
        mimeType: record.mimeType,
        kind: record.kind,
        metadata: record.metadata,
      });
    }
    throw new ItemError(`no free name for ${JSON.stringify(record.filename)} in ${folder}`);
  }

  /** Streams one record into a temp file beside `target`, retrying from scratch on faults. */
  async #download(
    record: MediaRecord,
    target: string,
  ): Promise<{ temp: string; size: number; sha256: string }> {
    const { index, dest, policy, signal, log } = this.#o;
    const dir = dirname(target);
    try {
      await Deno.mkdir(dir, { recursive: true });
    } catch (error) {
      throw fatalIo(error, target) ?? error;
    }
    const temp = join(dir, `.gphotos-nas-${crypto.randomUUID().slice(0, 13)}.part`);
    index.addTemp(relative(dest, temp));
    try {
      const result = await withRetry(() => this.#attempt(record, temp), {
        policy,
        signal,
        onRetry: (error, delay, attempt) =>
          isRoutineRetry(error) ||
          log.warn(
            `${record.filename}: ${error.message}; retry ${attempt} in ${Math.round(delay)} ms`,
          ),
      });
      return { temp, ...result };
    } catch (error) {
      await this.#discardTemp(temp);
      throw fatalIo(error, target) ?? error;
    }
  }

  async #attempt(record: MediaRecord, temp: string): Promise<{ size: number; sha256: string }> {
    const { signal, stallTimeoutMs, onBytes } = this.#o;
    const attempt = new AbortController();
    const combined = AbortSignal.any([signal, attempt.signal]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          attempt.abort(
            new RetryableError("stall", `no bytes for ${stallTimeoutMs / 1000} s, starting over`),
          ),
        stallTimeoutMs,
      );
    };
    const hash = createHash("sha256");
    let size = 0;
    arm();
    try {
      const opened = await record.open(combined);
      using file = await Deno.open(temp, { write: true, create: true, truncate: true });
      try {
        await opened.body
          .pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                hash.update(chunk);
                size += chunk.length;
                onBytes?.(chunk.length);
                arm();
                controller.enqueue(chunk);
              },
            }),
            { signal: combined },
          )
          .pipeTo(new WritableStream({ write: (chunk) => writeAll(file, chunk) }), {
            signal: combined,
          });
      } catch (error) {
        if (attempt.signal.aborted) throw attempt.signal.reason;
        if (signal.aborted) throw signal.reason;
        if (fatalIo(error, temp)) throw error;
        if (error instanceof RetryableError) throw error;
        throw new RetryableError("network", `download interrupted: ${(error as Error).message}`);
      }
      await file.syncData();
      const expected = opened.size ?? record.size;
      if (expected !== undefined && expected !== size) {
        throw new RetryableError("truncated", `got ${size} of ${expected} bytes`);
      }
      if (size === 0) throw new RetryableError("truncated", "got an empty body");
      return { size, sha256: hash.digest("hex") };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Gives the temp file its final name without replacing anything already there. */
  async #place(temp: string, target: string, relPath: string): Promise<void> {
    try {
      await Deno.link(temp, target);
      await Deno.remove(temp);
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) {
        await this.#discardTemp(temp);
        throw new ItemError(`${relPath} appeared while downloading; it was left untouched`);
      }
      // Filesystems without hard links (FAT, some SMB mounts): check, then rename.
      if (await statOrNull(target)) {
        await this.#discardTemp(temp);
        throw new ItemError(`${relPath} appeared while downloading; it was left untouched`);
      }
      try {
        await Deno.rename(temp, target);
      } catch (renameError) {
        await this.#discardTemp(temp);
        throw fatalIo(renameError, target) ?? renameError;
      }
    }
    this.#o.index.removeTemp(relative(this.#o.dest, temp));
  }

  async #discardTemp(temp: string): Promise<void> {
    await Deno.remove(temp).catch(() => {});
    this.#o.index.removeTemp(relative(this.#o.dest, temp));
  }
}

function isoOrNull(date: Date | null): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
