import assert from "node:assert/strict";
import { join } from "node:path";
import { openLogFile } from "../../src/ui/log_file.ts";
import { localTimestamp, stampLines } from "../../src/ui/stamp.ts";
import { runCli } from "../support/cli.ts";
import { testLibrary } from "../support/library.ts";

const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d /;

Deno.test("log: off a terminal every line has the time with its offset and the command; the last is a grep-able summary", async () => {
  await using t = await testLibrary({ itemCount: 6, seed: 31 });
  const result = await runCli(["backup", "--dest", t.dest], {
    env: { ...t.env, TZ: "Europe/Berlin" },
    rawStderr: true,
  });
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stderr.trimEnd().split("\n");
  for (const line of lines) {
    assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00 backup: /, line);
  }
  assert.match(
    lines.at(-1)!,
    /backup: summary: listed=6 downloaded=\d+ skipped=0 upgraded=0 failed=0 pending=\d+ undated=0 redated=0 bytes=\d+ exit=0$/,
  );
});

Deno.test("log: --log-file appends the same stamped lines, run after run; --quiet and --verbose", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 32 });
  const logFile = join(t.configDir, "runs.log");
  const first = await runCli(["backup", "--dest", t.dest, "--log-file", logFile], {
    env: t.env,
    rawStderr: true,
  });
  assert.equal(first.code, 0, first.stderr);
  assert.equal(await Deno.readTextFile(logFile), first.stderr);
  const quiet = await runCli(["backup", "--quiet", "--dest", t.dest, "--log-file", logFile], {
    env: t.env,
  });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr, "", "--quiet says nothing when all is well");
  const verbose = await runCli(["backup", "--verbose", "--dest", t.dest, "--log-file", logFile], {
    env: t.env,
  });
  assert.match(verbose.stderr, /skipped: \S+/);
  const text = await Deno.readTextFile(logFile);
  assert.ok(text.startsWith(first.stderr), "appended, never truncated");
  assert.match(text, /skipped: /);
  for (const line of text.trimEnd().split("\n")) assert.match(line, STAMP);
  const unwritable = await runCli(
    ["backup", "--dest", t.dest, "--log-file", "/nonexistent/x.log"],
    {
      env: t.env,
    },
  );
  assert.equal(unwritable.code, 2);
  assert.match(unwritable.stderr, /Cannot open --log-file \/nonexistent\/x\.log/);
});

Deno.test("log file: rotated at its size cap, keeping three old files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "g.log");
    const log = openLogFile(path, { maxBytes: 100, keep: 3 });
    for (let i = 0; i < 20; i++) {
      log.append(`line ${String(i).padStart(2, "0")} ${"x".repeat(40)}\n`);
    }
    log.close();
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["g.log", "g.log.1", "g.log.2", "g.log.3"]);
    for (const name of names) assert.ok(Deno.statSync(join(dir, name)).size <= 100, name);
    assert.match(Deno.readTextFileSync(path), /line 19/);
    assert.match(Deno.readTextFileSync(join(dir, "g.log.1")), /line 17/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stamp: local time with the zone's offset, every line of a block", () => {
  const date = new Date("2026-11-30T01:00:01Z");
  assert.match(localTimestamp(date), /^2026-11-30T\d\d:00:01[+-]\d\d:\d\d$/);
  const text = stampLines("a\nb\n", "import", date);
  assert.deepEqual(text.split("\n").map((l) => l.replace(STAMP, "")), [
    "import: a",
    "import: b",
    "",
  ]);
});
