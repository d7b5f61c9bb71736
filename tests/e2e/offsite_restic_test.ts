/**
 * contrib/offsite/restic.sh run for real against Debian's restic: a library the product made is
 * backed up, restored and verified; the recipe and a gphotos-nas run exclude each other through the
 * library's flock (no snapshot while a run holds it, exit 4; a run started during the snapshot
 * exits 4); a second backup reads only the files added since the first.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { acquireLock } from "../../src/library/guard/lock.ts";
import type { SimItem } from "../../src/simulator/mod.ts";
import { ROOT, runCli } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";

const RECIPE = join(ROOT, "contrib/offsite/restic.sh");

function runs(tool: string, args: string[]): boolean {
  try {
    return new Deno.Command(tool, { args, stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const READY = runs("restic", ["version"]) && runs("flock", ["--version"]);
if (!READY) {
  console.log(
    "e2e/offsite_restic_test.ts: restic or flock not found, its tests are skipped " +
      "(apt-get install -y restic util-linux)",
  );
}

interface Restic {
  env: Record<string, string>;
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  snapshots(): Promise<number>;
}

/** A fresh restic repository under `dir`, with its password file and cache inside it. */
async function resticRepo(dir: string): Promise<Restic> {
  const password = join(dir, "restic-password");
  await Deno.writeTextFile(password, "correct horse battery staple\n", { mode: 0o600 });
  const env = {
    RESTIC_REPOSITORY: join(dir, "repo"),
    RESTIC_PASSWORD_FILE: password,
    RESTIC_CACHE_DIR: join(dir, "cache"),
  };
  const run = async (args: string[], extra: Record<string, string> = {}) => {
    const out = await new Deno.Command("restic", {
      args,
      env: { ...env, ...extra },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
    };
  };
  const init = await run(["init"]);
  assert.equal(init.code, 0, init.stderr);
  return {
    env,
    run,
    async snapshots() {
      const list = await run(["snapshots", "--json"]);
      assert.equal(list.code, 0, list.stderr);
      return (JSON.parse(list.stdout) as unknown[] | null)?.length ?? 0;
    },
  };
}

/** Runs the recipe from an unrelated folder, as a scheduler would. */
async function recipe(
  dest: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command("bash", {
    args: [RECIPE, "--json", dest],
    cwd: "/",
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** restic's `--json` backup summary from the recipe's output. */
function summary(
  stdout: string,
): { files_new: number; files_changed: number; snapshot_id: string } {
  const line = stdout.split("\n").find((l) => l.includes('"message_type":"summary"'));
  assert.ok(line, `no restic summary in:\n${stdout}`);
  return JSON.parse(line);
}

/** Every file under `dir` (relative path → bytes as hex SHA-256), the index and lock included. */
async function tree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (sub: string) => {
    for await (const entry of Deno.readDir(join(dir, sub))) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(rel);
      else if (entry.isFile) {
        const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(join(dir, rel)));
        files.set(
          rel,
          [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""),
        );
      }
    }
  };
  await walk("");
  return files;
}

Deno.test({
  name: "offsite restic: the snapshot restores to a library verify passes; lock excludes runs; " +
    "a second backup reads only new files",
  ignore: !READY,
  async fn() {
    let picked = 10;
    const photos = (items: SimItem[]) => items.filter((i) => i.kind === "photo").slice(0, picked);
    await using t = await testLibrary({
      itemCount: 40,
      seed: 26,
      appCreated: false,
      picker: { select: photos },
    });
    const work = await Deno.makeTempDir({ prefix: "gphotos-nas-restic-" });
    try {
      const first = await runCli(["pick", "--dest", t.dest, "--no-qr"], { env: t.env });
      assert.equal(first.code, 0, first.stderr);
      const repo = await resticRepo(work);
      const env = { PATH: Deno.env.get("PATH")!, HOME: work, ...repo.env };

      // A run in progress holds the lock: the recipe gives up without a snapshot (exit 4).
      const held = await acquireLock(t.dest, "import");
      try {
        const locked = await recipe(t.dest, { ...env, LOCK_WAIT: "1" });
        assert.equal(locked.code, 4, locked.stderr);
        assert.match(
          locked.stderr,
          /in use by gphotos-nas import \(pid \d+\).*no snapshot was made/,
        );
      } finally {
        await held.release();
      }
      assert.equal(await repo.snapshots(), 0, "no snapshot while the library was locked");

      // While the recipe holds the lock, a gphotos-nas run cannot start: a restic wrapper runs one
      // in the middle of `restic backup` and records its exit code.
      const bin = join(work, "bin");
      await Deno.mkdir(bin);
      const during = join(work, "during-code");
      const realRestic = new TextDecoder().decode(
        (await new Deno.Command("bash", { args: ["-c", "command -v restic"], stdout: "piped" })
          .output()).stdout,
      ).trim();
      await Deno.writeTextFile(
        join(bin, "restic"),
        `#!/bin/sh\nif [ "$1" = backup ]; then\n` +
          `  (cd ${ROOT} && "${Deno.execPath()}" run -A src/main.ts pick --dest "${t.dest}" --no-qr >/dev/null 2>&1;` +
          ` echo $? > "${during}")\nfi\nexec "${realRestic}" "$@"\n`,
        { mode: 0o755 },
      );
      const before = await tree(t.dest);
      const made = await recipe(t.dest, {
        ...env,
        ...t.env,
        PATH: `${bin}:${env.PATH}`,
        RESTIC_CHECK_SUBSET: "1/2",
      });
      assert.equal(made.code, 0, made.stderr);
      assert.equal(
        (await Deno.readTextFile(during)).trim(),
        "4",
        "a run during the snapshot exits 4",
      );
      assert.deepEqual(await tree(t.dest), before, "the recipe changed nothing in the library");
      assert.match(made.stdout + made.stderr, /read group #1 of 2 data packs|no errors were found/);
      assert.equal(summary(made.stdout).files_new, before.size);

      // Restored as it is, the snapshot is the library, byte for byte, and verify passes on it.
      const target = join(work, "restored");
      const restored = await repo.run(["restore", "latest", "--target", target]);
      assert.equal(restored.code, 0, restored.stderr);
      const copy = join(target, await Deno.realPath(t.dest));
      assert.deepEqual(await tree(copy), before);
      const verify = await runCli(["verify", "--dest", copy], { env: t.env });
      assert.equal(verify.code, 0, verify.stderr);

      // N more photos: the next snapshot has the first as parent and reads only the new files.
      picked = 15;
      const second = await runCli(["pick", "--dest", t.dest, "--no-qr"], { env: t.env });
      assert.equal(second.code, 0, second.stderr);
      const after = await tree(t.dest);
      const added = [...after.keys()].filter((path) => !before.has(path));
      assert.equal((await libraryFiles(t.dest)).length - 10, 5, "five photos were added");
      const next = await recipe(t.dest, env);
      assert.equal(next.code, 0, next.stderr);
      const stats = summary(next.stdout);
      assert.equal(stats.files_new, added.length, `new files: ${added.join(", ")}`);
      assert.ok(
        stats.files_changed <= 3,
        `only the index and its state change: ${stats.files_changed}`,
      );
      assert.equal(await repo.snapshots(), 2);
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
