import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import { sameLibrary } from "../support/same_photos.ts";

/** A pick, then a Takeout import of the same photos: every picked copy is in superseded/. */
async function upgradedLibrary() {
  const same = await sameLibrary();
  const { t, env, parts, items } = same;
  const pick = await runCli(["pick", "--dest", t.dest, "--no-qr"], { env });
  assert.equal(pick.code, 0, pick.stderr);
  const imported = await runCli(["import", ...parts, "--dest", t.dest, "--json"], { env });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.json<RunJson>().upgraded, items.length);
  const superseded = join(t.dest, ".gphotos-nas", "superseded");
  return {
    t,
    env,
    parts,
    items,
    superseded,
    /** The files under superseded/, DEST-relative. */
    async kept(): Promise<string[]> {
      const out: string[] = [];
      const walk = async (dir: string, rel: string) => {
        for await (const e of Deno.readDir(dir)) {
          if (e.isDirectory) await walk(join(dir, e.name), `${rel}/${e.name}`);
          else out.push(`${rel}/${e.name}`);
        }
      };
      await walk(superseded, ".gphotos-nas/superseded").catch(() => {});
      return out.sort();
    },
    [Symbol.asyncDispose]: () => same[Symbol.asyncDispose](),
  };
}

Deno.test("gc --superseded: --dry-run lists the copies, then gc removes them and nothing else", async () => {
  await using w = await upgradedLibrary();
  const copies = await w.kept();
  assert.equal(copies.length, w.items.length);
  const library = await libraryFiles(w.t.dest, { sidecars: true });
  const bytes = (await Promise.all(copies.map((c) => Deno.stat(join(w.t.dest, c)))))
    .reduce((sum, s) => sum + s.size, 0);

  const dry = await runCli(["gc", "--superseded", "--dest", w.t.dest, "--dry-run", "--json"], {
    env: w.env,
  });
  assert.equal(dry.code, 0, dry.stderr);
  const listed = dry.json<{ removed: number; bytes: number; files: string[] }>();
  assert.deepEqual(listed.files.sort(), copies);
  assert.equal(listed.bytes, bytes);
  assert.match(dry.stderr, new RegExp(`gc: would remove ${copies.length} superseded file\\(s\\)`));
  assert.deepEqual(await w.kept(), copies, "a dry run removes nothing");

  const gc = await runCli(["gc", "--superseded", "--dest", w.t.dest, "--json"], { env: w.env });
  assert.equal(gc.code, 0, gc.stderr);
  assert.equal(gc.json<{ removed: number }>().removed, copies.length);
  assert.match(gc.stderr, new RegExp(`gc: removed ${copies.length} superseded file\\(s\\)`));
  assert.deepEqual(await w.kept(), [], "every copy is gone");
  assert.deepEqual(await libraryFiles(w.t.dest, { sidecars: true }), library, "the rest stays");
  const verify = await runCli(["verify", "--dest", w.t.dest], { env: w.env });
  assert.equal(verify.code, 0, verify.stderr);

  const none = await runCli(["gc", "--dest", w.t.dest], { env: w.env });
  assert.equal(none.code, 2, "gc names what to remove");
});

Deno.test("gc --superseded: a copy whose original changed or is missing is kept", async () => {
  await using w = await upgradedLibrary();
  const copies = await w.kept();
  const [changed, missing] = copies.map((c) => c.slice(".gphotos-nas/superseded/".length));
  await Deno.writeTextFile(join(w.t.dest, changed), "bit rot");
  await Deno.remove(join(w.t.dest, missing));
  // A file the index does not record is left alone.
  await Deno.writeTextFile(join(w.superseded, "by-hand.jpg"), "mine");

  const gc = await runCli(["gc", "--superseded", "--dest", w.t.dest], { env: w.env });
  assert.equal(gc.code, 1, gc.stderr);
  assert.match(gc.stderr, new RegExp(`kept .*${changed}: its original ${changed} no longer`));
  assert.match(gc.stderr, new RegExp(`kept .*${missing}: its original ${missing} is missing`));
  assert.match(gc.stderr, /left alone: \.gphotos-nas\/superseded\/by-hand\.jpg/);
  assert.deepEqual(
    await w.kept(),
    [
      `.gphotos-nas/superseded/${changed}`,
      `.gphotos-nas/superseded/${missing}`,
      ".gphotos-nas/superseded/by-hand.jpg",
    ].sort(),
  );
});

Deno.test("superseded-days: a run removes copies once they are that old, not before", async () => {
  await using w = await upgradedLibrary();
  const copies = await w.kept();
  await Deno.writeTextFile(
    join(w.t.configDir, "config.json"),
    JSON.stringify({ supersededDays: 30 }),
  );
  const young = await runCli(["import", ...w.parts, "--dest", w.t.dest, "--json"], { env: w.env });
  assert.equal(young.code, 0, young.stderr);
  assert.deepEqual(await w.kept(), copies, "copies superseded today are kept");

  // Forty days pass for half of them.
  const old = copies.slice(0, Math.ceil(copies.length / 2));
  const db = new DatabaseSync(join(w.t.dest, ".gphotos-nas", "index.sqlite"));
  const then = new Date(Date.now() - 40 * 86_400_000).toISOString();
  for (const path of old) {
    db.prepare("UPDATE superseded SET superseded_at = ? WHERE rel_path = ?").run(then, path);
  }
  db.close();
  const later = await runCli(["import", ...w.parts, "--dest", w.t.dest, "--json"], { env: w.env });
  assert.equal(later.code, 0, later.stderr);
  assert.equal(later.json<{ supersededRemoved: number }>().supersededRemoved, old.length);
  assert.match(later.stderr, new RegExp(`removed ${old.length} superseded cop`));
  assert.deepEqual(await w.kept(), copies.filter((c) => !old.includes(c)));

  // The flag overrides config.json: 0 days removes the rest.
  const rest = await runCli(
    ["import", ...w.parts, "--dest", w.t.dest, "--superseded-days", "0"],
    { env: w.env },
  );
  assert.equal(rest.code, 0, rest.stderr);
  assert.deepEqual(await w.kept(), []);
});
