/**
 * Telling a used-up daily media quota from a passing rate limit. Google's media hosts answer both
 * with the same HTML 429 page, without `Retry-After` and without a word about quotas, so the only
 * sign is persistence: when several items in a row are each refused again and again with no
 * download succeeding in between, retrying (8 tries, 30 s+ apart, for every remaining item) would
 * only hammer Google for hours and hold the lock into the next night. The run stops instead, like
 * the API's daily quota (exit 5), and the next run fetches what is missing.
 *
 * @module
 */
import { QuotaError } from "../errors.ts";
import type { RequestCounter } from "./api_client.ts";

/** How many refusals make the verdict. */
export interface QuotaVerdict {
  /** 429s without `Retry-After` in a row for one item before it counts as refused. */
  perItem: number;
  /** Refused items in a row, with no successful media answer in between, that mean "quota". */
  items: number;
}

/** The default verdict: 3 items, each refused 3 times in a row (about 90 s of backoff). */
export const DEFAULT_VERDICT: QuotaVerdict = { perItem: 3, items: 3 };

/** Watches the media answers of one run. */
export class MediaQuotaWatch {
  readonly #verdict: QuotaVerdict;
  readonly #streaks = new Map<string, number>();
  readonly #refused = new Set<string>();
  #stopped: QuotaError | undefined;

  /** Builds a watch with a verdict rule. */
  constructor(verdict: QuotaVerdict = DEFAULT_VERDICT) {
    this.#verdict = verdict;
  }

  /** Throws the quota error once the run has been stopped: no further media request is sent. */
  check(): void {
    if (this.#stopped) throw this.#stopped;
  }

  /** A media host served an item: whatever came before was a passing limit. */
  served(item: string): void {
    this.#streaks.delete(item);
    this.#refused.clear();
  }

  /**
   * A media host answered 429 without `Retry-After` for `item`. Returns the quota error that stops
   * the run when the verdict is reached, else undefined (the caller retries).
   */
  refused(item: string, host: string): QuotaError | undefined {
    const streak = (this.#streaks.get(item) ?? 0) + 1;
    this.#streaks.set(item, streak);
    if (streak >= this.#verdict.perItem) this.#refused.add(item);
    if (this.#refused.size < this.#verdict.items) return undefined;
    return this.stop(
      host,
      `${this.#refused.size} items in a row were each refused ${this.#verdict.perItem} times ` +
        "with 429 and no Retry-After",
    );
  }

  /** Stops the run for good with a quota error naming the host and why. */
  stop(host: string, why: string): QuotaError {
    this.#stopped ??= new QuotaError(
      `Cannot download from ${host}: Google's daily media quota looks used up (${why}); stopped ` +
        "with every completed file kept — the next run fetches only what is missing",
    );
    return this.#stopped;
  }
}

const watches = new WeakMap<RequestCounter, MediaQuotaWatch>();

/**
 * The watch of the run that owns `counter`. Every Google source already shares the run's request
 * counter, so the counter is what identifies a run here.
 */
export function mediaQuotaWatch(counter: RequestCounter): MediaQuotaWatch {
  let watch = watches.get(counter);
  if (!watch) watches.set(counter, watch = new MediaQuotaWatch());
  return watch;
}
