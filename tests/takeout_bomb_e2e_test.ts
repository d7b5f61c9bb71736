import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { type RunJson, spawnCli } from "./support/cli.ts";
import { type BombFile, writeBombZip } from "../src/simulator/takeout/mod.ts";

const PART = "takeout-20261101T000000Z-001.zip";
const MiB = 2 ** 20;
/** A NAS with 1 GiB of RAM must survive: the whole import stays under this, bombs included. */
const RSS_LIMIT_KIB = 200 * 1024;
const HEAD = new TextEncoder().encode("\0\0\0\x18ftypmp42\0\0\0\0mp42isom");

async function workspace(...bombs: BombFile[]) {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-bomb-" });
  const config = join(dir, "config");
  await Deno.mkdir(config);
  const part = join(dir, PART);
  await writeBombZip(part, [], bombs);
  return {
    dest: join(dir, "library"),
    part,
    env: { GPHOTOS_NAS_CONFIG_DIR: config, TZ: "UTC" },
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The peak resident set (VmHWM, KiB) of a running process; 0 once it is gone. */
async function peakRss(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
}

/** Files under `dir` whose name ends in `.part`, with their sizes. */
async function tempFiles(dir: string): Promise<number[]> {
  const sizes: number[] = [];
  const walk = async (path: string) => {
    for await (const entry of Deno.readDir(path)) {
      const full = join(path, entry.name);
      if (entry.isDirectory) await walk(full);
      else if (entry.name.endsWith(".part")) sizes.push((await Deno.stat(full)).size);
    }
  };
  // The library folder appears only once the run has started; files come and go as it works.
  await walk(dir).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  return sizes;
}

/** Runs `import` to its end, sampling its peak RSS; asserts exit 0 and the 200 MiB limit. */
async function importWithinLimit(args: string[], env: Record<string, string>): Promise<RunJson> {
  const child = spawnCli(["import", ...args, "--json"], { env });
  const kill = setTimeout(() => child.kill("SIGKILL"), 120_000);
  let peak = 0;
  const sampling = (async () => {
    for (let rss = 1; rss > 0; await new Promise((r) => setTimeout(r, 20))) {
      rss = await peakRss(child.pid);
      peak = Math.max(peak, rss);
    }
  })();
  const output = await child.output();
  clearTimeout(kill);
  await sampling;
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  assert.ok(peak > 0, "the peak was sampled");
  assert.ok(peak <= RSS_LIMIT_KIB, `peak RSS ${Math.round(peak / 1024)} MiB (limit 200 MiB)`);
  return JSON.parse(new TextDecoder().decode(output.stdout)) as RunJson;
}

Deno.test("import: a 512 MiB video of zeros in a 0.5 MB zip lands with peak RSS under 200 MiB", async () => {
  const size = 512 * MiB;
  await using w = await workspace({ path: "Takeout/Google Photos/VID_BOMB.mp4", size, head: HEAD });
  assert.ok((await Deno.stat(w.part)).size < 1 * MiB, "a compression bomb: ~1,000:1");
  const summary = await importWithinLimit([w.part, "--dest", w.dest], w.env);
  assert.equal(summary.downloaded, 1);
  assert.equal(summary.bytes, size);

  const expected = createHash("sha256").update(HEAD);
  const zeros = new Uint8Array(MiB);
  for (let left = size - HEAD.length; left > 0; left -= zeros.length) {
    expected.update(zeros.subarray(0, Math.min(left, zeros.length)));
  }
  const actual = createHash("sha256");
  using file = await Deno.open(join(w.dest, "unknown-date", "VID_BOMB.mp4"));
  for await (const chunk of file.readable) actual.update(chunk);
  assert.equal(actual.digest("hex"), expected.digest("hex"), "the video landed byte for byte");
});

Deno.test("import: 16 bombs inflated at once (--concurrency 16) stay under 200 MiB", async () => {
  const size = 96 * MiB;
  // Each its own head: the same bytes twice would land once.
  const bombs = Array.from({ length: 16 }, (_, i) => ({
    path: `Takeout/Google Photos/VID_BOMB_${i}.mp4`,
    size,
    head: new Uint8Array([...HEAD, i]),
  }));
  await using w = await workspace(...bombs);
  const summary = await importWithinLimit(
    [w.part, "--dest", w.dest, "--concurrency", "16"],
    w.env,
  );
  assert.equal(summary.downloaded, 16);
  assert.equal(summary.bytes, 16 * size);
  for (const bomb of bombs) {
    const name = bomb.path.slice(bomb.path.lastIndexOf("/") + 1);
    assert.equal((await Deno.stat(join(w.dest, "unknown-date", name))).size, size, name);
  }
});

Deno.test("import: SIGTERM during a long inflate exits 143 within seconds, temp file removed", async () => {
  // 3.5 GiB of zeros, as a photo without a sidecar (its head is searched for an EXIF date): a
  // minute of inflating and writing, so the signal lands in the middle of it.
  const size = 3584 * MiB;
  await using w = await workspace({ path: "Takeout/Google Photos/IMG_LONG.jpg", size, head: HEAD });
  const child = spawnCli(["import", w.part, "--dest", w.dest], { env: w.env });
  const kill = setTimeout(() => child.kill("SIGKILL"), 120_000);
  let stderr = "";
  const reading = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) stderr += chunk;
  })();
  // Signal once the temp file holds bytes, or 2 s into reading the archive, whichever comes first.
  let since = 0;
  while (!(await tempFiles(w.dest)).some((bytes) => bytes > 0)) {
    if (!since && stderr.includes("reading takeout-")) since = Date.now();
    if (since && Date.now() - since > 2000) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGTERM");
  // The safety net: a run that ignores SIGTERM is killed after 20 s, and the test fails.
  const net = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const status = await child.status;
  await reading;
  clearTimeout(net);
  clearTimeout(kill);
  await child.stdout.cancel();
  assert.equal(status.code, 143, `${status.signal ?? ""} ${stderr}`);
  assert.deepEqual(await tempFiles(w.dest), [], "the temp file is removed");
  assert.match(stderr, /interrupted by SIGTERM/);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
});
