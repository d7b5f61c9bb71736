/**
 * Deterministic randomness for the simulator: a seeded xorshift32 generator and a string hash, so a
 * seed always yields the same library, the same bytes and the same faults.
 *
 * @module
 */

/** FNV-1a hash of a string, never 0 (xorshift needs a non-zero state). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h || 0x9e3779b9;
}

/** A small, fast, seeded generator. */
export class Prng {
  #state: number;

  /** Seeds the generator (a string is hashed). */
  constructor(seed: number | string) {
    this.#state = (typeof seed === "string" ? hashString(seed) : seed >>> 0) || 0x9e3779b9;
  }

  /** The next 32-bit unsigned value. */
  nextU32(): number {
    let x = this.#state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.#state = x;
    return x;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 0x1_0000_0000;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of a list. */
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Fills `bytes` with pseudo-random data, a 32-bit word at a time. */
  fill(bytes: Uint8Array): void {
    const words = Math.floor(bytes.length / 4);
    if (bytes.byteOffset % 4 === 0) {
      const view = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
      let x = this.#state;
      for (let i = 0; i < words; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        view[i] = x;
      }
      this.#state = x >>> 0 || 0x9e3779b9;
    } else {
      for (let i = 0; i < words * 4; i++) bytes[i] = this.nextU32() & 0xff;
    }
    for (let i = words * 4; i < bytes.length; i++) bytes[i] = this.nextU32() & 0xff;
  }
}
