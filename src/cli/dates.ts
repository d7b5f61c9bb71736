/**
 * Days as the user means them: `YYYY-MM-DD` in an IANA zone. Parsing with real calendar checks,
 * inclusive ranges, the calendar day of an instant in a zone, and the one-day-wider filter sent to
 * Google (whose date filter knows no zones).
 *
 * @module
 */
import { UsageError } from "../errors.ts";

/** A calendar day. */
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

/** Google's `Date` message. */
export interface GoogleDate {
  /** Year. */
  year: number;
  /** Month. */
  month: number;
  /** Day. */
  day: number;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month of a year. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1];
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
  if (year < 1) throw bad("year 0 does not exist");
  if (month < 1 || month > 12) throw bad(`month ${month} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) {
    throw bad(`${formatDay({ year, month, day: 1 }).slice(0, 7)} has no day ${day}`);
  }
  return { year, month, day };
}

/** `YYYY-MM-DD`. */
export function formatDay(d: Day): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${
    String(d.day).padStart(2, "0")
  }`;
}

/** Orders days: negative, zero or positive. */
export function compareDays(a: Day, b: Day): number {
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

/** Checks an IANA zone name. */
export function validateTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz;
  } catch {
    throw new UsageError(
      `--timezone: "${tz}" is not an IANA time zone; use a name like Europe/Berlin or UTC`,
    );
  }
}

/** The zone to use when none is given: `TZ` if valid, else the system's, else UTC. */
export function defaultTimeZone(env: (name: string) => string | undefined): string {
  const tz = env("TZ")?.replace(/^:/, "");
  if (tz) {
    try {
      return validateTimeZone(tz);
    } catch {
      // An unusable TZ (a POSIX rule string) falls back to what the runtime resolved.
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a zone (formatters are cached: this runs once per item). */
export function localDay(instant: Date, timeZone: string): Day {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
    });
    formatters.set(timeZone, format);
  }
  let year = 0, month = 0, day = 0;
  for (const part of format.formatToParts(instant)) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
  }
  return { year, month, day };
}

function shift(d: Day, days: number): Day {
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/**
 * Google's `dateFilter` for a range of local days: one day wider at each end, because a local day
 * spans parts of two UTC days; the caller keeps exactly the items of the wanted days. An open end
 * becomes year 1 or 9999, the bounds Google accepts.
 */
export function googleDateFilter(range: DayRange): {
  ranges: { startDate: GoogleDate; endDate: GoogleDate }[];
} {
  return {
    ranges: [{
      startDate: range.from ? shift(range.from, -1) : { year: 1, month: 1, day: 1 },
      endDate: range.to ? shift(range.to, 1) : { year: 9999, month: 12, day: 31 },
    }],
  };
}
