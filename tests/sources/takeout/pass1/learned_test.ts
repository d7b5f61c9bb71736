import assert from "node:assert/strict";
import { ROOT } from "../../../support/cli.ts";

const LEARNED = new URL("../../../../src/sources/takeout/pass1/learned.ts", import.meta.url).href;

/** A time older than any pass-1 database being set up. */
const TWO_MINUTES_AGO = () => new Date(Date.now() - 120_000);

/** The pass-1 databases in `dir`. */
function pass1Files(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.startsWith("gphotos-nas-"));
}

Deno.test("pass 1: its database lives in TMPDIR until closed; one a killed import left is removed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-tmpdir-" });
  try {
    // Linux pids stay below 2^22: this process cannot be running.
    Deno.writeTextFileSync(`${dir}/gphotos-nas-pass1-4194305-abc.sqlite`, "");
    // Left two minutes ago: a database being set up is newer than that.
    Deno.utimeSync(`${dir}/gphotos-nas-pass1-4194305-abc.sqlite`, new Date(), TWO_MINUTES_AGO());
    // A process of its own, so that its TMPDIR is no other test's.
    const code = `
      import { LearnedStore } from "${LEARNED}";
      const store = new LearnedStore();
      console.log(JSON.stringify({ pid: Deno.pid, open: [...Deno.readDirSync(Deno.env.get("TMPDIR"))].map((e) => e.name) }));
      store.close();`;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      cwd: ROOT,
      env: { TMPDIR: dir },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    const { pid, open } = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(open.length, 1, `only that import's database while open: ${open}`);
    assert.match(open[0], new RegExp(`^gphotos-nas-pass1-${pid}-.*\\.sqlite$`));
    assert.deepEqual(pass1Files(dir), [], "nothing is left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pass 1: the after-run keys noted come back every one, in order, a page at a time", async () => {
  const { LearnedStore } = await import(LEARNED);
  const { wantKey, wantedKeys } = await import("../../../../src/sources/takeout/entries.ts");
  const store = new LearnedStore();
  try {
    // More than two pages of 512, some with a detail of the hearer's own.
    const noted = Array.from(
      { length: 1_300 },
      (_, i) =>
        i % 100 === 7
          ? { sourceId: `VID_${i}.mp4|${i}|`, detail: JSON.stringify({ filename: `VID_${i}.mp4` }) }
          : { sourceId: `IMG_${i}.jpg|${i}|${1_420_070_400 + i}` },
    );
    for (const { sourceId, detail } of noted) wantKey(store, sourceId, detail);
    assert.deepEqual([...wantedKeys(store)], noted);
  } finally {
    store.close();
  }
});

Deno.test("pass 1: under the binary's permissions, a database left by a killed import goes and one in use stays", async () => {
  const { permissionFlags } = await import("../../../../scripts/compile.ts");
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-tmpdir-" });
  // Left by a killed import whose pid is running again (this process): nothing holds it.
  const left = `${dir}/gphotos-nas-pass1-${Deno.pid}-left.sqlite`;
  // In use by another import: its flock is held (here, by this test).
  const inUse = `${dir}/gphotos-nas-pass1-${Deno.pid}-inuse.sqlite`;
  // Just created by an import starting at the same moment, not locked yet.
  const starting = `${dir}/gphotos-nas-pass1-${Deno.pid}-starting.sqlite`;
  for (const path of [left, inUse, starting]) Deno.writeTextFileSync(path, "");
  Deno.utimeSync(left, new Date(), TWO_MINUTES_AGO());
  Deno.utimeSync(inUse, new Date(), TWO_MINUTES_AGO());
  using held = Deno.openSync(inUse, { read: true, write: true });
  held.lockSync(true);
  try {
    // `deno run` (eval would grant every permission) of a module beside the test's TMPDIR.
    const script = `${dir}.ts`;
    Deno.writeTextFileSync(
      script,
      `import { LearnedStore } from "${LEARNED}";\nnew LearnedStore().close();\n`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...permissionFlags(), "--no-prompt", script],
      cwd: ROOT,
      env: { TMPDIR: dir },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    // Before: "Requires all access to /proc/<pid>" stopped the import.
    assert.ok(out.success, stderr);
    assert.deepEqual(pass1Files(dir).sort(), [inUse, starting].map((p) => p.slice(dir.length + 1)));
  } finally {
    held.unlockSync();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(`${dir}.ts`).catch(() => {});
  }
});
