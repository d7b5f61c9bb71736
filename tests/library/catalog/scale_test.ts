import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { type Catalog, indexPath, openCatalog } from "../../../src/library/catalog/mod.ts";
import { reservation, withDest } from "../../support/catalog.ts";

/**
 * What a run asks the index once per item, per batch or per page, called on the catalog itself: a
 * query that reads a whole table per call turns an import or a verify quadratic (the upgrade
 * lookup by capture time and the after-run check of a Takeout import once did, at 100,000 files).
 * A page (names with "pages") must also come in index order: a sort would read the whole table for
 * each page.
 */
const HOT_CALLS: Record<string, (c: Catalog) => unknown> = {
  "items.findItemFile (the no-change import's decision)": (c) =>
    c.items.findItemFile(["takeout"], "k"),
  "items.findSameItem (a Library API item known by name, time and size)": (c) =>
    c.items.findSameItem("a.jpg", "2024-03-15T10:00:00.000Z", 5),
  "items.findByContent (each file's duplicate check)": (c) => c.items.findByContent("a", 5),
  "items.isNameTaken (each name chosen)": (c) => c.items.isNameTaken("2024/a.jpg"),
  "items.reserve (each new file)": (c) => c.items.reserve(reservation("r", "2024/r.jpg")),
  "items.linkItemToFile (a duplicate drops its reservation's albums)": (c) => {
    const dropped = c.items.reserve(reservation("r2", "2024/r2.jpg"));
    c.items.linkItemToFile("library", "r2", "r2.jpg", 1, undefined, dropped.id);
  },
  "upgrades.copiesCapturedIn (each Takeout photo: an API copy to upgrade?)": (c) =>
    c.upgrades.copiesCapturedIn(new Date("2024-03-15T10:00:00Z")),
  "upgrades.copiesOfGoogleId (each Takeout photo with its URL)": (c) =>
    c.upgrades.copiesOfGoogleId("AF1Qip"),
  "upgrades.filesCapturedNear (each live photo's other half)": (c) =>
    c.upgrades.filesCapturedNear(new Date("2024-03-15T10:00:00Z"), 3, "video"),
  "takeout.doneFiles (the after-run check, per batch of keys)": (c) =>
    c.takeout.doneFiles(["a|1|2024", "b|2|2024"]),
  "sidecars.albumsOf (each XMP sidecar written)": (c) => c.sidecars.albumsOf(1),
  "sidecars.itemsOf (each XMP sidecar written)": (c) => c.sidecars.itemsOf(1),
  "items.doneFilesAfter (verify's pages)": (c) => c.items.doneFilesAfter("", 10),
  "items.pathsIn (verify's walk, one folder at a time)": (c) => c.items.pathsIn("2024"),
  "sidecars.filesWithAfter (verify's sidecar pages)": (c) => c.sidecars.filesWithAfter("", 10),
  "sidecars.filesWithout (the sidecars a run writes, in pages)": (c) =>
    c.sidecars.filesWithout(0, 10),
};

/** The plan SQLite chooses for `sql`, its parameters bound to null. */
function planOf(db: DatabaseSync, sql: string): string[] {
  const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const named = [...new Set(sql.match(/\?\d+/g) ?? [])].length;
  const values = Array(named || (sql.match(/\?/g) ?? []).length).fill(null);
  return (explain.all(...values) as { detail: string }[]).map((r) => r.detail);
}

Deno.test("catalog: the per-item and per-page queries search an index, never scan a table", async () => {
  await withDest((dest) => {
    const catalog = openCatalog(dest);
    const db = new DatabaseSync(indexPath(dest), { readOnly: true });
    try {
      for (const [what, call] of Object.entries(HOT_CALLS)) {
        const before = new Set(catalog.preparedSql());
        call(catalog);
        const asked = catalog.preparedSql().filter((sql) => !before.has(sql));
        // Each call asks something the earlier ones did not (else it checks nothing).
        assert.ok(asked.length > 0, `${what}: no statement of its own`);
        for (const sql of asked) {
          const plan = planOf(db, sql);
          for (const step of plan) {
            // json_each is the batch itself, read once.
            if (/^SCAN \w+ VIRTUAL TABLE/.test(step)) continue;
            assert.doesNotMatch(step, /^SCAN /, `${what}: ${plan.join(" | ")}\n${sql}`);
            if (/pages/.test(what)) {
              assert.doesNotMatch(step, /TEMP B-TREE/, `${what}: ${plan.join(" | ")}`);
            }
          }
        }
      }
    } finally {
      db.close();
      catalog.close();
    }
  });
});

Deno.test("catalog: a folder's recorded paths are its own files, not its neighbours' or its subfolders'", () => {
  const catalog = openCatalog("", { memory: true });
  try {
    const paths = [
      "top.jpg",
      "2024/2024-03-15/a.jpg",
      "2024/2024-03-15/b.jpg",
      "2024/2024-03-15/sub/c.jpg",
      "2024/2024-03-15 (copy)/d.jpg",
      "2024/2024-03-150/e.jpg",
      "2024/2024-03-15x/f.jpg",
      "2024/2024-03-16/g.jpg",
    ];
    paths.forEach((p, i) => catalog.items.reserve(reservation(String(i), p)));
    const inFolder = (folder: string) => [...catalog.items.pathsIn(folder)].sort();
    assert.deepEqual(inFolder("2024/2024-03-15"), [
      "2024/2024-03-15/a.jpg",
      "2024/2024-03-15/b.jpg",
    ]);
    assert.deepEqual(inFolder("2024/2024-03-15/sub"), ["2024/2024-03-15/sub/c.jpg"]);
    assert.deepEqual(inFolder(""), ["top.jpg"]);
    assert.deepEqual(inFolder("2024"), []);
  } finally {
    catalog.close();
  }
});

Deno.test("catalog: done files come page by page in path order, every one once, reservations left out", () => {
  const catalog = openCatalog("", { memory: true });
  try {
    const { items } = catalog;
    const done: string[] = [];
    for (let i = 0; i < 25; i++) {
      const path = `2024/2024-03-${String(1 + i % 28).padStart(2, "0")}/IMG_${i}.jpg`;
      const file = items.reserve(reservation(`id${i}`, path));
      if (i % 4 === 3) continue;
      items.markDone(file.id, { size: i, sha256: "a".repeat(64) });
      done.push(path);
    }
    const seen: string[] = [];
    for (let page = items.doneFilesAfter("", 4); page.length > 0;) {
      assert.ok(page.length <= 4);
      seen.push(...page.map((f) => f.relPath));
      page = items.doneFilesAfter(page[page.length - 1].relPath, 4);
    }
    assert.deepEqual(seen, done.sort());
    assert.equal(items.countDone(), done.length);
  } finally {
    catalog.close();
  }
});

Deno.test("catalog: a new library's index keeps no schema steps in its write-ahead log (a nearly full disk keeps that room)", async () => {
  await withDest(async (dest) => {
    const catalog = openCatalog(dest);
    try {
      const wal = await Deno.stat(`${indexPath(dest)}-wal`);
      // The schema's steps left ~310 KiB here before they were checkpointed.
      assert.ok(wal.size <= 32 * 1024, `${wal.size} bytes of log`);
    } finally {
      catalog.close();
    }
  });
});
