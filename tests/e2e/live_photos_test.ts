import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { removeIndex } from "../support/library.ts";
import { motionExport, sha256, sidecarJson, writeExport } from "../../src/simulator/takeout/mod.ts";
import type { FixtureFile } from "../../src/simulator/takeout/mod.ts";

const ZONE = "America/Los_Angeles";

interface StatusJson {
  motionPhotos: { live: number; embedded: number };
}

async function workspace() {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-live-" });
  const config = join(dir, "config");
  await Deno.mkdir(config);
  const env = { GPHOTOS_NAS_CONFIG_DIR: config, TZ: ZONE };
  const dest = join(dir, "library");
  const fixture = await motionExport(ZONE);
  let exports = 0;
  const write = (files: FixtureFile[]) =>
    writeExport(dir, `takeout-2026110${++exports}T000000Z`, files, { format: "zip", parts: 1 });
  return {
    dir,
    dest,
    env,
    config,
    fixture,
    write,
    import: async (args: string[] = [], files = fixture.files) =>
      await runCli(["import", ...await write(files), "--dest", dest, "--json", ...args], { env }),
    status: () => runCli(["status", "--dest", dest, "--json"], { env }),
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Every file under `root` (DEST-relative), the index's folder and sidecars left out. */
async function filesUnder(root: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(join(root, rel))) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.name === ".gphotos-nas" || entry.name.endsWith(".xmp")) continue;
    if (entry.isDirectory) out.push(...await filesUnder(root, path));
    else out.push(path);
  }
  return out.sort();
}

Deno.test("live photos: still and video land side by side under one stem and are recorded as pairs", async () => {
  await using w = await workspace();
  const result = await w.import();
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<RunJson>().downloaded, w.fixture.expected.length);
  const onDisk = await filesUnder(w.dest);
  for (const pair of w.fixture.pairs) {
    // The video has no sidecar of its own: it still lands in its still's day, by its name.
    assert.ok(onDisk.includes(`${pair.folder}/${pair.still}`), `${pair.still} in ${onDisk}`);
    assert.ok(onDisk.includes(`${pair.folder}/${pair.video}`), `${pair.video} in ${onDisk}`);
  }
  const status = await w.status();
  assert.equal(status.code, 0, status.stderr);
  assert.deepEqual(status.json<StatusJson>().motionPhotos, { live: 2, embedded: 2 });
  const text = await runCli(["status", "--dest", w.dest], { env: w.env });
  assert.match(
    text.stdout,
    /motion and live photos: 2 pair\(s\) of a still and its video, 2 photo\(s\) with the video inside/,
  );
  // A second run of the same export changes nothing and counts no pair twice.
  const again = await w.import();
  assert.equal(again.json<RunJson>().skipped, w.fixture.expected.length, again.stderr);
  assert.deepEqual((await w.status()).json<StatusJson>().motionPhotos, { live: 2, embedded: 2 });
  const verify = await runCli(["verify", "--dest", w.dest], { env: w.env });
  assert.equal(verify.code, 0, verify.stderr);
});

Deno.test("live photos: motion photos with the video inside are detected and kept byte for byte", async () => {
  await using w = await workspace();
  const result = await w.import();
  assert.equal(result.code, 0, result.stderr);
  for (const { name, folder } of w.fixture.embedded) {
    const expected = w.fixture.expected.find((e) => e.name === name)!;
    const bytes = await Deno.readFile(join(w.dest, folder, name));
    assert.equal(sha256(bytes), expected.sha256, `${name}: the original, video and all`);
  }
  // The lone photo and video of the export pair with nothing: two motion photos, no third.
  assert.equal((await w.status()).json<StatusJson>().motionPhotos.embedded, 2);
});

Deno.test("live photos: --live-photos still-only stores no video halves and says so", async () => {
  await using w = await workspace();
  const parts = await w.write(w.fixture.files);
  const result = await runCli(
    [
      "import",
      ...parts,
      "--dest",
      w.dest,
      "--json",
      "--live-photos",
      "still-only",
      "--delete-after",
    ],
    { env: w.env },
  );
  assert.equal(result.code, 0, result.stderr);
  // The part still holds the videos the library lacks: --delete-after keeps it.
  for (const part of parts) assert.ok((await Deno.stat(part)).isFile, part);
  assert.match(
    result.stderr,
    /kept takeout-\S+ \(--delete-after\): 2 media file\(s\) not in the library/,
  );
  const json = result.json<RunJson & { liveVideosLeftOut: number }>();
  assert.equal(json.liveVideosLeftOut, 2);
  assert.equal(json.failed, 0);
  assert.equal(json.downloaded, w.fixture.expected.length - 2);
  assert.match(result.stderr, /2 live-photo video\(s\) left out \(--live-photos still-only\)/);
  const onDisk = await filesUnder(w.dest);
  for (const pair of w.fixture.pairs) {
    assert.ok(onDisk.includes(`${pair.folder}/${pair.still}`), pair.still);
    assert.ok(!onDisk.some((p) => p.endsWith(`/${pair.video}`)), `${pair.video} left out`);
  }
  // Embedded motion photos stay whole, and a video that is no live photo is stored.
  for (const { name, folder } of w.fixture.embedded) {
    const expected = w.fixture.expected.find((e) => e.name === name)!;
    assert.equal(sha256(await Deno.readFile(join(w.dest, folder, name))), expected.sha256);
  }
  assert.ok(onDisk.some((p) => p.endsWith("/VID_5679.mp4")));
  assert.deepEqual((await w.status()).json<StatusJson>().motionPhotos, { live: 0, embedded: 2 });
});

Deno.test("live photos: still-only from config.json, also for videos whose still came in an earlier export", async () => {
  await using w = await workspace();
  const isVideo = (f: FixtureFile) => /\.(MOV|MP)$/.test(f.path);
  const stills = await w.import([], w.fixture.files.filter((f) => !isVideo(f)));
  assert.equal(stills.code, 0, stills.stderr);
  await Deno.writeTextFile(join(w.config, "config.json"), '{"livePhotos": "still-only"}');
  // The videos come alone in a later export, each with a sidecar of its own: the stills already
  // in the library make them halves.
  const videos = w.fixture.files.filter(isVideo);
  for (const { video, taken } of w.fixture.pairs) {
    const folder = videos[0].path.slice(0, videos[0].path.lastIndexOf("/"));
    videos.push({ path: `${folder}/${video}.json`, bytes: sidecarJson(video, taken) });
  }
  const later = await w.import([], videos);
  assert.equal(later.code, 0, later.stderr);
  assert.equal(later.json<{ liveVideosLeftOut: number }>().liveVideosLeftOut, 2);
  assert.ok(!(await filesUnder(w.dest)).some((p) => /\.(MOV|MP)$/.test(p)));

  await Deno.writeTextFile(join(w.config, "config.json"), '{"livePhotos": "video-only"}');
  const bad = await w.import();
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"livePhotos" must be "keep" or "still-only"/);
});

Deno.test("live photos: an index rebuilt from the disk knows the pairs again", async () => {
  await using w = await workspace();
  assert.equal((await w.import()).code, 0);
  await removeIndex(w.dest);
  const rebuild = await runCli(["index", "rebuild", "--dest", w.dest], { env: w.env });
  assert.equal(rebuild.code, 0, rebuild.stderr);
  assert.deepEqual((await w.status()).json<StatusJson>().motionPhotos, { live: 2, embedded: 2 });
});
