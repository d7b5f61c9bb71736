/**
 * The bench's scale rows: listing a library as date slices against paging it in one sequence, at a
 * home link's API latency, and `verify` against one `sha256sum` over the same files.
 *
 * @module
 */
import { join } from "node:path";
import { cli, f1, f2, log, MB, measure, ratio, type Row, startSim } from "./support.ts";

/** Sizes of the scale rows. */
export interface ScaleParameters {
  /** Items listed. */
  listingItems: number;
  /** Delay of each API answer, ms. */
  listingLatencyMs: number;
  /** Files verify re-hashes. */
  verifyItems: number;
  /** Their size range in bytes. */
  verifySize: [number, number];
}

/**
 * Lists the whole library twice, as dry runs (every item listed and decided, nothing fetched): the
 * open range is one sequence of pages, the same days given as --from/--to are sliced.
 */
export async function benchListing(work: string, p: ScaleParameters) {
  const sim = await startSim(work, [
    "--items",
    String(p.listingItems),
    "--latency-ms",
    String(p.listingLatencyMs),
    "--photo-size",
    "2000,3000",
    "--video-size",
    "3000,4000",
  ]);
  try {
    const run = async (range: string[]) => {
      const dest = join(work, `lib-listing-${range.length}`);
      const m = await cli(sim, ["backup", "--dest", dest, "--dry-run", "--json", ...range]);
      const json = JSON.parse(m.stdout);
      return { seconds: m.seconds, listed: json.listed, apiRequests: json.apiRequests };
    };
    const sequential = await run([]);
    const sliced = await run(["--from", "1990-01-01", "--to", "2039-12-31"]);
    log(
      `listing ${sliced.listed} items: sliced ${f1(sliced.seconds)} s (${sliced.apiRequests} ` +
        `calls), sequential ${f1(sequential.seconds)} s (${sequential.apiRequests} calls)`,
    );
    const result = { sequential, sliced, ratio: ratio(sliced.seconds, sequential.seconds) };
    const row: Row = [
      `Listing ${p.listingItems} items at ${p.listingLatencyMs} ms/call: slices vs one sequence`,
      `${f1(sliced.seconds)} vs ${f1(sequential.seconds)} s, ${sliced.apiRequests} vs ` +
      `${sequential.apiRequests} calls`,
      `${f2(result.ratio)}×`,
      "≤ 0.35×",
    ];
    return { result, row };
  } finally {
    await sim.stop();
  }
}

/** Backs a library up, then times one `sha256sum` and `verify` over its files (cache warm for both). */
export async function benchVerify(work: string, p: ScaleParameters) {
  const sim = await startSim(work, [
    "--items",
    String(p.verifyItems),
    "--photo-size",
    p.verifySize.join(","),
    "--video-size",
    p.verifySize.join(","),
  ]);
  const dest = join(work, "lib-verify");
  try {
    await cli(sim, ["backup", "--dest", dest, "--concurrency", "8"]);
    const files = `find ${dest} -type f -not -path '*/.gphotos-nas/*' -print0`;
    const sha256sum = ["-c", `${files} | xargs -0 sha256sum > /dev/null`];
    await measure("bash", sha256sum);
    const baseline = await measure("bash", sha256sum);
    const ours = await cli(sim, ["verify", "--dest", dest, "--json"]);
    const bytes = JSON.parse(
      new TextDecoder().decode(
        (await new Deno.Command("du", { args: ["-sb", "--exclude=.gphotos-nas", dest] }).output())
          .stdout,
      ).split("\t")[0],
    );
    const rate = (s: number) => bytes / MB / s;
    log(`verify ${f1(bytes / MB)} MiB: ${f1(ours.seconds)} s; sha256sum ${f1(baseline.seconds)} s`);
    const result = {
      bytes,
      verifySeconds: ours.seconds,
      sha256sumSeconds: baseline.seconds,
      peakRssMiB: ours.peakRssMiB,
      vsSha256sum: ratio(baseline.seconds, ours.seconds),
    };
    const rows: Row[] = [[
      "verify vs one sha256sum (same files, warm cache)",
      `${f1(rate(ours.seconds))} vs ${f1(rate(baseline.seconds))} MiB/s`,
      `${f2(result.vsSha256sum)}×`,
      "≥ 1.6×",
    ], ["Peak RSS, verify", `${f1(ours.peakRssMiB)} MiB`, "", "≤ 150 MiB"]];
    return { result, rows };
  } finally {
    await sim.stop();
    await Deno.remove(dest, { recursive: true }).catch(() => {});
  }
}
