/**
 * What every bench section uses: the simulator as its own process, a measured child process (time
 * and peak RSS), the CLI run as the compiled binary would run, and number formats.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { V8_FLAGS } from "../compile.ts";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** A mebibyte. */
export const MB = 1024 * 1024;
/** Progress lines on stderr. */
export const log = (line: string): void => console.error(`bench: ${line}`);
/** `a / b`, 0 when `b` is 0. */
export const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
/** One decimal. */
export const f1 = (n: number): string => n.toFixed(1);
/** Two decimals. */
export const f2 = (n: number): string => n.toFixed(2);

/** A home link's shape, which every simulator the bench starts has unless a row says otherwise. */
export interface Shape {
  /** Delay of each API answer, ms: drawn per answer from this range. */
  latencyMs: [number, number];
  /** Per-connection media bandwidth cap, bytes/s. */
  bandwidth: number;
}

/** The simulator arguments for `shape`. */
export function shapeArgs(shape: Shape): string[] {
  return ["--latency-ms", shape.latencyMs.join(","), "--bandwidth", String(shape.bandwidth)];
}

/** `40–100 ms/call, 8 MiB/s per connection`, for row names and docs/PERFORMANCE.md. */
export function describeShape(shape: Shape): string {
  const [low, high] = shape.latencyMs;
  const latency = low === high ? `${low}` : `${low}–${high}`;
  return `${latency} ms per API call, ${f1(shape.bandwidth / MB)} MiB/s per media connection`;
}

/** One row of the table: measurement, result, ratio to its baseline, target. */
export type Row = [string, string, string, string];

/** What a bench section hands back: its figures for results.json and its rows. */
export interface Section<T = unknown> {
  result: T;
  rows: Row[];
}

/** A simulator process started by the bench. */
export interface Sim {
  libraryOrigin: string;
  pickerOrigin: string;
  configDir: string;
  process: Deno.ChildProcess;
  stop(): Promise<void>;
}

/** Starts the simulator as a separate process with its client file and a refresh token. */
export async function startSim(work: string, args: string[]): Promise<Sim> {
  const configDir = await Deno.makeTempDir({ dir: work, prefix: "config-" });
  const process = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      join(ROOT, "src/simulator/main.ts"),
      "--client-secret-out",
      join(configDir, "client_secret.json"),
      "--token-out",
      join(configDir, "token.json"),
      ...args,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let line = "";
  while (!line.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the simulator did not start");
    line += value;
  }
  reader.releaseLock();
  const info = JSON.parse(line);
  return {
    libraryOrigin: info.libraryOrigin,
    pickerOrigin: info.pickerOrigin,
    configDir,
    process,
    async stop() {
      process.kill("SIGTERM");
      await process.stdout.cancel().catch(() => {});
      await process.status;
    },
  };
}

/** Runs a command, timing it and sampling the peak RSS (VmHWM) of the process. */
export async function measure(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ seconds: number; peakRssMiB: number; stdout: string; code: number }> {
  const started = performance.now();
  const child = new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).spawn();
  let peak = 0;
  const sample = async () => {
    const status = await Deno.readTextFile(`/proc/${child.pid}/status`).catch(() => "");
    const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    if (hwm > peak) peak = hwm;
  };
  const timer = setInterval(sample, 20);
  const [status, stdout, stderr] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  clearInterval(timer);
  if (!status.success) {
    log(`${cmd} ${args.slice(0, 4).join(" ")} exited ${status.code}: ${stderr.slice(-500)}`);
  }
  return {
    seconds: (performance.now() - started) / 1000,
    peakRssMiB: peak / 1024,
    stdout,
    code: status.code,
  };
}

/** `deno run` with the V8 flags the compiled binary carries, so the figures are the shipped ones. */
export const RUN = ["run", "-A", `--v8-flags=${V8_FLAGS.join(",")}`, join(ROOT, "src/main.ts")];

/** Runs the CLI against `sim`, measured. */
export function cli(sim: Sim, args: string[], extraEnv: Record<string, string> = {}) {
  return measure(Deno.execPath(), [...RUN, ...args, "--quiet"], {
    GPHOTOS_NAS_CONFIG_DIR: sim.configDir,
    GPHOTOS_NAS_LIBRARY_API: sim.libraryOrigin,
    GPHOTOS_NAS_PICKER_API: sim.pickerOrigin,
    TZ: "UTC",
    ...extraEnv,
  });
}
