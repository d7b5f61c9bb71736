/**
 * Instants and IANA zones: which calendar day an instant falls on in the library's zone (the day
 * folder, and what `--from/--to` compare against), and which instant a zoneless wall time (EXIF
 * `DateTimeOriginal`) means. Built on `Temporal`, which Deno 2.9 ships without a flag; its zone
 * data is the runtime's ICU, the same data `Intl` uses.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import type { Day } from "./days.ts";

/** Checks an IANA zone name (or `UTC`, or a fixed offset like `+01:00`) and returns it. */
export function validateTimeZone(tz: string, flag = "--timezone"): string {
  try {
    new Temporal.ZonedDateTime(0n, tz);
    return tz;
  } catch {
    throw new UsageError(
      `${flag}: "${tz}" is not an IANA time zone; use a name like Europe/Berlin or UTC`,
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
  return Temporal.Now.timeZoneId() || "UTC";
}

/** The calendar day of an instant in a zone. */
export function localDay(instant: Date, timeZone: string): Day {
  const { year, month, day } = Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone);
  return { year, month, day };
}

/**
 * The DST rule for wall times, Temporal's `"compatible"` (also RFC 5545's and `Date`'s): a wall time
 * in a spring-forward gap is shifted forward by the gap (02:30 that never happened → 03:30), and a
 * wall time in a fall-back overlap, which happened twice, is the earlier one (the summer-time
 * offset).
 */
export const WALL_TIME_DST_RULE = "compatible" as const;

/** The instant at which `timeZone` shows `wall`, by {@linkcode WALL_TIME_DST_RULE}. */
export function wallTimeToInstant(wall: Temporal.PlainDateTime, timeZone: string): Date {
  const zoned = wall.toZonedDateTime(timeZone, { disambiguation: WALL_TIME_DST_RULE });
  return new Date(zoned.epochMilliseconds);
}
