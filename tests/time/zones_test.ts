import assert from "node:assert/strict";
import { UsageError } from "../../src/errors.ts";
import { exifToInstant } from "../../src/metadata/head.ts";
import { dayInRange, dayRangeFromFlags, googleDateFilter, parseDay } from "../../src/time/days.ts";
import {
  defaultTimeZone,
  localDay,
  validateTimeZone,
  wallTimeToInstant,
} from "../../src/time/zones.ts";

Deno.test("dates: only real calendar days in YYYY-MM-DD", () => {
  assert.deepEqual(parseDay("2024-02-29", "--from"), { year: 2024, month: 2, day: 29 });
  const bad: [string, RegExp][] = [
    ["2024-13-01", /month 13 does not exist/],
    ["2023-02-29", /2023-02 has no day 29/],
    ["2024-04-31", /has no day 31/],
    ["2024-1-5", /expected the form YYYY-MM-DD/],
    ["yesterday", /expected the form/],
  ];
  for (const [text, message] of bad) {
    assert.throws(
      () => parseDay(text, "--from"),
      (e) => e instanceof UsageError && message.test(e.message),
    );
    assert.throws(
      () => parseDay(text, "--from"),
      /^UsageError: --from: ".*" is not a valid date: .*; use YYYY-MM-DD/,
    );
  }
});

Deno.test("dates: --year, --from/--to and their conflicts", () => {
  assert.deepEqual(dayRangeFromFlags({ year: "2023" }), {
    from: { year: 2023, month: 1, day: 1 },
    to: { year: 2023, month: 12, day: 31 },
  });
  assert.equal(dayRangeFromFlags({}), undefined);
  assert.deepEqual(dayRangeFromFlags({ from: "2024-05-01" }), {
    from: { year: 2024, month: 5, day: 1 },
  });
  assert.throws(
    () => dayRangeFromFlags({ year: "2023", from: "2023-01-01" }),
    /cannot be combined/,
  );
  assert.throws(
    () => dayRangeFromFlags({ from: "2024-05-02", to: "2024-05-01" }),
    /--from 2024-05-02 is after --to 2024-05-01/,
  );
  assert.throws(() => dayRangeFromFlags({ year: "23" }), /is not a year/);
});

Deno.test("dates: ranges are inclusive at both ends", () => {
  const range = dayRangeFromFlags({ from: "2024-03-01", to: "2024-03-31" });
  assert.ok(dayInRange({ year: 2024, month: 3, day: 1 }, range));
  assert.ok(dayInRange({ year: 2024, month: 3, day: 31 }, range));
  assert.ok(!dayInRange({ year: 2024, month: 2, day: 29 }, range));
  assert.ok(!dayInRange({ year: 2024, month: 4, day: 1 }, range));
});

Deno.test("time: the local day of an instant depends on the zone, DST included", () => {
  const instant = new Date("2024-03-09T23:30:00Z");
  assert.deepEqual(localDay(instant, "UTC"), { year: 2024, month: 3, day: 9 });
  assert.deepEqual(localDay(instant, "Pacific/Auckland"), { year: 2024, month: 3, day: 10 });
  assert.deepEqual(localDay(new Date("2024-03-10T06:30:00Z"), "America/Los_Angeles"), {
    year: 2024,
    month: 3,
    day: 9,
  });
  assert.deepEqual(localDay(new Date("2024-03-10T10:30:00Z"), "America/Los_Angeles"), {
    year: 2024,
    month: 3,
    day: 10,
  });
});

Deno.test("dates: Google's filter is one day wider at each end; open ends use Google's bounds", () => {
  assert.deepEqual(googleDateFilter(dayRangeFromFlags({ from: "2024-03-01", to: "2024-12-31" })!), {
    ranges: [{
      startDate: { year: 2024, month: 2, day: 29 },
      endDate: { year: 2025, month: 1, day: 1 },
    }],
  });
  assert.deepEqual(googleDateFilter({ to: { year: 2020, month: 1, day: 1 } }).ranges[0].startDate, {
    year: 1,
    month: 1,
    day: 1,
  });
});

Deno.test("time: time zones are validated; TZ is the default", () => {
  assert.equal(validateTimeZone("Europe/Berlin"), "Europe/Berlin");
  assert.throws(
    () => validateTimeZone("Mars/Olympus"),
    /not an IANA time zone; use a name like Europe\/Berlin/,
  );
  assert.equal(defaultTimeZone((n) => (n === "TZ" ? "Asia/Tokyo" : undefined)), "Asia/Tokyo");
  assert.equal(defaultTimeZone((n) => (n === "TZ" ? ":Asia/Tokyo" : undefined)), "Asia/Tokyo");
  assert.ok(defaultTimeZone(() => "not/a-zone").length > 0);
});

Deno.test("dates: Google's filter never goes past year 1 or 9999 (year 0 means any year to Google)", () => {
  const all = dayRangeFromFlags({ from: "0001-01-01", to: "9999-12-31" })!;
  assert.deepEqual(googleDateFilter(all).ranges[0], {
    startDate: { year: 1, month: 1, day: 1 },
    endDate: { year: 9999, month: 12, day: 31 },
  });
});

Deno.test("time: a wall time in a spring-forward gap moves forward by the gap", () => {
  const gap = Temporal.PlainDateTime.from("2024-03-31T02:30:00");
  assert.equal(wallTimeToInstant(gap, "Europe/Berlin").toISOString(), "2024-03-31T01:30:00.000Z");
  assert.equal(
    exifToInstant("2024:03:31 02:30:00", "Europe/Berlin")?.toISOString(),
    "2024-03-31T01:30:00.000Z",
  );
  // West of Greenwich too: 02:30 on 2024-03-10 never happened in New York; 03:30 EDT did.
  assert.equal(
    exifToInstant("2024:03:10 02:30:00", "America/New_York")?.toISOString(),
    "2024-03-10T07:30:00.000Z",
  );
});

Deno.test("time: a wall time in a fall-back overlap is the earlier of its two instants", () => {
  const twice = Temporal.PlainDateTime.from("2024-10-27T02:30:00");
  assert.equal(wallTimeToInstant(twice, "Europe/Berlin").toISOString(), "2024-10-27T00:30:00.000Z");
  assert.equal(
    exifToInstant("2024:10:27 02:30:00", "Europe/Berlin")?.toISOString(),
    "2024-10-27T00:30:00.000Z",
  );
  assert.equal(
    exifToInstant("2024:11:03 01:30:00", "America/New_York")?.toISOString(),
    "2024-11-03T05:30:00.000Z",
  );
  assert.deepEqual(
    localDay(exifToInstant("2024:10:27 02:30:00", "Europe/Berlin")!, "Europe/Berlin"),
    {
      year: 2024,
      month: 10,
      day: 27,
    },
  );
});

Deno.test("time: EXIF wall times outside DST changes; impossible fields roll over", () => {
  assert.equal(
    exifToInstant("2024:07:01 12:00:00", "Asia/Kolkata")?.toISOString(),
    "2024-07-01T06:30:00.000Z",
  );
  assert.equal(
    exifToInstant("2024:02:30 10:00:00", "UTC")?.toISOString(),
    "2024-03-01T10:00:00.000Z",
  );
  assert.equal(
    exifToInstant("2024:12:31 24:00:00", "UTC")?.toISOString(),
    "2025-01-01T00:00:00.000Z",
  );
  assert.equal(exifToInstant("2024-07-01T12:00:00", "UTC"), undefined);
});
