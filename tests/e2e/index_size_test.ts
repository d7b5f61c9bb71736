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
import { join } from "node:path";
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

/** Each XMP sidecar of the library: its bytes and modification time, by path. */
async function xmpFiles(
  dir: string,
  found = new Map<string, string>(),
): Promise<Map<string, string>> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) await xmpFiles(path, found);
    else if (entry.name.endsWith(".xmp")) {
      const info = await Deno.stat(path);
      found.set(path, `${info.mtime?.getTime()} ${await Deno.readTextFile(path)}`);
    }
  }
  return found;
}

Deno.test("index: an item recorded with its whole sidecar is shortened by the next import, its XMP untouched", async () => {
  await using w = await importWorkspace("index-old-rows", "UTC");
  const parts = await writeManyExport(w.dir, {
    photos: 20,
    parts: 1,
    size: [800, 1_200],
    stem: "takeout-20261101T000000Z",
  });
  const args = ["import", ...parts, "--dest", w.dest, "--json", "--quiet"];
  assert.equal((await runCli(args, { env: w.env })).code, 0);
  // As earlier versions wrote every item: the sidecar whole, the export and the entry's path.
  const db = new DatabaseSync(indexPath(w.dest));
  db.exec(`UPDATE items SET metadata = json_insert(metadata, '$.description', '',
    '$.photoTakenTime.formatted', '', '$.creationTime.formatted', '',
    '$.geoData', json('{"latitude":0,"longitude":0,"altitude":0}'),
    '$.takeout', json_object('set', 'takeout-20261101T000000Z',
      'path', 'Takeout/Google Photos/Photos from 2015/' || filename,
      'dateFrom', 'sidecar photoTakenTime'))`);
  db.close();
  const before = await xmpFiles(w.dest);
  assert.equal(before.size, 20);

  const again = await runCli(args, { env: w.env });
  assert.equal(again.code, 0, again.stderr.slice(-2000));
  assert.equal(again.json<RunJson & { recognized: number }>().recognized, 20);
  assert.deepEqual(await xmpFiles(w.dest), before, "no XMP sidecar rewritten or changed");
  const check = new DatabaseSync(indexPath(w.dest), { readOnly: true });
  try {
    const rows = check.prepare("SELECT metadata FROM items").all() as { metadata: string }[];
    assert.equal(rows.length, 20);
    for (const row of rows) {
      assert.deepEqual(Object.keys(JSON.parse(row.metadata)).sort(), [
        "creationTime",
        "photoTakenTime",
        "title",
        "url",
      ]);
    }
  } finally {
    check.close();
  }
});
