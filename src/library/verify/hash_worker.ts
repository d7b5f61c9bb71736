/**
 * A hashing thread for {@linkcode HashPool}: streams one file at a time through SHA-256 and reports
 * bytes read as it goes. SHA-256 costs a core per ~500 MB/s, so `verify` on a NAS is CPU-bound on
 * one thread; several of these use every core while reads overlap.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { createHash } from "node:crypto";

// Progress is sent per MiB, not per chunk: a message per 64 KiB read would cost more than it tells.
const PROGRESS_STEP = 1 << 20;

self.onmessage = async (event: MessageEvent<{ path: string }>) => {
  try {
    const hash = createHash("sha256");
    let size = 0, unreported = 0;
    using file = await Deno.open(event.data.path, { read: true });
    for await (const chunk of file.readable) {
      hash.update(chunk);
      size += chunk.length;
      unreported += chunk.length;
      if (unreported >= PROGRESS_STEP) {
        self.postMessage({ bytes: unreported });
        unreported = 0;
      }
    }
    if (unreported > 0) self.postMessage({ bytes: unreported });
    self.postMessage({ done: { size, sha256: hash.digest("hex") } });
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    const code = (error as { code?: string })?.code;
    self.postMessage({
      error: { name, code, message: String((error as Error)?.message ?? error) },
    });
  }
};
