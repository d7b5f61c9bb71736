/**
 * The bench's incremental rows: a no-change re-run over a small and a large library at a home
 * link's API latency, each against a bare client paging through the same listing one request after
 * another in the same run (the floor a no-change run over an open range cannot beat), and how the
 * re-run grows with the library.
 *
 * @module
 */
import { join } from "node:path";
import {
  cli,
  f1,
  f2,
  log,
  ratio,
  type Row,
  type Section,
  type Shape,
  startSim,
} from "./support.ts";
import { mediaUrls } from "./transfer.ts";

/** One measured library size. */
interface IncrementalRun {
  items: number;
  firstRunSeconds: number;
  rerunSeconds: number;
  rerunPeakRssMiB: number;
  rerunDownloaded: number;
  pagingSeconds: number;
  pages: number;
  vsPaging: number;
}

/**
 * Builds each library (concurrency 16, not a row), then times a no-change re-run and bare paging,
 * both at `shape`'s API latency. Media is not capped here: the measured runs fetch none, and the
 * cap would only lengthen the unmeasured build (by half, measured on 300 items).
 */
export async function benchIncremental(
  work: string,
  counts: number[],
  shape: Shape,
): Promise<Section> {
  const runs: IncrementalRun[] = [];
  const rows: Row[] = [];
  for (const count of counts) {
    const sim = await startSim(work, [
      "--items",
      String(count),
      "--latency-ms",
      shape.latencyMs.join(","),
      "--photo-size",
      "2000,3000",
      "--video-size",
      "3000,4000",
    ]);
    try {
      const dest = join(work, `lib-${count}`);
      log(`incremental: building a ${count}-item library first`);
      const first = await cli(sim, ["backup", "--dest", dest, "--concurrency", "16", "--json"]);
      const rerun = await cli(sim, ["backup", "--dest", dest, "--json"]);
      const started = performance.now();
      const { pages } = await mediaUrls(sim);
      const pagingSeconds = (performance.now() - started) / 1000;
      const summary = JSON.parse(rerun.stdout);
      log(
        `${count} items: first ${f1(first.seconds)} s, no-change re-run ${f1(rerun.seconds)} s, ` +
          `bare paging ${f1(pagingSeconds)} s (${pages} pages)`,
      );
      const run: IncrementalRun = {
        items: count,
        firstRunSeconds: first.seconds,
        rerunSeconds: rerun.seconds,
        rerunPeakRssMiB: rerun.peakRssMiB,
        rerunDownloaded: summary.downloaded,
        pagingSeconds,
        pages,
        vsPaging: ratio(rerun.seconds, pagingSeconds),
      };
      runs.push(run);
      rows.push([
        `No-change re-run, ${count} items, vs bare paging`,
        `${f1(rerun.seconds)} vs ${f1(pagingSeconds)} s, ${f1(rerun.peakRssMiB)} MiB`,
        `${f2(run.vsPaging)}×`,
        "≤ 1.2×",
      ]);
      await Deno.remove(dest, { recursive: true });
    } finally {
      await sim.stop();
    }
  }
  const [small, large] = runs;
  const growth = {
    items: large.items / small.items,
    time: large.rerunSeconds / small.rerunSeconds,
    rss: large.rerunPeakRssMiB / small.rerunPeakRssMiB,
  };
  rows.push([
    `Re-run growth ${small.items} → ${large.items} items`,
    `time ×${f1(growth.time)}, RSS ×${f1(growth.rss)}`,
    `items ×${f1(growth.items)}`,
    "linear or better",
  ]);
  return { result: { runs, growth }, rows };
}
