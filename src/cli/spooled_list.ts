/**
 * A JSON list that a command prints at its end, kept on disk meanwhile rather than in memory: `gc
 * --json` lists every copy it removed, and a library of a million copies would otherwise hold a
 * million strings until it prints them (104,000 paths: 113 MiB against 87 MiB without `--json`,
 * measured). Each item goes to a temporary file (`TMPDIR`, else `/tmp`) as it comes; `print` copies
 * the list to the output a block at a time.
 *
 * @example
 * ```ts
 * using files = new SpooledList();
 * files.add("2024/2024-05-01/IMG_0001.jpg");
 * files.print((text) => Deno.stdout.writeSync(new TextEncoder().encode(text))); // ["2024/…"]
 * ```
 *
 * @module
 */

/** Bytes copied to the output at a time. */
const BLOCK = 64 * 1024;

/** A JSON array written to a temporary file as its items come, printed once at the end. */
export class SpooledList implements Disposable {
  readonly #path: string;
  readonly #file: Deno.FsFile;
  readonly #encoder = new TextEncoder();
  #count = 0;

  /** A new, empty list (its temporary file is removed when it is disposed of). */
  constructor() {
    this.#path = Deno.makeTempFileSync({ prefix: "gphotos-nas-list-", suffix: ".json" });
    this.#file = Deno.openSync(this.#path, { read: true, write: true });
  }

  /** How many items it holds. */
  get length(): number {
    return this.#count;
  }

  /** Appends `value`, as JSON. */
  add(value: unknown): void {
    const text = (this.#count++ === 0 ? "" : ",") + JSON.stringify(value);
    const bytes = this.#encoder.encode(text);
    for (let written = 0; written < bytes.length;) {
      written += this.#file.writeSync(bytes.subarray(written));
    }
  }

  /** Writes the list, `[` … `]`, through `write`, a block at a time. */
  print(write: (text: string) => void): void {
    write("[");
    this.#file.seekSync(0, Deno.SeekMode.Start);
    const decoder = new TextDecoder();
    const block = new Uint8Array(BLOCK);
    for (let n = this.#file.readSync(block); n !== null; n = this.#file.readSync(block)) {
      write(decoder.decode(block.subarray(0, n), { stream: true }));
    }
    write(decoder.decode() + "]");
  }

  /** Closes and removes its temporary file. */
  [Symbol.dispose](): void {
    this.#file.close();
    try {
      Deno.removeSync(this.#path);
    } catch {
      // Already gone (a temp folder cleaner): nothing is left behind.
    }
  }
}
