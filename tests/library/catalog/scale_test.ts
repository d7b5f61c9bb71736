import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { indexPath, openCatalog } from "../../../src/library/catalog/mod.ts";
import { reservation, withDest } from "../../support/catalog.ts";

/**
 * The queries a lifetime library (a million files) runs per item or per page, as the catalog
 * words them, with the method that runs each: one that reads a whole table per call turns an
 * import or a verify quadratic. A page (names with "pages") must also come in index order: a sort
 * would read the whole table for each page.
 */
const HOT_QUERIES: Record<string, string> = {
  "items.findItemFile (the no-change import's decision)": `SELECT f.* FROM items i
    JOIN files f ON f.id = i.file_id WHERE i.source_id = ? AND i.source IN (?)
    ORDER BY f.state = 'done' DESC LIMIT 1`,
  "sidecars.albumsOf (each XMP sidecar written)":
    "SELECT album FROM albums WHERE file_id = ? ORDER BY album",
  "items.linkItemToFile (a duplicate drops its reservation's albums)":
    "DELETE FROM albums WHERE file_id = ?",
  "items.doneFilesAfter (verify's pages)":
    `SELECT id, rel_path, size, sha256 FROM files WHERE rel_path > ? AND state = 'done'
     ORDER BY rel_path LIMIT ?`,
  "items.pathsIn (verify's walk, one folder at a time)": `SELECT rel_path FROM files
    WHERE rel_path >= ? AND rel_path < ? AND instr(substr(rel_path, ?), '/') = 0`,
  "sidecars.filesWithAfter (verify's sidecar pages)": `SELECT f.id, f.rel_path, f.capture_time
    FROM files f JOIN sidecars s ON s.file_id = f.id WHERE f.rel_path > ? AND f.state = 'done'
    ORDER BY f.rel_path LIMIT ?`,
  "sidecars.filesWithout (the sidecars a run writes, in pages)": `SELECT f.id, f.rel_path,
    f.capture_time FROM files f LEFT JOIN sidecars s ON s.file_id = f.id
    WHERE f.id > ? AND f.state = 'done' AND s.file_id IS NULL ORDER BY f.id LIMIT ?`,
};

Deno.test("catalog: the per-item and per-page queries search an index, never scan a table", async () => {
  await withDest((dest) => {
    openCatalog(dest).close();
    const db = new DatabaseSync(indexPath(dest), { readOnly: true });
    try {
      for (const [what, sql] of Object.entries(HOT_QUERIES)) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((r) => r.detail);
        assert.ok(plan.length > 0, what);
        for (const step of plan) {
          assert.doesNotMatch(step, /^SCAN /, `${what}: ${plan.join(" | ")}`);
          if (/pages/.test(what)) {
            assert.doesNotMatch(step, /TEMP B-TREE/, `${what}: ${plan.join(" | ")}`);
          }
        }
      }
    } finally {
      db.close();
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

Deno.test("catalog: the after-run check looks each Takeout key of a batch up, never walks the items", async () => {
  // takeout.doneFiles, as the catalog words it: the batch's keys must drive the loop. With the
  // items outside, SQLite walked every Takeout item and scanned the batch for each: 8 s per batch
  // of 500 at 50,000 items, so the check of a whole export was quadratic.
  const sql = `SELECT i.source_id, f.rel_path, f.size FROM json_each(?) j
    CROSS JOIN items i ON i.source = 'takeout' AND i.source_id = j.value
    JOIN files f ON f.id = i.file_id WHERE f.state = 'done'`;
  await withDest((dest) => {
    openCatalog(dest).close();
    const db = new DatabaseSync(indexPath(dest), { readOnly: true });
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("[]") as { detail: string }[])
        .map((r) => r.detail);
      assert.match(plan[0], /^SCAN j VIRTUAL TABLE/, plan.join(" | "));
      assert.match(plan[1], /^SEARCH i USING .*\(source=\? AND source_id=\?\)/, plan.join(" | "));
    } finally {
      db.close();
    }
  });
});
