/**
 * `deno task bench [--quick] [--out FILE]`: speed and memory, measured side by side in one run on
 * this machine, reported as ratios. The simulator runs as its own process with realistic shaping
 * (API latency, a per-connection bandwidth cap), so its work is not counted in the CLI's time or
 * memory.
 *
 * 1. Throughput: a backup against `curl` fetching the same URLs with the same parallelism, and
 *    against one-at-a-time downloading.
 * 2. Memory: peak RSS streaming one large video, and at concurrency 16.
 * 3. Incremental: a no-change re-run over a 10k- and a 100k-item library.
 * 4. Takeout import against `unzip` extracting the same parts to the same disk.
 * 5. Start-up: `--help` and `status`.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { firstExport, writeExport } from "../src/simulator/takeout/mod.ts";
import { photoBytesSync } from "../src/simulator/media.ts";
import { benchListing, benchVerify } from "./bench_scale.ts";
import { benchIndex } from "./bench_index.ts";
import { benchReimport } from "./bench_reimport.ts";
import {
  cli as cliIn,
  f1,
  f2,
  log,
  MB,
  measure,
  ratio,
  ROOT,
  RUN,
  type Sim,
  startSim as startSimIn,
} from "./bench_support.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean" },
    out: { type: "string" },
    only: { type: "string", multiple: true },
  },
  strict: true,
});
const quick = values.quick ?? false;
/** `--only NAME` (repeatable) runs only those sections: throughput, memory, incremental, takeout, scale. */
const want = (section: string) => !values.only || values.only.includes(section);
const outFile = values.out ?? join(ROOT, "bench-results", "results.json");

/** Parameters: the full run fits in about 15 minutes on 2 cores; quick in well under a minute. */
const P = quick
  ? {
    items: 40,
    photo: [50_000, 200_000],
    video: [500_000, 1_000_000],
    latencyMs: 40,
    bandwidth: 4 * MB,
    bigVideo: 200 * MB,
    incremental: [1_000, 2_000],
    takeoutPhotos: 40,
    takeoutSize: [100_000, 300_000],
    scale: {
      listingItems: 2_000,
      listingLatencyMs: 100,
      verifyItems: 30,
      verifySize: [100_000, 300_000] as [number, number],
    },
  }
  : {
    items: 160,
    photo: [2 * MB, 6 * MB],
    video: [50 * MB, 150 * MB],
    latencyMs: 40,
    bandwidth: 8 * MB,
    bigVideo: 2048 * MB,
    incremental: [10_000, 100_000],
    takeoutPhotos: 300,
    takeoutSize: [1 * MB, 3 * MB],
    scale: {
      listingItems: 20_000,
      listingLatencyMs: 100,
      verifyItems: 150,
      verifySize: [3 * MB, 5 * MB] as [number, number],
    },
  };

const work = await Deno.makeTempDir({ prefix: "gphotos-nas-bench-" });
const results: Record<string, unknown> = {
  machine: { cores: navigator.hardwareConcurrency, deno: Deno.version.deno, quick },
  parameters: P,
};
const rows: [string, string, string, string][] = [];
const startSim = (args: string[]) => startSimIn(work, args);
const cli = (args: string[], sim: Sim, env: Record<string, string> = {}) => cliIn(sim, args, env);

/** The media URLs of every ready item, with an access token, as curl would fetch them. */
async function mediaUrls(sim: Sim): Promise<{ token: string; urls: string[] }> {
  const secret = JSON.parse(await Deno.readTextFile(join(sim.configDir, "client_secret.json")));
  const refresh = JSON.parse(await Deno.readTextFile(join(sim.configDir, "token.json")));
  const tokenResponse = await fetch(secret.installed.token_uri, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refresh.refresh_token,
      client_id: secret.installed.client_id,
      client_secret: secret.installed.client_secret,
    }),
  });
  const token = (await tokenResponse.json()).access_token;
  const urls: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await (await fetch(`${sim.libraryOrigin}/v1/mediaItems:search`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ pageSize: 100, pageToken, filters: { includeArchivedMedia: true } }),
    })).json();
    for (const item of page.mediaItems ?? []) {
      const video = item.mediaMetadata.video;
      if (video && video.status !== "READY") continue;
      urls.push(`${item.baseUrl}=${video ? "dv" : "d"}`);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return { token, urls };
}

async function curlAll(token: string, urls: string[], parallel: number) {
  const dir = await Deno.makeTempDir({ dir: work, prefix: "curl-" });
  const config = urls.map((u, i) => `url = "${u}"\noutput = "${join(dir, `f${i}`)}"`).join("\n");
  await Deno.writeTextFile(join(dir, "urls.cfg"), config);
  // -L: videos redirect to a second media host, as they do at Google.
  const args = [
    "-s",
    "-f",
    "-L",
    "-H",
    `Authorization: Bearer ${token}`,
    "-K",
    join(dir, "urls.cfg"),
  ];
  const result = await measure(
    "curl",
    parallel > 1 ? ["--parallel", "--parallel-max", String(parallel), ...args] : args,
  );
  await Deno.remove(dir, { recursive: true });
  return result;
}

