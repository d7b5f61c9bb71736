import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { dirname, join } from "node:path";
import { indexPath, openCatalog } from "../../../src/library/catalog/mod.ts";
import { SCHEMA_VERSION } from "../../../src/library/catalog/schema.ts";
import { parseXmp } from "../../../src/metadata/xmp_parse.ts";
import { openTestLibrary, withDest } from "../../support/catalog.ts";
import { V0_ROWS, writeIndexV0 } from "../../fixtures/index_v0_fixture.ts";
import { memoryRecord } from "../../support/records.ts";

/** The fixture's index as version 1 wrote it (the same tables, the version recorded). */
function writeIndexV1(dest: string): void {
  writeIndexV0(dest);
  const db = new DatabaseSync(indexPath(dest));
  db.exec("PRAGMA user_version = 1");
  db.close();
}

Deno.test("catalog: version 2 adds sidecars to a version 1 index and keeps every row", async () => {
  await withDest((dest) => {
    writeIndexV1(dest);
    const catalog = openCatalog(dest);
    try {
      const { done } = V0_ROWS;
      assert.deepEqual(catalog.sidecars.filesWithout(), [
        { id: 1, relPath: done.relPath, captureTime: done.captureTime },
      ]);
      assert.equal(catalog.sidecars.recorded(1), undefined);
      assert.equal(catalog.sidecars.captureOffset(1), undefined);
      assert.deepEqual(catalog.sidecars.albumsOf(1), ["Holidays"]);
      assert.equal(catalog.items.findByContent(done.sha256, done.size)?.relPath, done.relPath);
      catalog.sidecars.record(1, "b".repeat(64));
      catalog.sidecars.setCaptureOffset(1, 540);
      assert.equal(catalog.sidecars.recorded(1), "b".repeat(64));
      assert.equal(catalog.sidecars.captureOffset(1), 540);
      assert.deepEqual(catalog.sidecars.filesWithout(), []);
      assert.equal(catalog.report.integrityCheck(), "ok");
    } finally {
      catalog.close();
    }
    const db = new DatabaseSync(indexPath(dest), { readOnly: true });
    const version = db.prepare("PRAGMA user_version").get() as { user_version: number };
    db.close();
    assert.equal(version.user_version, SCHEMA_VERSION);
  });
});

Deno.test("catalog: a sidecar's SHA-256 is kept as 32 bytes, and one recorded as hex still reads", async () => {
  await withDest((dest) => {
    writeIndexV1(dest);
    const sha = "0123456789abcdef".repeat(4);
    const catalog = openCatalog(dest);
    try {
      catalog.sidecars.record(1, sha);
      assert.equal(catalog.sidecars.recorded(1), sha);
    } finally {
      catalog.close();
    }
    const db = new DatabaseSync(indexPath(dest));
    const row = db.prepare("SELECT sha256 FROM sidecars WHERE file_id = 1").get() as {
      sha256: unknown;
    };
    assert.ok(row.sha256 instanceof Uint8Array);
    assert.equal(row.sha256.length, 32);
    // As an index written before holds it: 64 hex digits.
    db.prepare("UPDATE sidecars SET sha256 = ? WHERE file_id = 1").run("c".repeat(64));
    db.close();
    const again = openCatalog(dest);
    try {
      assert.equal(again.sidecars.recorded(1), "c".repeat(64));
    } finally {
      again.close();
    }
  });
});

Deno.test("catalog: an item's metadata counts as changed only when it differs", async () => {
  await withDest((dest) => {
    writeIndexV1(dest);
    const catalog = openCatalog(dest);
    try {
      const id = V0_ROWS.done.mediaId;
      assert.equal(catalog.sidecars.updateMetadata("library", id, { description: "a" }), true);
      assert.equal(catalog.sidecars.updateMetadata("library", id, { description: "a" }), false);
      assert.equal(catalog.sidecars.updateMetadata("library", id, { description: "b" }), true);
      assert.equal(catalog.sidecars.updateMetadata("library", "unknown", { x: 1 }), false);
    } finally {
      catalog.close();
    }
  });
});

Deno.test("library: a library from before sidecars gets one per present file on its next run", async () => {
  await withDest(async (dest) => {
    writeIndexV1(dest);
    const media = join(dest, V0_ROWS.done.relPath);
    await Deno.mkdir(dirname(media), { recursive: true });
    await Deno.writeFile(media, new Uint8Array([1, 2, 3]));
    const library = await openTestLibrary(dest, { xmp: true });
    try {
      assert.equal(await library.writer.writeMissingSidecars(), 1);
      const meta = parseXmp(await Deno.readTextFile(`${media}.xmp`));
      assert.deepEqual(meta?.albums, ["Holidays"]);
      assert.equal(meta?.googleId, V0_ROWS.done.mediaId);
      assert.equal(meta?.captureTime?.toISOString(), V0_ROWS.done.captureTime);
      assert.deepEqual(await Deno.readFile(media), new Uint8Array([1, 2, 3]));
      assert.equal(await library.writer.writeMissingSidecars(), 0, "once is enough");
    } finally {
      await library.finish(0, {});
    }
  });
});

Deno.test("library: a sidecar that cannot be written is said in one line and the others are still written", async () => {
  await withDest(async (dest) => {
    const plain = await openTestLibrary(dest);
    const stored = [];
    for (const [id, day] of [["a", "2024-03-15"], ["b", "2024-03-16"]]) {
      const record = memoryRecord(id, `photo ${id}`, { captureTime: new Date(`${day}T10:00:00Z`) });
      stored.push((await plain.writer.store(record)).relPath!);
    }
    await plain.finish(0, {});
    // A folder the fault injector's open calls refuse (fiu: ENOTDIR), not a full or read-only disk.
    const real = Deno.openSync;
    // A sidecar's temp file is created new; the media files are only read.
    Deno.openSync = (path, options) => {
      if (String(path).includes("2024-03-15") && options?.createNew) {
        throw new Error("Not a directory (os error 20)");
      }
      return real(path, options);
    };
    const library = await openTestLibrary(dest, { xmp: true });
    try {
      await assert.rejects(
        library.writer.writeMissingSidecars(),
        new RegExp(
          `^ItemError: Cannot write 1 XMP sidecar\\(s\\) \\(${stored[0]}\\.xmp: Not a directory ` +
            "\\(os error 20\\)\\); the next run writes them again$",
        ),
      );
      assert.ok(await Deno.stat(join(dest, `${stored[1]}.xmp`)), "the other one is written");
    } finally {
      Deno.openSync = real;
      await library.finish(0, {});
    }
  });
});
