import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import {
  dayFolder,
  expectedByHash,
  isReady,
  libraryFiles,
  testLibrary,
} from "../support/library.ts";

function setup(itemCount = 60) {
  return testLibrary({ itemCount, seed: 3 });
}

Deno.test("backup: a full backup puts every ready item, byte-identical, in its day folder", async () => {
  await using t = await setup();
  const result = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  const summary = result.json<RunJson>();
  const ready = t.sim.items.filter(isReady);
  assert.equal(summary.listed, t.sim.items.length);
  assert.equal(summary.downloaded, ready.length);
  assert.equal(summary.pending, t.sim.items.length - ready.length);
  assert.ok(summary.pending >= 1, "the simulated library has a video still processing");
  assert.equal(summary.failed, 0);

  const expected = await expectedByHash(t.sim, t.sim.items);
  const files = await libraryFiles(t.dest);
  assert.equal(files.length, ready.length);
  assert.equal(summary.bytes, files.reduce((n, f) => n + f.size, 0));
  for (const file of files) {
    const item = expected.get(file.sha256);
    assert.ok(item, `${file.path} is not byte-identical to any served item`);
    assert.equal(file.path.slice(0, file.path.lastIndexOf("/")), dayFolder(item));
    const mtime = (await Deno.stat(join(t.dest, file.path))).mtime!;
    assert.equal(mtime.getTime(), Date.parse(item.creationTime!));
  }
  assert.match(result.stderr, /backup: \d+ listed, \d+ downloaded/);
  assert.match(result.stderr, /still being processed/);
});

Deno.test("backup: a second run downloads nothing, and a deleted file comes back under its name", async () => {
  await using t = await setup(30);
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const before = await libraryFiles(t.dest);

  const second = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.json<RunJson>().downloaded, 0);
  assert.equal(second.json<RunJson>().skipped, before.length);

  await Deno.remove(join(t.dest, before[3].path));
  const third = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(third.json<RunJson>().downloaded, 1);
  assert.deepEqual(await libraryFiles(t.dest), before);
});

Deno.test("backup: --from/--to keep exactly the items of those local days, edges included", async () => {
  await using t = await setup(120);
  const zone = "Pacific/Auckland";
  const days = [...new Set(t.sim.items.filter(isReady).map((i) => dayFolder(i, zone).slice(5)))]
    .sort();
  const from = days[Math.floor(days.length / 3)];
  const to = days[Math.floor((2 * days.length) / 3)];
  const wanted = t.sim.items.filter((i) => {
    const day = dayFolder(i, zone).slice(5);
    return day >= from && day <= to;
  });
  const result = await runCli(
    ["backup", "--dest", t.dest, "--from", from, "--to", to, "--timezone", zone, "--json"],
    { env: t.env },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<RunJson>().listed, wanted.length);
  const files = await libraryFiles(t.dest);
  assert.equal(files.length, wanted.filter(isReady).length);
  const folders = new Set(files.map((f) => f.path.split("/")[1]));
  assert.ok(folders.has(from), `the first day ${from} is included`);
  assert.ok(folders.has(to), `the last day ${to} is included`);
  for (const folder of folders) assert.ok(folder >= from && folder <= to, folder);
});

Deno.test("backup: --media photo and --media video fetch only that type", async () => {
  await using t = await setup(80);
  const photos = await runCli(["backup", "--dest", t.dest, "--media", "photo", "--json"], {
    env: t.env,
  });
  assert.equal(photos.json<RunJson>().listed, t.sim.items.filter((i) => i.kind === "photo").length);
  const photoFiles = await libraryFiles(t.dest);
  assert.ok(photoFiles.every((f) => !/\.(mp4|mov)$/i.test(f.path)));
  const videos = await runCli(["backup", "--dest", t.dest, "--media", "video", "--json"], {
    env: t.env,
  });
  const videoItems = t.sim.items.filter((i) => i.kind === "video");
  assert.equal(videos.json<RunJson>().listed, videoItems.length);
  assert.equal(videos.json<RunJson>().downloaded, videoItems.filter(isReady).length);
  assert.equal(videos.json<RunJson>().skipped, 0);
});

Deno.test("backup: --dry-run counts what it would fetch and writes nothing", async () => {
  await using t = await setup(20);
  const result = await runCli(["backup", "--dest", t.dest, "--dry-run", "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  const summary = result.json<RunJson & { wouldDownload: number; apiRequests: number }>();
  assert.equal(summary.downloaded, 0);
  assert.equal(summary.wouldDownload, t.sim.items.filter(isReady).length);
  assert.ok(summary.apiRequests >= 1);
  assert.deepEqual([...Deno.readDirSync(t.dest)], []);
  assert.match(result.stderr, /dry run: would download \d+ item/);
});

Deno.test("backup: bad input gets one clear line and exit 2; no token gets exit 3", async () => {
  await using t = await setup(5);
  const cases: [string[], RegExp][] = [
    [
      ["backup", "--dest", t.dest, "--from", "2024-13-01"],
      /--from: "2024-13-01" is not a valid date/,
    ],
    [["backup", "--dest", t.dest, "--from", "2024-05-02", "--to", "2024-05-01"], /--from .* after/],
    [["backup"], /--dest is missing/],
    [["backup", "--dest", t.dest, "--bogus"], /unknown flag.*--bogus/i],
    [["backup", "--dest", t.dest, "--media", "gifs"], /--media: "gifs" is not one of/],
    [["backup", "--dest", t.dest, "--timezone", "Mars/Olympus"], /Mars\/Olympus/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(args, { env: t.env });
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  }
  const empty = await Deno.makeTempDir();
  const noToken = await runCli(["backup", "--dest", t.dest], {
    env: { ...t.env, GPHOTOS_NAS_CONFIG_DIR: empty },
  });
  await Deno.remove(empty, { recursive: true });
  assert.equal(noToken.code, 3, noToken.stderr);
  assert.match(noToken.stderr, /gphotos-nas auth/);
});