// 1. Throughput
if (want("throughput")) {
  log("throughput: starting the shaped simulator");
  const sim = await startSim([
    "--items",
    String(P.items),
    "--latency-ms",
    String(P.latencyMs),
    "--bandwidth",
    String(P.bandwidth),
    "--photo-size",
    P.photo.join(","),
    "--video-size",
    P.video.join(","),
  ]);
  try {
    const { token, urls } = await mediaUrls(sim);
    const ours = await cli(["backup", "--dest", join(work, "lib-throughput"), "--json"], sim);
    const bytes = JSON.parse(ours.stdout).bytes as number;
    log(`gphotos-nas: ${f1(ours.seconds)} s for ${f1(bytes / MB)} MiB`);
    const curl4 = await curlAll(token, urls, 4);
    log(`curl -P4: ${f1(curl4.seconds)} s`);
    const serial = await curlAll(token, urls, 1);
    log(`one at a time: ${f1(serial.seconds)} s`);
    const mbps = (s: number) => bytes / MB / s;
    results.throughput = {
      bytes,
      items: urls.length,
      gphotosNasSeconds: ours.seconds,
      curlParallelSeconds: curl4.seconds,
      oneAtATimeSeconds: serial.seconds,
      vsCurl: ratio(curl4.seconds, ours.seconds),
      vsOneAtATime: ratio(serial.seconds, ours.seconds),
    };
    rows.push([
      "Throughput vs curl -P4 (same URLs)",
      `${f1(mbps(ours.seconds))} vs ${f1(mbps(curl4.seconds))} MiB/s`,
      `${f2(ratio(curl4.seconds, ours.seconds))}×`,
      "≥ 0.9×",
    ]);
    rows.push([
      "Throughput vs one at a time",
      `${f1(mbps(ours.seconds))} vs ${f1(mbps(serial.seconds))} MiB/s`,
      `${f2(ratio(serial.seconds, ours.seconds))}×`,
      "≥ 3.5×",
    ]);
    const c16 = await cli(
      ["backup", "--dest", join(work, "lib-c16"), "--concurrency", "16", "--json"],
      sim,
    );
    results.memoryConcurrency16 = { peakRssMiB: c16.peakRssMiB, seconds: c16.seconds };
    rows.push(["Peak RSS, concurrency 16", `${f1(c16.peakRssMiB)} MiB`, "", "≤ 150 MiB"]);
  } finally {
    await sim.stop();
  }
}

// 2. Memory while streaming one large video
if (want("memory")) {
  const sim = await startSim(["--single-video", String(P.bigVideo)]);
  try {
    const big = await cli(["backup", "--dest", join(work, "lib-big"), "--json"], sim);
    const mib = P.bigVideo / MB;
    log(`one ${mib} MiB video: ${f1(big.seconds)} s, peak RSS ${f1(big.peakRssMiB)} MiB`);
    results.memoryBigVideo = { videoMiB: mib, peakRssMiB: big.peakRssMiB, seconds: big.seconds };
    rows.push([`Peak RSS, one ${mib} MiB video`, `${f1(big.peakRssMiB)} MiB`, "", "≤ 150 MiB"]);
    await Deno.remove(join(work, "lib-big"), { recursive: true });
  } finally {
    await sim.stop();
  }
}

// 3. Incremental runs
if (want("incremental")) {
  const incremental: Record<string, unknown>[] = [];
  for (const count of P.incremental) {
    const sim = await startSim([
      "--items",
      String(count),
      "--photo-size",
      "2000,3000",
      "--video-size",
      "3000,4000",
    ]);
    try {
      const dest = join(work, `lib-${count}`);
      log(`incremental: building a ${count}-item library first`);
      const first = await cli(["backup", "--dest", dest, "--concurrency", "16", "--json"], sim);
      const rerun = await cli(["backup", "--dest", dest, "--json"], sim);
      const summary = JSON.parse(rerun.stdout);
      log(`${count} items: first ${f1(first.seconds)} s, no-change re-run ${f1(rerun.seconds)} s`);
      incremental.push({
        items: count,
        firstRunSeconds: first.seconds,
        rerunSeconds: rerun.seconds,
        rerunPeakRssMiB: rerun.peakRssMiB,
        rerunDownloaded: summary.downloaded,
      });
      rows.push([
        `No-change re-run, ${count} items`,
        `${f1(rerun.seconds)} s, ${f1(rerun.peakRssMiB)} MiB`,
        "",
        count >= 100_000 ? "≤ 30 s" : "",
      ]);
      await Deno.remove(dest, { recursive: true });
    } finally {
      await sim.stop();
    }
  }
  const [small, large] = incremental as {
    items: number;
    rerunSeconds: number;
    rerunPeakRssMiB: number;
  }[];
  const growth = {
    items: large.items / small.items,
    time: large.rerunSeconds / small.rerunSeconds,
    rss: large.rerunPeakRssMiB / small.rerunPeakRssMiB,
  };
  results.incremental = { runs: incremental, growth };
  rows.push([
    `Re-run growth ${small.items} → ${large.items} items`,
    `time ×${f1(growth.time)}, RSS ×${f1(growth.rss)}`,
    `items ×${f1(growth.items)}`,
    "linear or better",
  ]);
}

