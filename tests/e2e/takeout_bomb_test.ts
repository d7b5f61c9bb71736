import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { type RunJson, spawnCli } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import {
  type BombFile,
  type FixtureFile,
  sidecarJson,
  writeBombTgz,
  writeBombZip,
} from "../../src/simulator/takeout/mod.ts";
import { photoBytesSync } from "../../src/simulator/media.ts";

const MiB = 2 ** 20;
/** A NAS with 1 GiB of RAM must survive: the whole import stays under this, bombs included. */
const RSS_LIMIT_KIB = 200 * 1024;
const HEAD = new TextEncoder().encode("\0\0\0\x18ftypmp42\0\0\0\0mp42isom");
const FORMATS = ["zip", "tgz"] as const;

async function workspace(format: "zip" | "tgz", bombs: BombFile[], files: FixtureFile[] = []) {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-bomb-" });
  const config = join(dir, "config");
  await Deno.mkdir(config);
  const name = `takeout-20261101T000000Z-001.${format}`;
  const part = join(dir, name);
  await (format === "zip" ? writeBombZip : writeBombTgz)(part, files, bombs);
  return {
    name,
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

/** Imports `part` with `--json`, sampling the child's peak RSS (KiB) until it ends. */
async function sampledImport(w: Awaited<ReturnType<typeof workspace>>, extra: string[] = []) {
  const child = spawnCli(["import", w.part, "--dest", w.dest, "--json", ...extra], { env: w.env });
  const kill = setTimeout(() => child.kill("SIGKILL"), 180_000);
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
  assert.ok(peak > 0, "the peak was sampled");
  assert.ok(peak <= RSS_LIMIT_KIB, `peak RSS ${Math.round(peak / 1024)} MiB (limit 200 MiB)`);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
  const summary = JSON.parse(new TextDecoder().decode(output.stdout)) as RunJson;
  return { code: output.code, stderr, summary };
}

/** Asserts that `path` holds HEAD and then zeros, `size` bytes in all. */
async function assertZeroVideo(path: string, size: number) {
  const expected = createHash("sha256").update(HEAD);
  const zeros = new Uint8Array(MiB);
  for (let left = size - HEAD.length; left > 0; left -= zeros.length) {
    expected.update(zeros.subarray(0, Math.min(left, zeros.length)));
  }
  const actual = createHash("sha256");
  using file = await Deno.open(path);
  for await (const chunk of file.readable) actual.update(chunk);
  assert.equal(actual.digest("hex"), expected.digest("hex"), "the video landed byte for byte");
}

Deno.test("import: a 512 MiB video of zeros in a 0.5 MB zip lands with peak RSS under 200 MiB", async () => {
  const size = 512 * MiB;
  const video = { path: "Takeout/Google Photos/VID_BOMB.mp4", size, head: HEAD };
  await using w = await workspace("zip", [video]);
  assert.ok((await Deno.stat(w.part)).size < 1 * MiB, "a compression bomb: ~1,000:1");
  const { code, stderr, summary } = await sampledImport(w);
  assert.equal(code, 0, stderr);
  assert.equal(summary.downloaded, 1);
  assert.equal(summary.bytes, size);
  await assertZeroVideo(join(w.dest, "unknown-date", "VID_BOMB.mp4"), size);
});

Deno.test("import: a 1 MB tgz with a 512 MiB video and a 512 MiB sidecar stays under 200 MiB", async () => {
  const year = "Takeout/Google Photos/Photos from 2021";
  const sidecar = `${year}/IMG_B.jpg.supplemental-metadata.json`;
  const encode = (text: string) => new TextEncoder().encode(text);
  const files: FixtureFile[] = [
    { path: `${year}/IMG_A.jpg`, bytes: photoBytesSync("tgz-bomb:A", 40_000) },
    {
      path: `${year}/IMG_A.jpg.supplemental-metadata.json`,
      bytes: sidecarJson("IMG_A.jpg", new Date(Date.UTC(2021, 5, 10, 12))),
    },
    { path: `${year}/IMG_B.jpg`, bytes: photoBytesSync("tgz-bomb:B", 40_000) },
  ];
  const size = 512 * MiB;
  await using w = await workspace("tgz", [
    { path: sidecar, size, head: encode('{"title":"IMG_B.jpg","x":"'), tail: encode('"}') },
    { path: `${year}/VID_BOMB.mp4`, size, head: HEAD },
  ], files);
  assert.ok((await Deno.stat(w.part)).size < 2 * MiB, "a compression bomb: ~1,000:1");
  const { code, stderr, summary } = await sampledImport(w);
  assert.equal(code, 1, stderr);
  assert.equal(summary.downloaded, 3, "both photos and the video land");
  const failed = summary.failures.filter((f) => f.name === "IMG_B.jpg.supplemental-metadata.json");
  assert.equal(failed.length, 1, JSON.stringify(summary.failures));
  assert.ok(
    failed[0].reason.startsWith(`Cannot read ${sidecar} from ${w.name}: `),
    failed[0].reason,
  );
  const named = stderr.split("\n").filter((line) =>
    line.includes("failed: IMG_B.jpg.supplemental")
  );
  assert.equal(named.length, 1, stderr);
  const landed = (await libraryFiles(w.dest)).map((f) => f.path).sort();
  assert.deepEqual(landed, [
    "2021/2021-06-10/IMG_A.jpg",
    "unknown-date/IMG_B.jpg",
    "unknown-date/VID_BOMB.mp4",
  ]);
  await assertZeroVideo(join(w.dest, "unknown-date", "VID_BOMB.mp4"), size);
});

for (const format of FORMATS) {
  Deno.test(`import: SIGTERM during a long inflate (${format}) exits 143 within seconds, temp file removed`, async () => {
    // 3.5 GiB of zeros, as a photo without a sidecar (its head is searched for an EXIF date): a
    // minute of inflating and writing, so the signal lands in the middle of it. A tgz is read
    // twice and the signal lands in the first pass, which only skips the photo (faster): 7 GiB
    // there, so that a walk that went on to its end would outlast the 5 s net.
    const size = (format === "tgz" ? 7168 : 3584) * MiB;
    await using w = await workspace(format, [{
      path: "Takeout/Google Photos/IMG_LONG.jpg",
      size,
      head: HEAD,
    }]);
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
    // The safety net: a run that ignores SIGTERM is killed after 5 s, and the test fails. It
    // stops in tens of milliseconds; a writing loop that never gave the event loop a turn
    // answered only once the entry was inflated, 10–13 s later.
    const net = setTimeout(() => child.kill("SIGKILL"), 5_000);
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
}

Deno.test("import: 16 bombs inflated at once (--concurrency 16) stay under 200 MiB", async () => {
  const size = 96 * MiB;
  // Each its own head: the same bytes twice would land once.
  const bombs = Array.from({ length: 16 }, (_, i) => ({
    path: `Takeout/Google Photos/VID_BOMB_${i}.mp4`,
    size,
    head: new Uint8Array([...HEAD, i]),
  }));
  await using w = await workspace("zip", bombs);
  const { code, stderr, summary } = await sampledImport(w, ["--concurrency", "16"]);
  assert.equal(code, 0, stderr);
  assert.equal(summary.downloaded, 16);
  assert.equal(summary.bytes, 16 * size);
  for (const bomb of bombs) {
    const name = bomb.path.slice(bomb.path.lastIndexOf("/") + 1);
    assert.equal((await Deno.stat(join(w.dest, "unknown-date", name))).size, size, name);
  }
});
