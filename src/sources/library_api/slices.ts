/**
 * Date-sliced listing for the Library API: a run's day range is cut into a few disjoint ranges of
 * Google's (UTC) days, each paged on its own, so a no-change run waits for the slowest slice
 * instead of for every page in turn. Google's ranges are inclusive and whole-day, so disjoint day
 * ranges return disjoint items: no item can appear in two slices, and none falls between them.
 *
 * @module
 */
import { compareDays, type Day } from "../../time/days.ts";

/** How many slices are listed at once: enough to hide API latency, few enough for the quota. */
export const LISTING_SLICES = 4;

/** One inclusive range of Google's days, as sent in `dateFilter.ranges`. */
export interface GoogleDayRange {
  /** First day included. */
  startDate: Day;
  /** Last day included. */
  endDate: Day;
}

function toDay(date: Temporal.PlainDate): Day {
  return { year: date.year, month: date.month, day: date.day };
}

/**
 * Cuts `range` into at most `count` contiguous, disjoint day ranges of near-equal length, in order.
 * The widening to local days is done before (once, for the whole range), never per slice.
 */
export function sliceDayRange(range: GoogleDayRange, count: number): GoogleDayRange[] {
  const start = Temporal.PlainDate.from(range.startDate);
  const days = start.until(Temporal.PlainDate.from(range.endDate)).days + 1;
  const pieces = Math.max(1, Math.min(count, days));
  const slices: GoogleDayRange[] = [];
  for (let i = 0; i < pieces; i++) {
    const first = Math.floor((i * days) / pieces);
    const last = Math.floor(((i + 1) * days) / pieces) - 1;
    slices.push({
      startDate: toDay(start.add({ days: first })),
      endDate: toDay(start.add({ days: last })),
    });
  }
  return slices;
}

/**
 * The part of `range` between the days of the oldest and newest item, a day wider each side since
 * Google's day of an item need not be its UTC day: slicing decades that hold a few years of items
 * would leave all the work to one slice.
 */
export function narrowToItems(range: GoogleDayRange, oldest: Date, newest: Date): GoogleDayRange {
  const utcDay = (time: Date, days: number) =>
    toDay(
      Temporal.PlainDate.from(time.toISOString().slice(0, 10)).add({ days }),
    );
  const later = (a: Day, b: Day) => (compareDays(a, b) > 0 ? a : b);
  const earlier = (a: Day, b: Day) => (compareDays(a, b) < 0 ? a : b);
  return {
    startDate: later(range.startDate, utcDay(oldest, -1)),
    endDate: earlier(range.endDate, utcDay(newest, 1)),
  };
}

/**
 * Yields the items of several generators as they come, each pulled one ahead at most, so memory
 * stays bounded by one page per slice. The first failure ends the merge and closes the others.
 */
export async function* mergeListings<T>(sources: AsyncGenerator<T>[]): AsyncGenerator<T> {
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const pull = (index: number) => {
    const next = sources[index].next().then((result) => ({ index, result }));
    // A slice that fails while another is being consumed must not go unhandled meanwhile.
    next.catch(() => {});
    pending.set(index, next);
  };
  sources.forEach((_, index) => pull(index));
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      pull(index);
      yield result.value;
    }
  } finally {
    await Promise.allSettled(sources.map((source) => source.return(undefined)));
  }
}
