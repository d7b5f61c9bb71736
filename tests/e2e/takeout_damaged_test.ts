import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { runCli, type RunJson, spawnCli } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import {
  damageZipEntry,
  type FixtureFile,
  sha256,
  sidecarJson,
  writeBombZip,
  writeZip,
  type ZipDamage,
} from "../../src/simulator/takeout/mod.ts";
import { photoBytesSync } from "../../src/simulator/media.ts";

const YEAR = "Takeout/Google Photos/Photos from 2021";
const PART = "takeout-20261101T000000Z-001.zip";
const NAMES = ["IMG_A.jpg", "IMG_B.jpg", "IMG_C.jpg"];
const DAMAGED = `${YEAR}/IMG_B.jpg`;

/** Three dated photos with sidecars, in one zip part, in a fresh workspace. */
async function workspace() {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-damaged-" });
  const config = join(dir, "config");
  await Deno.mkdir(config);
  const files: FixtureFile[] = [];
  NAMES.forEach((name, i) => {
    files.push({ path: `${YEAR}/${name}`, bytes: photoBytesSync(`damaged:${name}`, 40_000) });
    const taken = new Date(Date.UTC(2021, 5, 10 + i, 12));
    files.push({
      path: `${YEAR}/${name}.supplemental-metadata.json`,
      bytes: sidecarJson(name, taken),
    });
  });
  return {
    dir,
    dest: join(dir, "library"),
    part: join(dir, PART),
    files,
    env: { GPHOTOS_NAS_CONFIG_DIR: config, TZ: "UTC" },
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
    },
  };
}

type Workspace = Awaited<ReturnType<typeof workspace>>;

/** Imports the part; a run still going after 60 s is killed (a hang fails, not stalls, the test). */
async function importPart(w: Workspace) {
  const child = spawnCli(["import", w.part, "--dest", w.dest, "--json"], { env: w.env });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const output = await child.output();
  clearTimeout(timer);
  assert.notEqual(output.signal, "SIGKILL", "the import ended on its own");
  const stdout = new TextDecoder().decode(output.stdout);
  return {
    code: output.code,
    stderr: new TextDecoder().decode(output.stderr),
    json: <T>() => JSON.parse(stdout) as T,
  };
}

/** The damaged entry failed alone and named; the others landed byte for byte; nothing else. */
async function assertFailedAlone(w: Workspace, result: Awaited<ReturnType<typeof importPart>>) {
  assert.equal(result.code, 1, result.stderr);
  const summary = result.json<RunJson>();
  assert.equal(summary.downloaded, 2);
  const failure = summary.failures.find((f) => f.name === "IMG_B.jpg");
  assert.ok(failure, JSON.stringify(summary.failures));
  assert.match(failure.reason, new RegExp(`^Cannot import ${DAMAGED} from ${PART}: `));
  assert.match(result.stderr, /IMG_B\.jpg: Cannot import .*IMG_B\.jpg from takeout-/);
  assert.doesNotMatch(result.stderr, /retry|internal error|\n\s+at /);
  const landed = await libraryFiles(w.dest);
  assert.deepEqual(landed.map((f) => f.path), [
    "2021/2021-06-10/IMG_A.jpg",
    "2021/2021-06-12/IMG_C.jpg",
  ]);
  for (const file of landed) {
    const name = file.path.split("/").pop()!;
    const original = w.files.find((f) => f.path === `${YEAR}/${name}`)!;
    assert.equal(file.sha256, sha256(original.bytes), name);
  }
  const leftovers = [...Deno.readDirSync(join(w.dest, "2021"))].flatMap((day) =>
    [...Deno.readDirSync(join(w.dest, "2021", day.name))].map((f) => f.name)
  ).filter((name) => name.endsWith(".part"));
  assert.deepEqual(leftovers, [], "no temp file is left");
  // The index holds no file for the damaged entry, so `verify` has nothing wrong to call healthy.
  const db = new DatabaseSync(join(w.dest, ".gphotos-nas", "index.sqlite"), { readOnly: true });
  const done = db.prepare("SELECT rel_path FROM files WHERE state = 'done' ORDER BY rel_path")
    .all();
  const temps = db.prepare("SELECT COUNT(*) AS n FROM temps").get() as { n: number };
  db.close();
  assert.deepEqual(done.map((r) => r.rel_path), landed.map((f) => f.path));
  assert.equal(temps.n, 0);
  const verify = await runCli(["verify", "--dest", w.dest], { env: w.env });
  assert.equal(verify.code, 0, verify.stderr);
}

async function damagedImport(damage: ZipDamage) {
  await using w = await workspace();
  await writeZip(w.part, w.files);
  await damageZipEntry(w.part, DAMAGED, damage);
  const result = await importPart(w);
  await assertFailedAlone(w, result);
  return result.json<RunJson>().failures.find((f) => f.name === "IMG_B.jpg")!.reason;
}

Deno.test("import: an entry with flipped bytes fails alone on its CRC-32, the others land", async () => {
  const reason = await damagedImport("flipped");
  assert.match(reason, /: its data is damaged \(CRC-32 mismatch\)/);
});

Deno.test("import: an entry whose compressed data is invalid fails at once, without retries", async () => {
  const reason = await damagedImport("invalid-data");
  assert.match(reason, /: its data is damaged \(invalid compressed data\)/);
});

Deno.test("import: an entry whose header declares 3.75 GiB for a few KB ends, failed alone", async () => {
  const reason = await damagedImport("lying-size");
  assert.match(reason, /: its data is damaged \(\d+ bytes where its header declares 4026531840\)/);
});

Deno.test("import: a small entry that inflates past the size its header declares fails alone", async () => {
  const reason = await damagedImport("short-size");
  assert.match(reason, /: its data is damaged \(more bytes than the \d+ its header declares\)/);
});

Deno.test("import: sidecars that inflate to 512 MiB (header: 200 B) or say 64 MiB fail alone", async () => {
  await using w = await workspace();
  const lying = `${YEAR}/IMG_B.jpg.supplemental-metadata.json`;
  const honest = `${YEAR}/IMG_C.jpg.supplemental-metadata.json`;
  const encode = (text: string) => new TextEncoder().encode(text);
  const json = (title: string) => ({
    head: encode(`{"title":"${title}","x":"`),
    tail: encode('"}'),
  });
  await writeBombZip(w.part, w.files.filter((f) => f.path !== lying && f.path !== honest), [
    { path: lying, size: 512 * 2 ** 20, ...json("IMG_B.jpg"), declaredSize: 200 },
    { path: honest, size: 64 * 2 ** 20, ...json("IMG_C.jpg") },
  ]);
  const result = await importPart(w);
  assert.equal(result.code, 1, result.stderr);
  const summary = result.json<RunJson>();
  assert.equal(summary.downloaded, 3, "every photo lands, those without their sidecar too");
  for (const path of [lying, honest]) {
    const name = path.split("/").pop()!;
    const failure = summary.failures.find((f) => f.name === name);
    assert.ok(failure, `${name}: ${JSON.stringify(summary.failures)}`);
    assert.ok(failure.reason.startsWith(`Cannot read ${path} from ${PART}: `), failure.reason);
    assert.equal(result.stderr.split("\n").filter((l) => l.includes(`failed: ${name}`)).length, 1);
  }
  assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
  const landed = (await libraryFiles(w.dest)).map((f) => f.path);
  assert.ok(landed.includes("2021/2021-06-10/IMG_A.jpg"), landed.join("\n"));
  assert.equal(landed.filter((p) => /IMG_[BC]\.jpg$/.test(p)).length, 2, landed.join("\n"));
});
