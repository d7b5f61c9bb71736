import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, spawnCli } from "../support/cli.ts";
import { assertComplete, libraryFiles, tempFiles, testLibrary } from "../support/library.ts";

/** Waits until the lock file names `pid` as its holder. */
async function heldBy(dest: string, pid: number): Promise<string> {
  const lockFile = join(dest, ".gphotos-nas", "lock");
  for (let i = 0; i < 200; i++) {
    const text = await Deno.readTextFile(lockFile).catch(() => "");
    if (text.includes(`pid=${pid}`)) return lockFile;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`pid ${pid} never took the lock`);
}

Deno.test("lock: a second run exits 4 naming the holder; SIGTERM stops the first cleanly", async () => {
  await using t = await testLibrary({ seed: 11, itemCount: 30, bandwidthBytesPerSec: 20_000 });
  const first = spawnCli(["backup", "--dest", t.dest], { env: t.env });
  await heldBy(t.dest, first.pid);
  const second = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(second.code, 4, second.stderr);
  assert.match(second.stderr, new RegExp(`pid ${first.pid}`));

  first.kill("SIGTERM");
  const status = await first.output();
  assert.equal(status.code, 143);
  const files = await libraryFiles(t.dest);
  assert.deepEqual(files.filter((f) => f.path.endsWith(".part")), [], "temp files removed");
  const verify = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(verify.code, 0, "every recorded file is on disk and intact: " + verify.stdout);
});

Deno.test("crash: SIGKILL mid-download at random moments, then one more run, yields a complete library", async () => {
  await using t = await testLibrary({ seed: 11, itemCount: 60, bandwidthBytesPerSec: 60_000 });
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let killedMidDownload = 0;
  for (let round = 0; round < 6; round++) {
    // Temp files of earlier rounds stay until the next run starts; only new ones count.
    const before = new Set(await tempFiles(t.dest));
    const fresh = async () => (await tempFiles(t.dest)).filter((p) => !before.has(p));
    const child = spawnCli(["backup", "--dest", t.dest], { env: t.env });
    let exited = false;
    child.status.then(() => exited = true);
    // Wait until a download is being written, then a random moment more.
    while (!exited && (await fresh()).length === 0) await sleep(10);
    await sleep(random() * 500);
    try {
      child.kill("SIGKILL");
    } catch {
      // It finished before the kill; the next round starts another.
    }
    await child.output();
    // Only a process killed while writing leaves a temp file behind: this one landed mid-download.
    if ((await fresh()).length > 0) killedMidDownload++;
  }
  assert.ok(killedMidDownload >= 1, `a kill landed mid-download (${killedMidDownload} of 6)`);
  const final = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(final.code, 0, final.stderr);
  await assertComplete(t);
});

Deno.test("lock: a holder killed by SIGKILL leaves the lock free: the next run takes it, no exit 4", async () => {
  await using t = await testLibrary({
    seed: 11,
    itemCount: 12,
    videoSize: [40_000, 60_000],
    bandwidthBytesPerSec: 20_000,
  });
  const first = spawnCli(["backup", "--dest", t.dest], { env: t.env });
  const lockFile = await heldBy(t.dest, first.pid);
  const refused = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(refused.code, 4, "held while the holder lives: " + refused.stderr);
  first.kill("SIGKILL");
  await first.output();
  // The dead holder's pid is still written in the file; only the kernel's flock decides.
  assert.match(await Deno.readTextFile(lockFile), new RegExp(`pid=${first.pid}\\n`));
  const second = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(second.code, 0, second.stderr);
  await assertComplete(t);
});
