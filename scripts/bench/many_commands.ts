/**
 * The many-files section's other commands (issue 22: memory flat in the number of files, for every
 * command), run on a library of the section's small files so that the large library's peaks can be
 * compared with the small one's: the web console's first page and its overview API, a pick and a
 * backup of 2,000 items (a Picker session's most; fewer in the quick run) into that library, `gc` of a superseded copy of
 * every file, and first imports of the same export as `.tgz` parts and as an extracted folder.
 *
 * @module
 */
import { join } from "node:path";
import { supersedeEveryFile } from "../../tests/support/superseded.ts";
import { login } from "../../tests/support/web.ts";
import { cli, log, measure, RUN, type Sim, startSim } from "./support.ts";

/** Time and peak RSS of one command. */
export interface Peak {
  seconds: number;
  peakRssMiB: number;
}

/** The peaks of the commands run on one library. */
export interface CommandPeaks {
  serve: Peak;
  pick: Peak;
  backup: Peak;
  gc: Peak & { removed: number };
}

const peakOf = (run: Peak): Peak => ({ seconds: run.seconds, peakRssMiB: run.peakRssMiB });

/** Peak RSS (VmHWM, KiB) of process `pid`, 0 once it is gone. */
async function hwm(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
}

/**
 * `serve` on the library, its first page (`/`) and the API the console loads (`/api/overview`,
 * `/api/job`) fetched with its token; the server's peak RSS once they are answered.
 */
async function serveOverview(dest: string, configDir: string): Promise<Peak> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...RUN, "serve", "--dest", dest, "--listen", "127.0.0.1:0"],
    env: { GPHOTOS_NAS_CONFIG_DIR: configDir, TZ: "UTC" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let peak = 0;
  const timer = setInterval(async () => peak = Math.max(peak, await hwm(child.pid)), 20);
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let said = "";
    let port: string | undefined;
    while (!port) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`serve stopped: ${said.slice(-500)}`);
      said += value;
      port = /web console on http:\/\/127\.0\.0\.1:(\d+)\//.exec(said)?.[1];
    }
    const token = (await Deno.readTextFile(join(configDir, "web-token"))).trim();
    const started = performance.now();
    // As a browser comes: the token once for a session cookie, then the page and its API.
    const cookie = await login(`http://127.0.0.1:${port}`, token);
    for (const path of ["/", "/api/overview", "/api/job"]) {
      const answer = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie } });
      if (!answer.ok) throw new Error(`serve answered ${path} with ${answer.status}`);
      await answer.arrayBuffer();
    }
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, await hwm(child.pid));
    return { seconds, peakRssMiB: peak / 1024 };
  } finally {
    clearInterval(timer);
    child.kill("SIGTERM");
    await reader.cancel().catch(() => {});
    await child.status;
  }
}

/** A pick or a backup of `items` small items into the library, from its own simulator. */
async function fromGoogle(
  work: string,
  dest: string,
  command: "pick" | "backup",
  items: number,
  seed: number,
) {
  let sim: Sim | undefined;
  try {
    sim = await startSim(work, [
      "--items",
      String(items),
      "--seed",
      String(seed),
      "--photo-size",
      "2000,3000",
      "--video-size",
      "3000,4000",
    ]);
    const args = command === "pick" ? ["pick", "--no-qr"] : ["backup"];
    const run = await cli(sim, [...args, "--dest", dest]);
    if (run.code !== 0) throw new Error(`${command} exited ${run.code}`);
    return peakOf(run);
  } finally {
    await sim?.stop();
  }
}

/**
 * The console, a pick and a backup of `picked` items each (2,000 is Google's cap on a picking
 * session) and `gc` on the library at `dest` (its config folder `configDir`); the pick and the
 * backup add their files to it.
 */
export async function commandPeaks(
  work: string,
  dest: string,
  configDir: string,
  picked: number,
): Promise<CommandPeaks> {
  const serve = await serveOverview(dest, configDir);
  const pick = await fromGoogle(work, dest, "pick", picked, 5);
  const backup = await fromGoogle(work, dest, "backup", picked, 6);
  const removed = await supersedeEveryFile(dest);
  const gc = await measure(Deno.execPath(), [
    ...RUN,
    "gc",
    "--superseded",
    "--dest",
    dest,
    "--quiet",
  ], { GPHOTOS_NAS_CONFIG_DIR: configDir, TZ: "UTC" });
  if (gc.code !== 0) throw new Error(`gc exited ${gc.code}`);
  log(`many: gc of ${removed} superseded copies ${gc.seconds.toFixed(1)} s`);
  return { serve, pick, backup, gc: { ...peakOf(gc), removed } };
}

/** The first imports of one export as `.tgz` parts and as an extracted folder. */
export interface FormPeaks {
  tgz: Peak;
  folder: Peak;
}

/** A first import of `inputs` into a fresh library under `dir`, which is then removed. */
async function firstImport(dir: string, inputs: string[]): Promise<Peak> {
  const dest = join(dir, "lib");
  const configDir = await Deno.makeTempDir({ dir });
  const run = await measure(
    Deno.execPath(),
    [...RUN, "import", ...inputs, "--dest", dest, "--quiet"],
    { GPHOTOS_NAS_CONFIG_DIR: configDir, TZ: "UTC" },
  );
  if (run.code !== 0) throw new Error(`import of ${inputs[0]} exited ${run.code}`);
  await Deno.remove(dest, { recursive: true });
  await Deno.remove(configDir, { recursive: true });
  return peakOf(run);
}

async function unzip(part: string, to: string): Promise<void> {
  if ((await measure("unzip", ["-q", "-o", part, "-d", to])).code !== 0) {
    throw new Error(`cannot unzip ${part}`);
  }
}

/**
 * Imports the export of the zip `parts` again as one extracted folder (every part unzipped into
 * it, as a NAS owner does) and as `.tgz` parts (each part extracted and packed with `tar czf`),
 * each into a fresh library that is then removed, one form on disk at a time; the zip parts are
 * left as they were.
 */
export async function formImports(dir: string, parts: string[]): Promise<FormPeaks> {
  const forms = await Deno.makeTempDir({ dir, prefix: "forms-" });
  try {
    const extracted = join(forms, "extracted");
    for (const part of parts) await unzip(part, extracted);
    const folder = await firstImport(forms, [extracted]);
    await Deno.remove(extracted, { recursive: true });
    const tgz: string[] = [];
    for (const part of parts) {
      const name = part.slice(part.lastIndexOf("/") + 1).replace(/\.zip$/, "");
      const one = join(forms, name);
      await unzip(part, one);
      tgz.push(join(forms, `${name}.tgz`));
      const tar = await measure("tar", ["czf", tgz.at(-1)!, "-C", one, "Takeout"]);
      if (tar.code !== 0) throw new Error(`cannot pack ${name}.tgz`);
      await Deno.remove(one, { recursive: true });
    }
    return { tgz: await firstImport(forms, tgz), folder };
  } finally {
    await Deno.remove(forms, { recursive: true });
  }
}
