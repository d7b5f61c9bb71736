/**
 * The simulator on its own: `deno task simulator [--items N] [--seed N] [--latency-ms N|MIN,MAX]
 * [--bandwidth BYTES_PER_SEC] [--photo-size MIN,MAX] [--video-size MIN,MAX]
 * [--client-secret-out FILE] [--token-out FILE] [--single-video BYTES]`. Prints one JSON line with the origins and runs
 * until SIGINT or SIGTERM. The benchmark runs it as a separate process.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startSimulator } from "./mod.ts";

function pair(text: string | undefined): [number, number] | undefined {
  if (!text) return undefined;
  const [a, b] = text.split(",").map(Number);
  return [a, b ?? a];
}

const { values } = parseArgs({
  args: Deno.args,
  options: {
    items: { type: "string" },
    seed: { type: "string" },
    "latency-ms": { type: "string" },
    bandwidth: { type: "string" },
    "photo-size": { type: "string" },
    "video-size": { type: "string" },
    "client-secret-out": { type: "string" },
    "token-out": { type: "string" },
    "single-video": { type: "string" },
  },
  strict: true,
});

const singleVideo = values["single-video"] ? Number(values["single-video"]) : undefined;
const sim = await startSimulator({
  items: singleVideo
    ? [{ filename: "VID_LONG_RECORDING.mp4", kind: "video", size: singleVideo }]
    : undefined,
  itemCount: values.items ? Number(values.items) : undefined,
  seed: values.seed ? Number(values.seed) : undefined,
  latencyMs: pair(values["latency-ms"]),
  bandwidthBytesPerSec: values.bandwidth ? Number(values.bandwidth) : undefined,
  photoSize: pair(values["photo-size"]),
  videoSize: pair(values["video-size"]),
});
if (values["client-secret-out"]) await sim.writeClientSecret(values["client-secret-out"]);
if (values["token-out"]) {
  await Deno.writeTextFile(
    values["token-out"],
    JSON.stringify({ refresh_token: sim.issueRefreshToken() }),
    { mode: 0o600 },
  );
}
console.log(JSON.stringify({
  libraryOrigin: sim.libraryOrigin,
  pickerOrigin: sim.pickerOrigin,
  oauthOrigin: sim.oauthOrigin,
  mediaRedirectOrigin: sim.mediaRedirectOrigin,
  items: sim.items.length,
}));
const stop = async () => {
  await sim.close();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
