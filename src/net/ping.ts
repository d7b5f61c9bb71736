/**
 * Monitoring pings in the healthchecks.io convention: `<url>/start` when a run begins, `<url>` on
 * success, `<url>/fail` on failure, each carrying the summary as its body. A ping that fails is a
 * warning; it never fails the backup.
 *
 * @module
 */
import type { Logger } from "../ui/log.ts";

/** The pings of one run. */
export interface Pinger {
  /** The run began. */
  start(): Promise<void>;
  /** The run succeeded. */
  success(summary: string): Promise<void>;
  /** The run failed. */
  fail(summary: string): Promise<void>;
}

/** Builds the pinger; without a URL every ping does nothing. */
export function createPinger(url: string | undefined, log: Logger, timeoutMs = 10_000): Pinger {
  const send = async (suffix: string, body?: string) => {
    if (!url) return;
    const target = url.replace(/\/+$/, "") + suffix;
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const response = await fetch(target, {
          method: "POST",
          body: body ?? "",
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return;
        if (attempt === 2) log.warn(`monitoring ping ${suffix || "/"} answered ${response.status}`);
      } catch (error) {
        if (attempt === 2) {
          log.warn(`monitoring ping ${suffix || "/"} failed: ${(error as Error).message}`);
        }
      }
    }
  };
  return {
    start: () => send("/start"),
    success: (summary) => send("", summary),
    fail: (summary) => send("/fail", summary),
  };
}
