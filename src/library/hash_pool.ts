/**
 * Hashing files on several threads at once, for `verify`: one worker per core (at least two, so
 * one file's read overlaps another's hashing), each streaming one file at a time, so memory stays
 * flat whatever the file sizes.
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

type Reply = { bytes: number } | { done: FileHash } | { error: { name: string; message: string } };

/** How many files are hashed at once on this machine. */
export function hashThreads(): number {
  return Math.min(8, Math.max(2, navigator.hardwareConcurrency || 1));
}

// The worker's errors cross the thread as names; these keep NotFound and PermissionDenied what they are.
function revive(error: { name: string; message: string }): Error {
  const known = Deno.errors[error.name as keyof typeof Deno.errors];
  return typeof known === "function" ? new known(error.message) : new Error(error.message);
}

/** A fixed set of hashing threads; `hash` waits for a free one. Close it with `using`. */
export class HashPool implements Disposable {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #waiting: ((worker: Worker) => void)[] = [];
  /** Threads in the pool. */
  readonly threads: number;

  /** Starts `threads` workers (default: one per core, from 2 to 8). */
  constructor(threads = hashThreads()) {
    this.threads = threads;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(new URL("./hash_worker.ts", import.meta.url), { type: "module" });
      this.#all.push(worker);
      this.#idle.push(worker);
    }
  }

  /** SHA-256 and size of the file at `path`; `onBytes` hears of bytes as they are read. */
  async hash(path: string, onBytes?: (delta: number) => void): Promise<FileHash> {
    const worker = this.#idle.pop() ?? await new Promise<Worker>((r) => this.#waiting.push(r));
    try {
      return await new Promise<FileHash>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<Reply>) => {
          const reply = event.data;
          if ("bytes" in reply) onBytes?.(reply.bytes);
          else if ("done" in reply) resolve(reply.done);
          else reject(revive(reply.error));
        };
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Error(`a hashing thread failed: ${event.message}`));
        };
        worker.postMessage({ path });
      });
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
