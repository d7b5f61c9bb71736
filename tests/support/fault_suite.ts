/**
 * The fault suite's scenarios, shared by `tests/e2e/fault_suite_test.ts` (a bounded run for CI) and
 * `scripts/faults.ts` (every family at several probabilities, for release checks). Each scenario
 * prepares a library, runs one command under libfiu faults (`fiu.ts`), runs it again without
 * faults, and judges the library from outside: the bytes and days expected, no temp file, every
 * dated file's mtime its recorded capture time, and `verify` (index = disk, sidecars present and
 * readable) exiting 0.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { firstExport, sha256, writeExport } from "../../src/simulator/takeout/mod.ts";
import { runCli } from "./cli.ts";
import { DOCUMENTED_CODES, runWithFaults } from "./fiu.ts";
import {
  expectedByHash,
  isReady,
  libraryFiles,
  removeIndex,
  tempFiles,
  testLibrary,
} from "./library.ts";
import { sameLibrary } from "./same_photos.ts";

/** A library ready for one command, and how to judge it afterwards. */
interface Prepared extends AsyncDisposable {
  /** The library. */
  dest: string;
  /** The CLI's environment. */
  env: Record<string, string>;
  /** The command's arguments. */
  args: string[];
  /** Extra checks after the clean re-run. */
  judge(): Promise<void>;
}

/** A command of the suite. */
export interface Scenario {
  /** Its name in test names. */
  name: string;
  /** A library ready for the command. */
  prepare(): Promise<Prepared>;
}

const ZONE = "Europe/Berlin";

/** Every expected SHA-256 is in the library, and nothing else is (`folders`: where each belongs). */
async function assertHolds(dest: string, expected: Map<string, string | undefined>) {
  const media = (await libraryFiles(dest)).filter((f) => !f.path.startsWith("albums/"));
  const held = new Map(media.map((f) => [f.sha256, f.path]));
  for (const [sha, folder] of expected) {
    const path = held.get(sha);
    assert.ok(path, `the library lacks ${folder ?? ""} ${sha.slice(0, 12)}`);
    if (folder) assert.ok(path.startsWith(`${folder}/`), `${path} is not in ${folder}`);
  }
  for (const f of media) assert.ok(expected.has(f.sha256), `${f.path} is not expected`);
}

/** Every done file dated in the index has its capture time as mtime; every superseded copy its bytes. */
async function assertIndexMatchesDisk(dest: string) {
  const db = new DatabaseSync(join(dest, ".gphotos-nas", "index.sqlite"), { readOnly: true });
  try {
    const rows = db.prepare(
      "SELECT rel_path, capture_time FROM files WHERE state = 'done' AND capture_time IS NOT NULL",
    ).all() as { rel_path: string; capture_time: string }[];
    for (const row of rows) {
      const info = await Deno.stat(join(dest, row.rel_path));
      assert.equal(
        info.mtime?.toISOString(),
        new Date(row.capture_time).toISOString(),
        `${row.rel_path}: mtime is not its capture time`,
      );
    }
    const copies = db.prepare(
      `SELECT s.rel_path, s.sha256, f.sha256 AS original FROM superseded s
       JOIN files f ON f.id = s.file_id`,
    ).all() as { rel_path: string; sha256: string; original: string }[];
    for (const copy of copies) {
      assert.notEqual(copy.sha256, copy.original, `${copy.rel_path} is recorded as the original`);
      const bytes = await Deno.readFile(join(dest, copy.rel_path)).catch(() => undefined);
      if (bytes) assert.equal(sha256(bytes), copy.sha256, `${copy.rel_path} holds other bytes`);
    }
  } finally {
    db.close();
  }
}

/** The judgement every scenario shares, after the clean re-run. */
async function judge(p: Prepared) {
  assert.deepEqual(await tempFiles(p.dest), [], "a temp file is left");
  const verify = await runCli(["verify", "--dest", p.dest], { env: p.env });
  assert.equal(verify.code, 0, verify.stderr);
  await assertIndexMatchesDisk(p.dest);
  await p.judge();
}

async function apiLibrary(command: "backup" | "pick"): Promise<Prepared> {
  const t = await testLibrary({ itemCount: 30, seed: 21, picker: { select: (i) => i } });
  const args = command === "pick"
    ? ["pick", "--dest", t.dest, "--no-qr"]
    : ["backup", "--dest", t.dest];
  return {
    dest: t.dest,
    env: t.env,
    args,
    async judge() {
      const expected = await expectedByHash(t.sim, t.sim.items.filter(isReady));
      await assertHolds(t.dest, new Map([...expected.keys()].map((sha) => [sha, undefined])));
    },
    [Symbol.asyncDispose]: () => t[Symbol.asyncDispose](),
  };
}

