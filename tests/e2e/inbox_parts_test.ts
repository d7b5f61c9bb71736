/**
 * `import --inbox` as Takeout really delivers: parts arriving runs apart, a part still downloading
 * or still being written, `--delete-after` part by part, and exports numbered in series.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import {
  deliverParts,
  downloadingPart,
  lateSidecarExport,
  type StagedExport,
  stagedPartName,
} from "../../src/simulator/takeout/mod.ts";

const ZONE = "Europe/Berlin";
const STEM = "takeout-20261101T000000Z";
const ZIP = { format: "zip" } as const;

async function inboxWorkspace() {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-inbox-" });
  const config = join(dir, "config");
  const inbox = join(dir, "inbox");
  await Deno.mkdir(config);
  await Deno.mkdir(inbox);
  const dest = join(dir, "library");
  return {
    dir,
    inbox,
    dest,
    env: { GPHOTOS_NAS_CONFIG_DIR: config, TZ: ZONE },
    /** `import --inbox` with the default quiet period. */
    run(...extra: string[]) {
      return runCli(["import", "--inbox", inbox, "--dest", dest, "--json", ...extra], {
        env: this.env,
      });
    },
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The library holds `names` of the export, each once, where `folderOf` says. */
async function assertHolds(
  dest: string,
  staged: StagedExport,
  names: string[],
  folderOf = (item: StagedExport["expected"][number]) => item.folder,
) {
  const media = (await libraryFiles(dest)).filter((f) => !f.path.startsWith("albums/"));
  const wanted = staged.expected.filter((e) => names.includes(e.name));
  assert.deepEqual(
    media.map((f) => f.path).sort(),
    wanted.map((e) => `${folderOf(e)}/${e.name}`).sort(),
  );
  for (const item of wanted) {
    assert.equal(media.find((f) => f.path.endsWith(`/${item.name}`))?.sha256, item.sha256);
  }
}

const ALL = ["IMG_LATE.jpg", "IMG_A.jpg", "IMG_B.jpg", "IMG_C.jpg", "IMG_D.jpg"];
const EARLY = ["IMG_LATE.jpg", "IMG_A.jpg", "IMG_B.jpg", "IMG_C.jpg"];

Deno.test("import --inbox: a part arriving after a run is imported then, and its sidecar moves the provisional photo to its day", async () => {
  await using w = await inboxWorkspace();
  const staged = lateSidecarExport(ZONE);
  await deliverParts(w.inbox, STEM, staged, [0, 1], ZIP);
  const first = await w.run("--albums", "links");
  assert.equal(first.code, 0, first.stderr);
  // Without its sidecar the photo has no date: unknown-date/ for now, its album link with it.
  await assertHolds(
    w.dest,
    staged,
    EARLY,
    (e) => e.name === "IMG_LATE.jpg" ? "unknown-date" : e.folder,
  );
  const link = join(w.dest, "albums", "Harbour", "IMG_LATE.jpg");
  assert.equal(await Deno.readLink(link), "../../unknown-date/IMG_LATE.jpg");

  const status = () => runCli(["status", "--dest", w.dest, "--json"], { env: w.env });
  assert.equal((await status()).json<{ provisional: number }>().provisional, 1);

  await deliverParts(w.inbox, STEM, staged, [2], ZIP);
  const second = await w.run("--albums", "links");
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.json<RunJson>().downloaded, 1, "only IMG_D.jpg is new bytes");
  await assertHolds(w.dest, staged, ALL);
  const moved = join(w.dest, staged.late.folder, "IMG_LATE.jpg");
  assert.equal((await Deno.stat(moved)).mtime?.toISOString(), "2023-06-01T09:00:00.000Z");
  assert.match(
    second.stderr,
    /moved unknown-date\/IMG_LATE\.jpg to 2023\/2023-06-01\/IMG_LATE\.jpg/,
  );
  assert.equal(await Deno.readLink(link), `../../${staged.late.folder}/IMG_LATE.jpg`);
  assert.equal((await Deno.readFile(link)).length, (await Deno.stat(moved)).size);

  assert.equal((await status()).json<{ provisional: number }>().provisional, 0);
  const verify = await runCli(["verify", "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  const third = await w.run();
  assert.equal(third.code, 0, third.stderr);
  assert.equal(third.json<RunJson>().listed, 0);
  assert.match(third.stderr, /takeout-20261101T000000Z: nothing new/);
});

Deno.test("import --inbox: a part with a .crdownload sibling waits for the next run, and the run says so", async () => {
  await using w = await inboxWorkspace();
  const staged = lateSidecarExport(ZONE);
  const [, , last] = await deliverParts(w.inbox, STEM, staged, [0, 1, 2], ZIP);
  await downloadingPart(last, { sibling: ".crdownload" });
  const first = await w.run();
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stderr,
    /inbox: waiting: takeout-20261101T000000Z-003\.zip: still downloading \(takeout-20261101T000000Z-003\.zip\.crdownload beside it\); the next run imports it/,
  );
  await assertHolds(
    w.dest,
    staged,
    EARLY,
    (e) => e.name === "IMG_LATE.jpg" ? "unknown-date" : e.folder,
  );
  assert.deepEqual(first.json<{ waiting: string[] }>().waiting, [
    "takeout-20261101T000000Z-003.zip: still downloading " +
    "(takeout-20261101T000000Z-003.zip.crdownload beside it); the next run imports it",
  ]);

  // The download completes: the browser renames it into place and the sibling goes.
  await Deno.remove(`${last}.crdownload`);
  await deliverParts(w.inbox, STEM, staged, [2], ZIP);
  const second = await w.run();
  assert.equal(second.code, 0, second.stderr);
  await assertHolds(w.dest, staged, ALL);
});

