import { hashFile } from "../disk/files.ts";
/**
 * Hashing files on several threads at once, for `verify`: one worker per core (at least two, so
 * one file's read overlaps another's hashing), each streaming one file at a time, so memory stays
 * flat whatever the file sizes. A thread that fails (its module cannot be read, it dies) is
 * replaced by hashing on the calling thread.
 *
 * @module
 */

/** What a file hashed to. */
export interface FileHash {
  /** Bytes read. */
  size: number;
  /** Hex SHA-256. */
  sha256: string;
}

/** An error as it crosses the thread: its class name, its errno code (EIO…) and its message. */
type CrossedError = { name: string; code?: string; message: string };

type Reply = { bytes: number } | { done: FileHash } | { error: CrossedError };

/** How many files are hashed at once on this machine. */
export function hashThreads(): number {
  return Math.min(8, Math.max(2, navigator.hardwareConcurrency || 1));
}

// The worker's errors cross the thread as names and codes; these keep NotFound and PermissionDenied
// what they are, and an EIO an EIO.
function revive(error: CrossedError): Error {
  const known = Deno.errors[error.name as keyof typeof Deno.errors];
  const revived = typeof known === "function" ? new known(error.message) : new Error(error.message);
  if (error.code) Object.assign(revived, { code: error.code });
  return revived;
}

/** A fixed set of hashing threads; `hash` waits for a free one. Close it with `using`. */
export class HashPool implements Disposable {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #waiting: ((worker: Worker) => void)[] = [];
  /**
   * Threads that failed (their module could not load, or they died): their files are hashed on
   * this thread instead, so a dead thread never leaves a file waiting forever.
   */
  readonly #dead = new Set<Worker>();
  /** Threads busy with a file, and how to tell that file's caller the thread died. */
  readonly #busy = new Map<Worker, () => void>();
  /** Threads in the pool. */
  readonly threads: number;

  /** Starts `threads` workers (default: one per core, from 2 to 8). */
  constructor(threads = hashThreads()) {
    this.threads = threads;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(new URL("./hash_worker.ts", import.meta.url), { type: "module" });
      worker.onerror = (event) => {
        event.preventDefault();
        this.#dead.add(worker);
        this.#busy.get(worker)?.();
      };
      this.#all.push(worker);
      this.#idle.push(worker);
    }
  }

  /** SHA-256 and size of the file at `path`; `onBytes` hears of bytes as they are read. */
  async hash(path: string, onBytes?: (delta: number) => void): Promise<FileHash> {
    const worker = this.#idle.pop() ?? await new Promise<Worker>((r) => this.#waiting.push(r));
    try {
      if (!this.#dead.has(worker)) {
        let read = 0;
        const result = await new Promise<FileHash | undefined>((resolve, reject) => {
          this.#busy.set(worker, () => resolve(undefined));
          worker.onmessage = (event: MessageEvent<Reply>) => {
            const reply = event.data;
            if ("bytes" in reply) {
              read += reply.bytes;
              onBytes?.(reply.bytes);
            } else if ("done" in reply) resolve(reply.done);
            else reject(revive(reply.error));
          };
          worker.postMessage({ path });
        }).finally(() => this.#busy.delete(worker));
        if (result) return result;
        // The thread died with this file: it is read again here, its bytes counted once.
        onBytes?.(-read);
      }
      return await hashFile(path, onBytes);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(worker);
      else this.#idle.push(worker);
    }
  }

  /** Stops every thread. */
  [Symbol.dispose](): void {
    for (const worker of this.#all) worker.terminate();
  }
}
