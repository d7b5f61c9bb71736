import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { reimportExports } from "../../scripts/bench/reimport.ts";
import { runCli, type RunJson, spawnCli } from "../support/cli.ts";
import { libraryFiles, tempFiles } from "../support/library.ts";
import { importWorkspace } from "../support/workspace.ts";

const INDEX = ".gphotos-nas/index.sqlite";

/**
 * Files of a batch renamed into place while the batch is not recorded yet: reserved in the index
 * and already on disk under their final name (the index read as the stopped process left it).
 */
function placedNotRecorded(dest: string): string[] {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(join(dest, INDEX), { readOnly: true });
    const rows = db.prepare("SELECT rel_path FROM files WHERE state = 'reserved'").all();
    return rows.map((r) => String(r.rel_path)).filter((path) => {
      try {
        return Deno.lstatSync(join(dest, path)).isFile;
      } catch {
        return false;
      }
    });
  } catch {
    // No index yet, or its tables not yet created.
    return [];
  } finally {
    db?.close();
  }
}

/**
 * Runs the import, stopping it (SIGSTOP) now and then to look at the disk and the index, until it
 * is caught with files of a batch placed and not recorded; then it is killed there (SIGKILL).
 * Returns those files, or none when the import finished first.
 */
async function killInsideBatch(parts: string[], dest: string, env: Record<string, string>) {
  const child = spawnCli(["import", ...parts, "--dest", dest], { env });
  const output = child.output();
  let exited = false;
  output.then(() => exited = true);
  let seed = 4242;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  while (!exited) {
    await new Promise((r) => setTimeout(r, 2 + random() * 20));
    try {
      Deno.kill(child.pid, "SIGSTOP");
    } catch {
      break;
    }
    const placed = placedNotRecorded(dest);
    if (placed.length > 0) {
      child.kill("SIGKILL");
      assert.equal((await output).signal, "SIGKILL");
      return placed;
    }
    Deno.kill(child.pid, "SIGCONT");
  }
  await output;
  return [];
}

Deno.test("import: SIGKILL inside a batch (files placed, the batch not recorded), then one more run: every file once, no orphan, no temp file, verify clean", async () => {
  await using w = await importWorkspace("batch-kill", "UTC");
  const exports = await reimportExports(
    w.dir,
    { photos: 300, size: [24_000, 56_000], newShare: 0 },
    "zip",
  );
  // The same export imported without a kill: the library the killed one must end up as.
  const control = join(w.dir, "control");
  const clean = await runCli(["import", ...exports.first, "--dest", control, "--json"], {
    env: w.env,
  });
  assert.equal(clean.code, 0, clean.stderr);

  let placed: string[] = [];
  // Whether a stop lands inside a batch is a matter of timing: a few fresh tries at most.
  for (let round = 0; round < 3 && placed.length === 0; round++) {
    await Deno.remove(w.dest, { recursive: true }).catch(() => {});
    placed = await killInsideBatch(exports.first, w.dest, w.env);
  }
  assert.ok(placed.length > 0, "the import was killed with files of a batch placed, unrecorded");

  const next = await runCli(["import", ...exports.first, "--dest", w.dest, "--json"], {
    env: w.env,
  });
  assert.equal(next.code, 0, next.stderr);
  assert.equal(next.json<RunJson>().failed, 0);

  // Every file exactly once, where the uninterrupted import put it, sidecars included.
  const files = await libraryFiles(w.dest, { sidecars: true });
  assert.deepEqual(
    files.filter((f) => !f.path.endsWith(".xmp")),
    (await libraryFiles(control)).filter((f) => !f.path.endsWith(".xmp")),
  );
  assert.deepEqual(
    files.filter((f) => f.path.endsWith(".xmp")).map((f) => f.path),
    (await libraryFiles(control, { sidecars: true }))
      .filter((f) => f.path.endsWith(".xmp")).map((f) => f.path),
  );
  for (const path of placed) assert.ok(files.some((f) => f.path === path), `${path} kept`);
  // No temp file on disk, none left in the journal, nothing left reserved.
  assert.deepEqual(await tempFiles(w.dest), []);
  const db = new DatabaseSync(join(w.dest, INDEX), { readOnly: true });
  try {
    assert.deepEqual(db.prepare("SELECT path FROM temps").all(), []);
    assert.equal(
      Number(db.prepare("SELECT COUNT(*) AS n FROM files WHERE state = 'reserved'").get()?.n),
      0,
    );
  } finally {
    db.close();
  }
  // No orphan: verify finds every file recorded, every recorded file intact, nothing unknown.
  const verify = await runCli(["verify", "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  const report = verify.json<{ unknown: string[]; missing: string[]; changed: string[] }>();
  assert.deepEqual([report.unknown, report.missing, report.changed], [[], [], []]);
});