// 4. Takeout import against unzip
if (want("takeout")) {
  const dir = await Deno.makeTempDir({ dir: work, prefix: "takeout-" });
  const base = await firstExport("UTC", "bench");
  const files = [...base.files];
  for (let i = 0; i < P.takeoutPhotos; i++) {
    const name = `IMG_BENCH_${String(i).padStart(5, "0")}.jpg`;
    const size = P.takeoutSize[0] + ((i * 7919) % (P.takeoutSize[1] - P.takeoutSize[0]));
    const taken = String(1_600_000_000 + i * 86_400);
    files.splice(files.length - 1, 0, {
      path: `Takeout/Google Photos/Photos from 2020/${name}`,
      bytes: photoBytesSync(`bench:${i}`, size),
    }, {
      path: `Takeout/Google Photos/Photos from 2020/${name}.supplemental-metadata.json`,
      bytes: new TextEncoder().encode(
        JSON.stringify({ title: name, photoTakenTime: { timestamp: taken } }),
      ),
    });
  }
  const parts = await writeExport(dir, "takeout-20261101T000000Z", files, {
    format: "zip",
    parts: 3,
  });
  let archiveBytes = 0;
  for (const part of parts) archiveBytes += (await Deno.stat(part)).size;
  const configDir = await Deno.makeTempDir({ dir: work });
  const unzipDir = join(dir, "unzipped");
  const unzip = await measure("bash", [
    "-c",
    parts.map((p) => `unzip -q -o ${p} -d ${unzipDir}`).join(" && ") + " && sync",
  ]);
  const imported = await measure(
    Deno.execPath(),
    [
      ...RUN,
      "import",
      ...parts,
      "--dest",
      join(dir, "lib"),
      "--json",
      "--quiet",
    ],
    { GPHOTOS_NAS_CONFIG_DIR: configDir, TZ: "UTC" },
  );
  const summary = JSON.parse(imported.stdout);
  const itemsPerSecond = summary.downloaded / imported.seconds;
  const mbPerSecond = summary.bytes / MB / imported.seconds;
  log(
    `import: ${f1(imported.seconds)} s (${summary.downloaded} items); unzip: ${
      f1(unzip.seconds)
    } s`,
  );
  results.takeout = {
    archiveBytes,
    items: summary.downloaded,
    importSeconds: imported.seconds,
    unzipSeconds: unzip.seconds,
    itemsPerSecond,
    mbPerSecond,
    vsUnzip: ratio(unzip.seconds, imported.seconds),
    importPeakRssMiB: imported.peakRssMiB,
  };
  rows.push([
    "Takeout import vs unzip (3 zip parts)",
    `${f1(itemsPerSecond)} items/s, ${f1(mbPerSecond)} MiB/s`,
    `${f2(ratio(unzip.seconds, imported.seconds))}×`,
    "≥ 0.7×",
  ]);

  // 5. Start-up
  const help = [];
  for (let i = 0; i < 5; i++) {
    help.push(
      (await measure(Deno.execPath(), [...RUN, "--help"])).seconds,
    );
  }
  const status = [];
  for (let i = 0; i < 5; i++) {
    status.push(
      (await measure(Deno.execPath(), [
        ...RUN,
        "status",
        "--dest",
        join(dir, "lib"),
      ], {
        GPHOTOS_NAS_CONFIG_DIR: configDir,
      })).seconds,
    );
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  results.startup = { helpSeconds: median(help), statusSeconds: median(status) };
  rows.push([
    "Start-up: --help / status (median of 5)",
    `${f2(median(help))} s / ${f2(median(status))} s`,
    "",
    "",
  ]);
}

// 6. Scale: date-sliced listing, verify on every core
if (want("scale")) {
  const listing = await benchListing(work, P.scale);
  const verify = await benchVerify(work, P.scale);
  results.scale = { listing: listing.result, verify: verify.result };
  rows.push(listing.row, ...verify.rows);
}

// 7. A lifetime library's index: 1M items (quick: 20k)
if (want("index")) {
  const index = await benchIndex(work, { items: quick ? 20_000 : 1_000_000 });
  results.index = index.result;
  rows.push(...index.rows);
}

// 8. Re-import of an export that adds 5% to one imported before
if (want("reimport")) {
  const reimport = await benchReimport(work, {
    photos: quick ? 20 : P.takeoutPhotos,
    size: quick ? [50_000, 150_000] : P.takeoutSize as [number, number],
    newShare: 0.05,
  });
  results.reimport = reimport.result;
  rows.push(...reimport.rows);
}

await Deno.mkdir(join(outFile, ".."), { recursive: true });
await Deno.writeTextFile(outFile, JSON.stringify(results, null, 2) + "\n");
await Deno.remove(work, { recursive: true });

const table = [
  "| measurement | result | ratio | target |",
  "| --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.join(" | ")} |`),
].join("\n");
console.log(table);
console.log(
  `\nresults: ${outFile}${quick ? " (quick mode: tiny sizes, not the real figures)" : ""}`,
);