async function importLibrary(): Promise<Prepared> {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-faults-" });
  const config = join(dir, "config");
  await Deno.mkdir(config);
  const first = await firstExport(ZONE);
  const parts = await writeExport(dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 2,
  });
  const dest = join(dir, "library");
  return {
    dest,
    env: { GPHOTOS_NAS_CONFIG_DIR: config, TZ: ZONE },
    args: ["import", ...parts, "--dest", dest],
    async judge() {
      await assertHolds(dest, new Map(first.expected.map((e) => [e.sha256, e.folder])));
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

/** A backed-up library that lost a few files and sidecars (or its index) before the command. */
async function damagedLibrary(command: "verify" | "rebuild"): Promise<Prepared> {
  const p = await apiLibrary("backup");
  const first = await runCli(p.args, { env: p.env });
  assert.equal(first.code, 0, first.stderr);
  const files = (await libraryFiles(p.dest)).filter((f) => !f.path.startsWith("albums/"));
  if (command === "verify") {
    for (const f of files.slice(0, 3)) await Deno.remove(join(p.dest, f.path));
    for (const f of files.slice(3, 6)) await Deno.remove(join(p.dest, `${f.path}.xmp`));
    return { ...p, args: ["verify", "--repair", "--dest", p.dest] };
  }
  await removeIndex(p.dest);
  return { ...p, args: ["index", "rebuild", "--dest", p.dest] };
}

/** A picked library and the Takeout export of the same photos (`import` upgrades, `gc` collects). */
async function upgradeLibrary(command: "import" | "gc"): Promise<Prepared> {
  const w = await sameLibrary();
  const pick = await runCli(["pick", "--dest", w.t.dest, "--no-qr"], { env: w.env });
  assert.equal(pick.code, 0, pick.stderr);
  if (command === "gc") {
    const imported = await runCli(["import", ...w.parts, "--dest", w.t.dest], { env: w.env });
    assert.equal(imported.code, 0, imported.stderr);
  }
  // An original takes its copy's path, whose day the Picker's time chose: its bytes are judged.
  const originals = new Map(w.first.expected.map((e) => [e.sha256, undefined]));
  return {
    dest: w.t.dest,
    env: w.env,
    args: command === "gc"
      ? ["gc", "--superseded", "--dest", w.t.dest]
      : ["import", ...w.parts, "--dest", w.t.dest],
    async judge() {
      await assertHolds(w.t.dest, originals);
      // Whatever is still kept aside goes now, and the originals stay.
      const gc = await runCli(["gc", "--superseded", "--dest", w.t.dest], { env: w.env });
      assert.equal(gc.code, 0, gc.stderr);
      await assertHolds(w.t.dest, originals);
    },
    [Symbol.asyncDispose]: () => w[Symbol.asyncDispose](),
  };
}

/** The commands of the suite. */
export const SCENARIOS: Scenario[] = [
  { name: "import", prepare: importLibrary },
  { name: "backup", prepare: () => apiLibrary("backup") },
  { name: "pick", prepare: () => apiLibrary("pick") },
  { name: "verify --repair", prepare: () => damagedLibrary("verify") },
  { name: "index rebuild", prepare: () => damagedLibrary("rebuild") },
  { name: "gc --superseded", prepare: () => upgradeLibrary("gc") },
  { name: "upgrading import", prepare: () => upgradeLibrary("import") },
];

/** What one faulty run and its clean re-run came to. */
export interface Outcome {
  /** Exit code of the faulty run. */
  code: number;
  /** Whether the faults were on before it ended. */
  injected: boolean;
}

/**
 * Prepares `scenario`, runs it with `family` failing at `probability`, then again without faults,
 * and judges the library. Throws (an assertion) on a stack trace, an undocumented exit code, a
 * clean re-run that does not exit 0, or a library that is not as expected.
 */
export async function runScenario(
  scenario: Scenario,
  family: string,
  probability: number,
): Promise<Outcome> {
  await using p = await scenario.prepare();
  const faulty = await runWithFaults(p.args, {
    env: p.env,
    lockPath: join(p.dest, ".gphotos-nas", "lock"),
    family,
    probability,
  });
  const what = `${scenario.name} under ${family} faults (p=${probability})`;
  assert.ok(
    DOCUMENTED_CODES.includes(faulty.code),
    `${what}: exit ${faulty.code}\n${faulty.stderr}`,
  );
  assert.doesNotMatch(
    faulty.stderr,
    /internal error|\n\s+at |panicked/,
    `${what}\n${faulty.stderr}`,
  );
  const clean = await runCli(p.args, { env: p.env });
  assert.equal(clean.code, 0, `${what}, then without: ${clean.stderr}`);
  assert.doesNotMatch(clean.stderr, /internal error|\n\s+at /, what);
  await judge(p);
  return { code: faulty.code, injected: faulty.injected };
}
