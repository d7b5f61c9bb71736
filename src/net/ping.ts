/**
 * Monitoring pings in the healthchecks.io convention: `<url>/start` when a run begins, `<url>` on
 * success, `<url>/fail` on failure, each carrying the summary as its body. A ping that fails is a
 * warning; it never fails the backup.
 *
 * @module
 */
import type { Logger } from "../ui/log.ts";
import { HostNotPermittedError, netPermitted } from "./hosts.ts";

/** The pings of one run. */
export interface Pinger {
  /** The run began. */
  start(): Promise<void>;
  /** The run succeeded. */
  success(summary: string): Promise<void>;
  /** The run failed. */
  fail(summary: string): Promise<void>;
}

/**
 * Builds the pinger; without a URL every ping does nothing. A monitoring host the program's
 * permissions refuse is said once, at start, with the flag that lets it in; no ping is tried then.
 */
export function createPinger(url: string | undefined, log: Logger, timeoutMs = 10_000): Pinger {
  let permitted: Promise<boolean> | undefined;
  const send = async (suffix: string, body?: string) => {
    if (!url) return;
    // A malformed URL is left to fetch, whose failure is already a warning.
    const host = URL.canParse(url) ? new URL(url).host : undefined;
    permitted ??= host === undefined
      ? Promise.resolve(true)
      : netPermitted(host).then((granted) => {
        if (!granted) log.warn(new HostNotPermittedError("ping", host).message);
        return granted;
      });
    if (!await permitted) return;
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
