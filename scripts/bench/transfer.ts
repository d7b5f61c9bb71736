/**
 * The bench's download rows: a backup against `curl` fetching the same URLs with the same
 * parallelism and one at a time, and peak RSS at concurrency 16 and for one large video, each
 * against the peak of the default backup of the same run (memory that does not grow with
 * concurrency or file size).
 *
 * @module
 */
import { join } from "node:path";
import {
  cli,
  f1,
  f2,
  log,
  MB,
  measure,
  ratio,
  type Section,
  type Shape,
  shapeArgs,
  type Sim,
  startSim,
} from "./support.ts";

/** Sizes of the download rows. */
export interface TransferParameters {
  /** Items of the throughput library. */
  items: number;
  /** Photo sizes [min, max], bytes. */
  photo: number[];
  /** Video sizes [min, max], bytes. */
  video: number[];
  /** The one large video, bytes. */
  bigVideo: number;
  /** The home link. */
  shape: Shape;
}

/**
 * The media URLs of every ready item, with an access token, as curl would fetch them: the whole
 * library paged one request after another (`pages` of them), as a bare client lists it.
 */
export async function mediaUrls(
  sim: Sim,
): Promise<{ token: string; urls: string[]; pages: number }> {
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
  let pages = 0;
  do {
    pages++;
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
  return { token, urls, pages };
}

async function curlAll(work: string, token: string, urls: string[], parallel: number) {
  const dir = await Deno.makeTempDir({ dir: work, prefix: "curl-" });
  const config = urls.map((u, i) => `url = "${u}"\noutput = "${join(dir, `f${i}`)}"`).join("\n");
  await Deno.writeTextFile(join(dir, "urls.cfg"), config);
  // -L: videos redirect to a second media host, as they do at Google.
  const args = ["-s", "-f", "-L", "-H", `Authorization: Bearer ${token}`, "-K", `${dir}/urls.cfg`];
  const result = await measure(
    "curl",
    parallel > 1 ? ["--parallel", "--parallel-max", String(parallel), ...args] : args,
  );
  await Deno.remove(dir, { recursive: true });
  return result;
}

/** Throughput against curl, then peak RSS at concurrency 16 against the default run's. */
export async function benchThroughput(work: string, p: TransferParameters): Promise<Section> {
  log("throughput: starting the shaped simulator");
  const sim = await startSim(work, [
    "--items",
    String(p.items),
    ...shapeArgs(p.shape),
    "--photo-size",
    p.photo.join(","),
    "--video-size",
    p.video.join(","),
  ]);
  try {
    const { token, urls } = await mediaUrls(sim);
    const ours = await cli(sim, ["backup", "--dest", join(work, "lib-throughput"), "--json"]);
    const bytes = JSON.parse(ours.stdout).bytes as number;
    log(`gphotos-nas: ${f1(ours.seconds)} s for ${f1(bytes / MB)} MiB`);
    const curl4 = await curlAll(work, token, urls, 4);
    log(`curl -P4: ${f1(curl4.seconds)} s`);
    const serial = await curlAll(work, token, urls, 1);
    log(`one at a time: ${f1(serial.seconds)} s`);
    const c16 = await cli(
      sim,
      ["backup", "--dest", join(work, "lib-c16"), "--concurrency", "16", "--json"],
    );
    const mbps = (s: number) => bytes / MB / s;
    return {
      result: {
        throughput: {
          bytes,
          items: urls.length,
          gphotosNasSeconds: ours.seconds,
          curlParallelSeconds: curl4.seconds,
          oneAtATimeSeconds: serial.seconds,
          vsCurl: ratio(curl4.seconds, ours.seconds),
          vsOneAtATime: ratio(serial.seconds, ours.seconds),
          peakRssMiB: ours.peakRssMiB,
        },
        memoryConcurrency16: { peakRssMiB: c16.peakRssMiB, seconds: c16.seconds },
      },
      rows: [
        [
          "Throughput vs curl -P4 (same URLs)",
          `${f1(mbps(ours.seconds))} vs ${f1(mbps(curl4.seconds))} MiB/s`,
          `${f2(ratio(curl4.seconds, ours.seconds))}×`,
          "≥ 0.9×",
        ],
        [
          "Throughput vs one at a time",
          `${f1(mbps(ours.seconds))} vs ${f1(mbps(serial.seconds))} MiB/s`,
          `${f2(ratio(serial.seconds, ours.seconds))}×`,
          "≥ 3.5×",
        ],
        [
          "Peak RSS, concurrency 16 vs 4",
          `${f1(c16.peakRssMiB)} vs ${f1(ours.peakRssMiB)} MiB`,
          `${f2(ratio(c16.peakRssMiB, ours.peakRssMiB))}×`,
          "≤ 150 MiB",
        ],
      ],
    };
  } finally {
    await sim.stop();
  }
}

/**
 * One large video through the shaped link, its peak RSS against that of a backup of many smaller
 * files (`baselineMiB`, the default run of the same bench).
 */
export async function benchBigVideo(
  work: string,
  p: TransferParameters,
  baselineMiB: number | undefined,
): Promise<Section> {
  const sim = await startSim(work, ["--single-video", String(p.bigVideo), ...shapeArgs(p.shape)]);
  try {
    const big = await cli(sim, ["backup", "--dest", join(work, "lib-big"), "--json"]);
    const mib = p.bigVideo / MB;
    log(`one ${mib} MiB video: ${f1(big.seconds)} s, peak RSS ${f1(big.peakRssMiB)} MiB`);
    await Deno.remove(join(work, "lib-big"), { recursive: true });
    return {
      result: { videoMiB: mib, peakRssMiB: big.peakRssMiB, seconds: big.seconds },
      rows: [[
        `Peak RSS, one ${mib} MiB video vs the throughput run`,
        `${f1(big.peakRssMiB)}${baselineMiB ? ` vs ${f1(baselineMiB)}` : ""} MiB`,
        baselineMiB ? `${f2(ratio(big.peakRssMiB, baselineMiB))}×` : "",
        "≤ 150 MiB",
      ]],
    };
  } finally {
    await sim.stop();
  }
}
