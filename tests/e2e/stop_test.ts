import assert from "node:assert/strict";
import { join } from "node:path";
import { photoBytesSync } from "../../src/simulator/media.ts";
import { type FixtureFile, writeExport } from "../../src/simulator/takeout/mod.ts";
import { spawnCli } from "../support/cli.ts";
import { importWorkspace } from "../support/workspace.ts";
import { canMountTmpfs, mountTmpfs } from "../support/tmpfs.ts";

const canMount = await canMountTmpfs();
if (!canMount) {
  console.log("tmpfs cannot be mounted here (not root?): the disk-full stop is ignored");
}

/** `count` photos with their sidecars, one day apart, as a Takeout export's files. */
function manyPhotos(count: number, size: number): FixtureFile[] {
  const files: FixtureFile[] = [];
  for (let i = 0; i < count; i++) {
    const name = `IMG_STOP_${String(i).padStart(4, "0")}.jpg`;
    const folder = "Takeout/Google Photos/Photos from 2021";
    files.push({ path: `${folder}/${name}`, bytes: photoBytesSync(`stop:${i}`, size) }, {
      path: `${folder}/${name}.supplemental-metadata.json`,
      bytes: new TextEncoder().encode(JSON.stringify({
        title: name,
        photoTakenTime: { timestamp: String(1_610_000_000 + i * 86_400) },
      })),
    });
  }
  return files;
}

/** Files under `dir` whose names match `pattern` (none while `dir` does not exist yet). */
async function filesMatching(dir: string, pattern: RegExp): Promise<string[]> {
  const found: string[] = [];
  const walk = async (path: string) => {
    for await (const entry of Deno.readDir(path)) {
      const full = join(path, entry.name);
      if (entry.isDirectory) await walk(full);
      else if (pattern.test(entry.name)) found.push(full);
    }
  };
  await walk(dir).catch((error) => {
    // Files come and go while the run works.
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  return found;
}

/**
 * Runs `args` and, once `ready()` holds, sends `signal` (if any); returns the exit code and stderr.
 * The safety net: a run still alive 20 s after that is killed (exit 137), and the test fails.
 */
async function stopped(
  args: string[],
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  signal?: Deno.Signal,
) {
  const child = spawnCli(args, { env });
  let stderr = "";
  const reading = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) stderr += chunk;
  })();
  const give = setTimeout(() => child.kill("SIGKILL"), 120_000);
  while (!(await ready())) await new Promise((r) => setTimeout(r, 20));
  if (signal) child.kill(signal);
  const net = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const status = await child.status;
  clearTimeout(net);
  clearTimeout(give);
  await reading;
  await child.stdout.cancel();
  return { code: status.code, signal: status.signal, stderr };
}

const placed = (dest: string) => async () =>
  (await filesMatching(dest, /^IMG_STOP_.*\.jpg$/)).length >= 8;

/** Writes `files` as an extracted export under `dir`; returns its `Takeout` folder. */
async function extracted(dir: string, files: FixtureFile[]): Promise<string> {
  for (const file of files) {
    const path = join(dir, file.path);
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(path, file.bytes);
  }
  return join(dir, "Takeout");
}

for (const mode of ["zip", "inbox", "tgz", "folder"] as const) {
  Deno.test(`import (${mode}): SIGTERM amid an export of 600 files (3 parts where split) exits 143 within seconds, temp files removed`, async () => {
    await using w = await importWorkspace("stop", "UTC");
    const inbox = join(w.dir, "inbox");
    await Deno.mkdir(inbox);
    const files = manyPhotos(600, 6000);
    const source = mode === "folder"
      ? [await extracted(join(w.dir, "extracted"), files)]
      : await writeExport(inbox, "takeout-20260101T000000Z", files, {
        format: mode === "tgz" ? "tgz" : "zip",
        parts: 3,
      });
    if (mode === "inbox") {
      source.splice(0, source.length, "--inbox", inbox, "--settle-seconds", "0");
    }
    const run = await stopped(
      ["import", ...source, "--dest", w.dest, "--concurrency", "4"],
      w.env,
      placed(w.dest),
      "SIGTERM",
    );
    assert.equal(run.code, 143, `${run.signal ?? ""} ${run.stderr}`);
    assert.match(run.stderr, /interrupted by SIGTERM/);
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
    assert.deepEqual(await filesMatching(w.dest, /\.part$/), [], "temp files are removed");
  });
}

Deno.test({
  name:
    "import: a disk that fills amid a 3-part export of many files stops with the disk-full line",
  ignore: !canMount,
  async fn() {
    await using disk = await mountTmpfs("2m");
    await using w = await importWorkspace("stop-full", "UTC");
    const parts = await writeExport(w.dir, "takeout-20260101T000000Z", manyPhotos(400, 20000), {
      format: "zip",
      parts: 3,
    });
    const dest = join(disk.path, "photos");
    const run = await stopped(
      ["import", ...parts, "--dest", dest, "--concurrency", "4"],
      w.env,
      () => Promise.resolve(true),
    );
    assert.equal(run.code, 1, `${run.signal ?? ""} ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`error: Cannot write to ${dest}: the disk is full`));
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
    assert.deepEqual(await filesMatching(dest, /\.part$/), [], "temp files are removed");
  },
});
