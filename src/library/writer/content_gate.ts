/**
 * One placement at a time per content. Copies of one photo (an album copy and its year-folder
 * copy) often finish downloading together; if each checked "are these bytes stored yet?" before
 * the other had placed its file, both would land.
 *
 * @module
 */

/** Runs tasks one at a time per key, tasks of different keys side by side. */
export class ContentGate {
  readonly #busy = new Map<string, Promise<void>>();

  /** Runs `task` once no other task of `key` is running. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    for (let busy = this.#busy.get(key); busy; busy = this.#busy.get(key)) await busy;
    let done!: () => void;
    this.#busy.set(key, new Promise<void>((resolve) => done = resolve));
    try {
      return await task();
    } finally {
      this.#busy.delete(key);
      done();
    }
  }
}
