import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { indexPath, openCatalog } from "../../src/library/catalog/mod.ts";
import { IndexDamagedError } from "../../src/library/catalog/health.ts";
import { runCli } from "../support/cli.ts";
import { openTestLibrary, reservation, withDest } from "../support/catalog.ts";

const ROWS = 3000;

/** A library whose index records `ROWS` files, closed the way a finished run closes it. */
async function filledLibrary(dest: string): Promise<void> {
  const lib = await openTestLibrary(dest);
  lib.index.deferred(() => {
    for (let i = 0; i < ROWS; i++) {
      const path = `2024/2024-03-15/IMG_${String(i).padStart(5, "0")}_with_a_long_name.jpg`;
      const file = lib.index.items.reserve(reservation(`id-${i}`, path));
      lib.index.items.markDone(file.id, { size: 1000 + i, sha256: "ab".repeat(32) });
    }
  });
  await lib.finish(0, {});
}

/** Overwrites the middle leaf page of the `files` table: neither its first nor its last row. */
function damageMiddleLeaf(dest: string): void {
  const db = new DatabaseSync(indexPath(dest));
  const leaves = db.prepare(
    "SELECT pageno FROM dbstat WHERE name = 'files' AND pagetype = 'leaf' ORDER BY path",
  ).all().map((r) => Number(r.pageno));
  const pageSize = Number(db.prepare("PRAGMA page_size").get()?.page_size);
  db.close();
  assert.ok(leaves.length > 10, `the files table spans ${leaves.length} leaves`);
  const page = leaves[Math.floor(leaves.length / 2)];
  const file = Deno.openSync(indexPath(dest), { read: true, write: true });
  file.seekSync((page - 1) * pageSize, Deno.SeekMode.Start);
  file.writeSync(new Uint8Array(pageSize).fill(0xa5));
  file.close();
}

Deno.test("index health: opening reads no table whole: a damaged page inside one opens, verify's full check refuses it", async () => {
  await withDest(async (dest) => {
    await filledLibrary(dest);
    damageMiddleLeaf(dest);

    // status, serve and every run open it cheaply: the damage is where opening does not look.
    const reader = openCatalog(dest, { readonly: true });
    try {
      assert.notEqual(reader.fullCheck(), "ok", "SQLite's full check sees the damage");
    } finally {
      reader.close();
    }
    openCatalog(dest).close();

    const config = await Deno.makeTempDir({ prefix: "gphotos-nas-health-config-" });
    try {
      // verify reads every page; status, whose counts read the damaged table, says the same.
      for (const command of ["verify", "status"]) {
        const run = await runCli([command, "--dest", dest], {
          env: { GPHOTOS_NAS_CONFIG_DIR: config },
        });
        assert.equal(run.code, 2, `${command}: ${run.stderr}`);
        const lines = run.stderr.trim().split("\n").filter((l) => l.startsWith("error:"));
        assert.equal(lines.length, 1, `${command}: ${run.stderr}`);
        assert.match(
          lines[0],
          new RegExp(
            `^error: Cannot open the index ${indexPath(dest)}: it is damaged \\(.+\\); nothing ` +
              `was changed — run \`gphotos-nas index rebuild --dest ${dest}\``,
          ),
        );
      }
      // The way out the line names works: the damaged index goes aside, a new one is built.
      const rebuild = await runCli(["index", "rebuild", "--dest", dest, "--json"], {
        env: { GPHOTOS_NAS_CONFIG_DIR: config },
      });
      assert.equal(rebuild.code, 0, rebuild.stderr);
      assert.match(rebuild.json<{ setAside: string }>().setAside, /index\.sqlite\.damaged-/);
      const fresh = openCatalog(dest, { readonly: true });
      try {
        assert.equal(fresh.fullCheck(), "ok");
      } finally {
        fresh.close();
      }
    } finally {
      await Deno.remove(config, { recursive: true });
    }
  });
});

Deno.test("index health: after a writer that never closed the index, the next writer runs the full check once", async () => {
  await withDest(async (dest) => {
    await filledLibrary(dest);
    // A writer that is killed keeps its open marker in the index; the power cut that killed it
    // may have damaged a page.
    const killed = openCatalog(dest);
    damageMiddleLeaf(dest);
    assert.throws(() => openCatalog(dest), IndexDamagedError);
    // Readers never pay for the full check: status still answers.
    openCatalog(dest, { readonly: true }).close();
    killed.close();
    // Closed whole again, the next writer opens cheaply (the damage is left to verify).
    openCatalog(dest).close();
  });
});

Deno.test("index health: a truncated index is refused at open, without reading it whole", async () => {
  await withDest(async (dest) => {
    await filledLibrary(dest);
    for (const suffix of ["-wal", "-shm"]) {
      await Deno.remove(indexPath(dest) + suffix).catch(() => {});
    }
    const bytes = await Deno.readFile(indexPath(dest));
    // A third of it (a copy cut short), then only its last page missing.
    for (const length of [Math.floor(bytes.length / 3), bytes.length - 4096]) {
      await Deno.writeFile(indexPath(dest), bytes.slice(0, length));
      for (const readonly of [true, false]) {
        assert.throws(() => openCatalog(dest, { readonly }), IndexDamagedError, `${length}`);
      }
      assert.equal((await Deno.readFile(indexPath(dest))).length, length, "nothing was changed");
    }
  });
});
