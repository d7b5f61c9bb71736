/**
 * `verify --subset N/M`: the N-th of M slices of the library, so a nightly job can read the whole
 * library over M nights (like `restic check --read-data-subset`). A file's slice comes from the
 * SHA-256 the index recorded for its bytes: it stays the same through a layout migration, a rename
 * or an index rebuild, and SHA-256 spreads files evenly over the slices.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { UsageError } from "../../errors.ts";

/** One slice of M. */
export interface Subset {
  /** 1-based slice number. */
  n: number;
  /** Number of slices. */
  m: number;
}

/** The most slices: a slice a day for a bit under three years. */
export const MAX_SLICES = 1000;

/** Parses `N/M` (1 ≤ N ≤ M ≤ 1000). */
export function parseSubset(value: string): Subset {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value.trim());
  const n = match ? Number(match[1]) : NaN;
  const m = match ? Number(match[2]) : NaN;
  if (!match || m < 1 || m > MAX_SLICES || n < 1 || n > m) {
    throw new UsageError(
      `Cannot use --subset ${JSON.stringify(value)}: give N/M with 1 ≤ N ≤ M ≤ ${MAX_SLICES}, ` +
        "e.g. --subset 3/30 to read the third of 30 slices",
    );
  }
  return { n, m };
}

/**
 * Whether a file belongs to `subset`: `key` is its recorded hex SHA-256 (any other key, such as a
 * path for a row without one, is hashed first, so every file lands in exactly one slice).
 */
export function inSubset(key: string, subset: Subset): boolean {
  const hex = /^[0-9a-f]{12}/i.test(key) ? key : createHash("sha256").update(key).digest("hex");
  // 48 bits of the hash: exact in a double, and ample for an even spread over ≤ 1000 slices.
  return parseInt(hex.slice(0, 12), 16) % subset.m === subset.n - 1;
}
