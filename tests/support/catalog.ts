/**
 * Test helpers for the catalog tests: a throwaway destination and a library opened on it the way
 * a run opens it, with a silent log and fast retries.
 *
 * @module
 */
import { type Library, openLibrary } from "../../src/library/mod.ts";
import { defaultRetryPolicy } from "../../src/net/retry.ts";
import { createLogger } from "../../src/ui/log.ts";
import type { Reservation } from "../../src/library/catalog/items/rows.ts";

/** Runs `fn` with an empty temporary destination, removed afterwards. */
export async function withDest(fn: (dest: string) => Promise<void> | void): Promise<void> {
  const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-catalog-" });
  try {
    await fn(dest);
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
}

/** Opens the library at `dest` for a run named `test` (`xmp` writes sidecars). */
export function openTestLibrary(dest: string, options: { xmp?: boolean } = {}): Promise<Library> {
  return openLibrary(dest, {
    ...options,
    command: "test",
    timeZone: "UTC",
    log: createLogger({ write: () => {} }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(0.001),
    stallTimeoutMs: 1000,
  });
}

/** A photo's reservation at `relPath` (captured 2024-03-15), for the catalog tests. */
export function reservation(sourceId: string, relPath: string, source = "library"): Reservation {
  return {
    source,
    sourceId,
    filename: relPath.slice(relPath.lastIndexOf("/") + 1),
    relPath,
    nameKey: relPath.toLowerCase(),
    captureTime: "2024-03-15T10:00:00.000Z",
    mimeType: "image/jpeg",
    kind: "photo",
  };
}
