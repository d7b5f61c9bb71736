/**
 * Group commit: the files the writer's downloads complete at about the same time are placed,
 * synced and recorded together, so a small file costs about one sync of its own bytes instead of
 * ten. The order of what reaches the disk stays the one a power cut must find:
 *
 * 1. the index rows the placing relies on (reservations, the temp-file journal), committed
 *    deferred by each download, are on disk first: synced once for the batch, unless an earlier
 *    batch's commit already carried them;
 * 2. each file is renamed into place (its bytes were synced before, by the transfer);
 * 3. each folder that received a file is synced once;
 * 4. one index transaction records every file of the batch (done, albums, day zone, sidecar), and
 *    the write-ahead log is synced (off the main thread) before any of them is told done.
 *
 * A run killed between 2 and 4 leaves reserved rows whose files are on disk: the next run finds
 * them complete and records them (`store.ts`), exactly as for a run killed between one file's
 * rename and its record. A temp file's journal is on disk before the file is created (`durable`).
 *
 * @module
 */
import type { Catalog } from "../catalog/mod.ts";
import { fatalIo } from "../disk/fs_errors.ts";

/** Files of one batch, at most: bounds the time a file waits to be recorded. */
const MAX_BATCH = 256;

interface Entry {
  /** The mark of the deferred commits that must be on disk first. */
  relies: number;
  /** The folder the file lands in (synced once per batch). */
  dir?: string;
  /** Renames the file into place (none: the caller waits for step 1 only). */
  place?: () => Promise<void> | void;
  /** Records it in the index (synchronous: inside the batch transaction). */
  record?: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** One writer's group commit over its index. */
export class CommitGroup {
  readonly #index: Catalog;
  #queue: Entry[] = [];
  #flushing = false;
  #scheduled = false;

  /** A group over `index`. */
  constructor(index: Catalog) {
    this.#index = index;
  }

  /** Resolves once every deferred commit made before the call is on disk. */
  durable(): Promise<void> {
    const relies = this.#index.seq;
    if (relies <= this.#index.synced) return Promise.resolve();
    return this.#join({ relies });
  }

  /**
   * Places a complete file with the next batch once the deferred commits up to `at.relies` are on
   * disk: `place` renames it into `at.dir`, `record` records it. Resolves once it is recorded and
   * on disk; rejects with `place`'s or `record`'s error.
   */
  commit(
    at: { dir: string; relies?: number },
    place: () => Promise<void> | void,
    record: () => void,
  ): Promise<void> {
    return this.#join({ dir: at.dir, relies: at.relies ?? 0, place, record });
  }

  #join(entry: Omit<Entry, "resolve" | "reject">): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ ...entry, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#flushing || this.#scheduled) return;
    this.#scheduled = true;
    // One turn of the event loop lets the downloads finishing together join the same batch.
    setTimeout(() => {
      this.#scheduled = false;
      this.#flushing = true;
      this.#flush(this.#queue.splice(0, MAX_BATCH)).finally(() => {
        this.#flushing = false;
        if (this.#queue.length > 0) this.#schedule();
      });
    }, 0);
  }

  async #flush(batch: Entry[]): Promise<void> {
    try {
      // 1. What the renames rely on, on disk before any of them.
      if (batch.some((entry) => entry.relies > this.#index.synced)) await this.#index.durable([]);
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    const files = batch.filter((entry) => {
      if (!entry.place) entry.resolve();
      return entry.place !== undefined;
    });
    if (files.length === 0) return;
    // 2. The renames; one that fails (a name taken meanwhile) fails its own file only.
    // A synchronous place that throws is that file's failure, like a rejected one.
    const placed = await Promise.allSettled(files.map(async (entry) => await entry.place!()));
    const kept = files.filter((entry, i) => {
      const result = placed[i];
      if (result.status === "rejected") entry.reject(result.reason);
      return result.status === "fulfilled";
    });
    // 3. Each folder once.
    const dirs = new Set(kept.flatMap((entry) => entry.dir ? [entry.dir] : []));
    const synced = await Promise.allSettled([...dirs].map(syncFolder));
    const failed = synced.find((result) => result.status === "rejected");
    if (failed) {
      const error = (failed as PromiseRejectedResult).reason;
      for (const entry of kept) entry.reject(fatalIo(error, entry.dir ?? "") ?? error);
      return;
    }
    // 4. One transaction records them all.
    let errors: unknown[];
    try {
      errors = await this.#index.durable(kept.map((entry) => entry.record!));
    } catch (error) {
      for (const entry of kept) entry.reject(error);
      return;
    }
    kept.forEach((entry, i) => errors[i] === undefined ? entry.resolve() : entry.reject(errors[i]));
  }
}

/** Syncs a folder's entries (the names just renamed into it). */
async function syncFolder(dir: string): Promise<void> {
  using folder = Deno.openSync(dir, { read: true });
  await folder.sync();
}
