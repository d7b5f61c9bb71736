import assert from "node:assert/strict";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";
import { narrowToItems, sliceDayRange } from "../../src/sources/library_api/slices.ts";
import type { SimItemSpec } from "../../src/simulator/mod.ts";

const day = (year: number, month: number, d: number) => ({ year, month, day: d });

Deno.test("listing slices: disjoint, contiguous, whole days, in order", () => {
  const slices = sliceDayRange({ startDate: day(2023, 12, 31), endDate: day(2024, 1, 9) }, 4);
  assert.deepEqual(slices, [
    { startDate: day(2023, 12, 31), endDate: day(2024, 1, 1) },
    { startDate: day(2024, 1, 2), endDate: day(2024, 1, 4) },
    { startDate: day(2024, 1, 5), endDate: day(2024, 1, 6) },
    { startDate: day(2024, 1, 7), endDate: day(2024, 1, 9) },
  ]);
  assert.deepEqual(sliceDayRange({ startDate: day(2024, 2, 28), endDate: day(2024, 3, 1) }, 4), [
    { startDate: day(2024, 2, 28), endDate: day(2024, 2, 28) },
    { startDate: day(2024, 2, 29), endDate: day(2024, 2, 29) },
    { startDate: day(2024, 3, 1), endDate: day(2024, 3, 1) },
  ]);
});

Deno.test("listing slices: a range of decades is narrowed to its items' days, a day wider", () => {
  const decades = { startDate: day(1999, 12, 31), endDate: day(2040, 1, 1) };
  const oldest = new Date("2019-03-01T00:00:00Z"), newest = new Date("2024-12-31T23:59:59Z");
  assert.deepEqual(narrowToItems(decades, oldest, newest), {
    startDate: day(2019, 2, 28),
    endDate: day(2025, 1, 1),
  });
  const week = { startDate: day(2024, 1, 1), endDate: day(2024, 1, 7) };
  assert.deepEqual(narrowToItems(week, oldest, newest), week, "never wider than asked");
});

/**
 * Items at every UTC midnight and the millisecond before it (so at each slice edge), and two
 * crowds of equal timestamps on both sides of an edge, each longer than a page.
 */
function edgeItems(): { specs: SimItemSpec[]; wanted: number } {
  const specs: SimItemSpec[] = [];
  let wanted = 0;
  const add = (time: number, inRange: boolean) => {
    specs.push({ filename: `e${specs.length}.jpg`, creationTime: new Date(time).toISOString() });
    if (inRange) wanted++;
  };
  const first = Date.UTC(2024, 0, 1), end = Date.UTC(2024, 0, 9);
  for (let t = Date.UTC(2023, 11, 31); t <= Date.UTC(2024, 0, 10); t += 86_400_000) {
    add(t, t >= first && t < end);
    add(t - 1, t - 1 >= first && t - 1 < end);
  }
  for (let i = 0; i < 230; i++) add(Date.UTC(2024, 0, 5), true);
  for (let i = 0; i < 150; i++) add(Date.UTC(2024, 0, 5) - 1, true);
  return { specs, wanted };
}

Deno.test("backup --from/--to: date slices listed at once, every item exactly once at the edges", async () => {
  const { specs, wanted } = edgeItems();
  await using t = await testLibrary({ items: specs, latencyMs: 30 });
  const result = await runCli(
    ["backup", "--dest", t.dest, "--from", "2024-01-01", "--to", "2024-01-08", "--json"],
    { env: t.env },
  );
  assert.equal(result.code, 0, result.stderr);
  const summary = result.json<RunJson>();
  assert.equal(summary.listed, wanted);
  assert.equal(summary.downloaded, wanted);
  const files = await libraryFiles(t.dest);
  assert.equal(files.length, wanted);
  const names = files.map((f) => f.path.slice(f.path.lastIndexOf("/") + 1));
  assert.equal(new Set(names).size, wanted, "no item was stored twice");

  const searches = t.sim.stats.log.filter((r) => r.key === "POST /v1/mediaItems:search");
  const overlapping = searches.some((a) =>
    searches.some((b) => b !== a && b.receivedAt > a.receivedAt && b.receivedAt < a.answeredAt!)
  );
  assert.ok(overlapping, "a search was sent while another was still waiting for its answer");
  assert.match(result.stderr, new RegExp(`${summary.apiRequests} API request`));
});