Deno.test("import --inbox: a part modified within the quiet period waits; once quiet it is imported", async () => {
  await using w = await inboxWorkspace();
  const staged = lateSidecarExport(ZONE);
  await deliverParts(w.inbox, STEM, staged, [0, 1], ZIP);
  const [fresh] = await deliverParts(w.inbox, STEM, staged, [2], { ...ZIP, ageSeconds: 0 });
  const first = await w.run();
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stderr,
    /takeout-20261101T000000Z-003\.zip: modified \d+ s ago, within the quiet period of 600 s; the next run imports it/,
  );
  await assertHolds(
    w.dest,
    staged,
    EARLY,
    (e) => e.name === "IMG_LATE.jpg" ? "unknown-date" : e.folder,
  );

  // config.json sets another quiet period.
  await Deno.writeTextFile(
    join(w.env.GPHOTOS_NAS_CONFIG_DIR, "config.json"),
    '{"settleSeconds": 900}',
  );
  const configured = await w.run();
  assert.equal(configured.code, 0, configured.stderr);
  assert.match(configured.stderr, /003\.zip: modified \d+ s ago, within the quiet period of 900 s/);

  // Fifteen minutes later (its mtime moves back rather than the test waiting).
  const before = new Date(Date.now() - 16 * 60 * 1000);
  await Deno.utime(fresh, before, before);
  const second = await w.run();
  assert.equal(second.code, 0, second.stderr);
  await assertHolds(w.dest, staged, ALL);
});

Deno.test("import --inbox --delete-after: keeps parts with unplaced entries, deletes complete verified ones", async () => {
  await using w = await inboxWorkspace();
  const staged = lateSidecarExport(ZONE);
  const [p1, p2] = await deliverParts(w.inbox, STEM, staged, [0, 1], ZIP);
  const first = await w.run("--delete-after");
  assert.equal(first.code, 0, first.stderr);
  // Part 1 holds IMG_LATE.jpg, placed without its sidecar; part 2 has nothing the library lacks.
  assert.match(
    first.stderr,
    /kept takeout-20261101T000000Z-001\.zip \(--delete-after\): 1 item\(s\) placed without their sidecar yet/,
  );
  assert.ok((await Deno.stat(p1)).isFile);
  await assert.rejects(Deno.stat(p2), Deno.errors.NotFound);
  assert.deepEqual(first.json<{ deletedParts: string[] }>().deletedParts, [
    "takeout-20261101T000000Z-002.zip",
  ]);

  // A library file that no longer matches the index keeps its part.
  const a = staged.expected.find((e) => e.name === "IMG_A.jpg")!;
  const aPath = join(w.dest, a.folder, "IMG_A.jpg");
  const good = await Deno.readFile(aPath);
  const bad = good.slice();
  bad[bad.length - 1] ^= 0xff;
  await Deno.writeFile(aPath, bad);

  const [p3] = await deliverParts(w.inbox, STEM, staged, [2], ZIP);
  const second = await w.run("--delete-after");
  assert.equal(second.code, 0, second.stderr);
  assert.match(
    second.stderr,
    /kept takeout-20261101T000000Z-001\.zip .*1 library file\(s\) missing or not matching the index/,
  );
  assert.ok((await Deno.stat(p1)).isFile);
  await assert.rejects(Deno.stat(p3), Deno.errors.NotFound);

  await Deno.writeFile(aPath, good);
  const third = await w.run("--delete-after");
  assert.equal(third.code, 0, third.stderr);
  await assert.rejects(Deno.stat(p1), Deno.errors.NotFound);
  assert.deepEqual([...Deno.readDirSync(w.inbox)], []);
  await assertHolds(w.dest, staged, ALL);
});

Deno.test("import: parts numbered in series (-1-001, -2-001) are one export: a sidecar in one dates media in the other", async () => {
  await using w = await inboxWorkspace();
  const staged = lateSidecarExport(ZONE);
  const series = { ...ZIP, perSeries: 2 };
  assert.equal(stagedPartName(STEM, 2, series), `${STEM}-2-001.zip`);
  const paths = await deliverParts(w.inbox, STEM, staged, [0, 1, 2], series);
  const inbox = await w.run();
  assert.equal(inbox.code, 0, inbox.stderr);
  await assertHolds(w.dest, staged, ALL);
  assert.doesNotMatch(inbox.stderr, /moved|waiting/);

  const dest = join(w.dir, "library-2");
  const named = await runCli(["import", ...paths, "--dest", dest, "--json"], { env: w.env });
  assert.equal(named.code, 0, named.stderr);
  await assertHolds(dest, staged, ALL);
});

Deno.test("import --inbox: a sidecar in a later export moves a photo an earlier export placed without one", async () => {
  await using w = await inboxWorkspace();
  const staged = lateSidecarExport(ZONE);
  await deliverParts(w.inbox, STEM, staged, [0], ZIP);
  const first = await w.run();
  assert.equal(first.code, 0, first.stderr);
  await assertHolds(
    w.dest,
    staged,
    ["IMG_LATE.jpg", "IMG_A.jpg", "IMG_B.jpg"],
    (e) => e.name === "IMG_A.jpg" ? e.folder : "unknown-date",
  );

  await deliverParts(w.inbox, "takeout-20270101T000000Z", staged, [0, 1, 2], ZIP);
  const dry = await w.run("--dry-run");
  assert.equal(dry.code, 0, dry.stderr);
  const second = await w.run();
  assert.equal(second.code, 0, second.stderr);
  await assertHolds(w.dest, staged, ALL);
  assert.match(second.stderr, /moved unknown-date\/IMG_B\.jpg to 2023\/2023-06-03\/IMG_B\.jpg/);
});
