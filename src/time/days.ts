/**
 * Days as the user means them: `YYYY-MM-DD`, parsed with real calendar checks and messages that say
 * what is wrong; inclusive ranges from `--from/--to/--year`; and the one-day-wider filter sent to
 * Google, whose date filter knows no zones. Which day an instant falls on is `zones.ts`'s business.
 *
 * @module
 */
import { UsageError } from "../errors.ts";

/** A calendar day (the same fields as Google's `Date` message). */
export interface Day {
  /** Year, e.g. 2024. */
  year: number;
  /** Month 1-12. */
  month: number;
  /** Day of month 1-31. */
  day: number;
}

/** An inclusive range of days; either end may be open. */
export interface DayRange {
  /** First day included. */
  from?: Day;
  /** Last day included. */
  to?: Day;
}

/** Parses `YYYY-MM-DD` (a real calendar day) for the flag `flag`. */
export function parseDay(text: string, flag: string): Day {
  const bad = (why: string) =>
    new UsageError(
      `${flag}: "${text}" is not a valid date: ${why}; use YYYY-MM-DD, e.g. 2024-03-15`,
    );
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw bad("expected the form YYYY-MM-DD");
  const [year, month, day] = match.slice(1).map(Number);
  // Checked one field at a time (not by Temporal's own parser) so the message names the field.
  if (year < 1) throw bad("year 0 does not exist");
  if (month < 1 || month > 12) throw bad(`month ${month} does not exist`);
  const yearMonth = Temporal.PlainYearMonth.from({ year, month });
  if (day < 1 || day > yearMonth.daysInMonth) throw bad(`${yearMonth} has no day ${day}`);
  return { year, month, day };
}

/** `YYYY-MM-DD`. */
export function formatDay(d: Day): string {
  return Temporal.PlainDate.from(d).toString();
}

/** Orders days: negative, zero or positive. */
export function compareDays(a: Day, b: Day): number {
  // Plain arithmetic: this runs for every listed item when a range is given.
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Whether `day` lies in the inclusive `range` (no range: always). */
export function dayInRange(day: Day, range: DayRange | undefined): boolean {
  if (!range) return true;
  if (range.from && compareDays(day, range.from) < 0) return false;
  if (range.to && compareDays(day, range.to) > 0) return false;
  return true;
}

/** Builds the range of `--from/--to/--year`; `undefined` when none is given. */
export function dayRangeFromFlags(
  flags: { from?: string; to?: string; year?: string },
): DayRange | undefined {
  if (flags.year !== undefined) {
    if (flags.from !== undefined || flags.to !== undefined) {
      throw new UsageError("--year cannot be combined with --from/--to; use one or the other");
    }
    if (!/^\d{4}$/.test(flags.year) || Number(flags.year) < 1) {
      throw new UsageError(`--year: "${flags.year}" is not a year; use YYYY, e.g. 2024`);
    }
    const year = Number(flags.year);
    return { from: { year, month: 1, day: 1 }, to: { year, month: 12, day: 31 } };
  }
  if (flags.from === undefined && flags.to === undefined) return undefined;
  const range: DayRange = {
    ...(flags.from !== undefined ? { from: parseDay(flags.from, "--from") } : {}),
    ...(flags.to !== undefined ? { to: parseDay(flags.to, "--to") } : {}),
  };
  if (range.from && range.to && compareDays(range.from, range.to) > 0) {
    throw new UsageError(
      `--from ${flags.from} is after --to ${flags.to}; the range is inclusive, so swap them`,
    );
  }
  return range;
}

function shift(d: Day, days: number): Day {
  const { year, month, day } = Temporal.PlainDate.from(d).add({ days });
  return { year, month, day };
}

// The bounds of Google's filter; a year 0 would mean "any year" to Google, so nothing goes past them.
const FIRST_DAY: Day = { year: 1, month: 1, day: 1 };
const LAST_DAY: Day = { year: 9999, month: 12, day: 31 };

/**
 * Google's `dateFilter` for a range of local days: one day wider at each end, because a local day
 * spans parts of two UTC days; the caller keeps exactly the items of the wanted days. An open end
 * becomes year 1 or 9999, the bounds Google accepts.
 */
export function googleDateFilter(range: DayRange): {
  ranges: { startDate: Day; endDate: Day }[];
} {
  const { from, to } = range;
  return {
    ranges: [{
      startDate: from && compareDays(from, FIRST_DAY) > 0 ? shift(from, -1) : FIRST_DAY,
      endDate: to && compareDays(to, LAST_DAY) < 0 ? shift(to, 1) : LAST_DAY,
    }],
  };
}
