/**
 * Test helpers for the library writer: a library in a temp folder and records whose bytes come from
 * memory, counting how often they are opened.
 *
 * @module
 */
import { openLibrary } from "../../src/library/mod.ts";
import type { MediaRecord } from "../../src/media/record.ts";
import { defaultRetryPolicy } from "../../src/net/retry.ts";
import { createLogger } from "../../src/ui/log.ts";

/** An open library. */
export type TestLibrary = Awaited<ReturnType<typeof openLibrary>>;

/** Runs `fn` on a fresh library in a temp folder, then closes and removes it. */
export async function withLibrary(fn: (dest: string, lib: TestLibrary) => Promise<void>) {
  const dest = await Deno.makeTempDir();
  const lib = await openLibrary(dest, {
    command: "test",
    timeZone: "UTC",
    log: createLogger({ write: () => {} }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(0.0005),
    stallTimeoutMs: 1000,
  });
  try {
    await fn(dest, lib);
  } finally {
    await lib.finish(0, {});
    await Deno.remove(dest, { recursive: true });
  }
}

/**
 * A ready photo taken 2024-03-15 10:00 UTC whose bytes are `content`, with its size known up front;
 * `fields` override anything. `opens` counts the fetches.
 */
export function memoryRecord(
  sourceId: string,
  content: string,
  fields: Partial<MediaRecord> = {},
): MediaRecord & { opens: number } {
  const bytes = new TextEncoder().encode(content);
  const record = {
    opens: 0,
    source: "library" as const,
    match: "id-or-name-time-size" as const,
    sourceId,
    filename: `${sourceId}.jpg`,
    captureTime: new Date("2024-03-15T10:00:00Z"),
    mimeType: "image/jpeg",
    kind: "photo" as const,
    ready: true,
    size: bytes.length,
    ...fields,
    open() {
      record.opens++;
      return Promise.resolve({ body: new Blob([bytes]).stream(), size: bytes.length });
    },
  };
  return record;
}
