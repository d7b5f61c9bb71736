/**
 * Test helpers for the catalog tests: a throwaway destination and a library opened on it the way
 * a run opens it, with a silent log and fast retries.
 *
 * @module
 */
import { type Library, openLibrary } from "../../src/library/library.ts";
import { defaultRetryPolicy } from "../../src/net/retry.ts";
import { createLogger } from "../../src/ui/log.ts";

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
