/**
 * The index's size per item (issue 22: ≤ 1 KiB, 1,369 B on this import before): a real import of
 * an export the size of a small library's part (small photos with Google-shaped sidecars, several
 * zip parts), its index measured as the bench measures it (the file and its write-ahead log), less
 * what the same library's index held before the import (each table's first page, the library's own
 * rows). Sizes are deterministic: no timing is involved.
 *
 * @module
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { runCli, type RunJson } from "../support/cli.ts";
import { importWorkspace } from "../support/workspace.ts";
import { writeManyExport } from "../../src/simulator/takeout/mod.ts";
import { indexPath } from "../../src/library/catalog/mod.ts";
import { openLibrary } from "../../src/library/mod.ts";
import { libraryOptions } from "../../scripts/bench/index_library.ts";

const PHOTOS = 2_000;

/** The index's bytes on disk: its file and its write-ahead log. */
async function indexBytes(dest: string): Promise<number> {
  let bytes = 0;
  for (const suffix of ["", "-wal"]) {
    bytes += await Deno.stat(indexPath(dest) + suffix).then((i) => i.size, () => 0);
  }
  return bytes;
}

/** Bytes per item of each table and index, for the failure message. */
function perTable(dest: string, items: number): string {
  const db = new DatabaseSync(indexPath(dest), { readOnly: true });
  try {
    return (db.prepare(
      "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8",
    ).all() as { name: string; bytes: number }[])
      .map((r) => `${r.name} ${Math.round(r.bytes / items)}`).join(", ");
  } finally {
    db.close();
  }
}

Deno.test("index: a Takeout import costs at most 1 KiB of index per item", async () => {
  await using w = await importWorkspace("index-size", "UTC");
  const parts = await writeManyExport(w.dir, {
    photos: PHOTOS,
    parts: 4,
    size: [800, 1_200],
    stem: "takeout-20261101T000000Z",
  });
  // The library's first run creates its index: what the import adds is measured from there.
  const first = await openLibrary(w.dest, libraryOptions("import"));
  await first.finish(0, {});
  const empty = await indexBytes(w.dest);

  const run = await runCli(["import", ...parts, "--dest", w.dest, "--json", "--quiet"], {
    env: w.env,
  });
  assert.equal(run.code, 0, run.stderr.slice(-2000));
  assert.equal(run.json<RunJson>().downloaded, PHOTOS);
  const perItem = (await indexBytes(w.dest) - empty) / PHOTOS;
  assert.ok(
    perItem <= 1024,
    `${perItem.toFixed(0)} B of index per item (bytes per item: ${perTable(w.dest, PHOTOS)})`,
  );
});
