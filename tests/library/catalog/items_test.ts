import assert from "node:assert/strict";
import { type Catalog, openCatalog } from "../../../src/library/catalog/mod.ts";
import { type MediaRecord, type SourceName, sourcesSharingIds } from "../../../src/media/record.ts";
import { openTestLibrary, reservation, withDest } from "../../support/catalog.ts";

function withCatalog(fn: (catalog: Catalog) => void): void {
  const catalog = openCatalog("", { memory: true });
  try {
    fn(catalog);
  } finally {
    catalog.close();
  }
}

Deno.test("catalog items: a reservation that fails part-way is rolled back and frees its name", () => {
  withCatalog(({ items }) => {
    const path = "2024/2024-03-15/IMG_0001.JPG";
    // The file row goes in first, then the item row fails (filename is NOT NULL).
    const broken = { ...reservation("a", path), filename: null as unknown as string };
    assert.throws(() => items.reserve(broken), /NOT NULL/);
    assert.equal(items.isNameTaken(path.toLowerCase()), false);
    assert.equal(items.findItemFile(["library"], "a"), undefined);
    assert.equal(items.reserve(reservation("b", path)).relPath, path);
  });
});

Deno.test("catalog items: a name taken case-insensitively is refused, leaving no trace", () => {
  withCatalog(({ items }) => {
    items.reserve(reservation("a", "2024/2024-03-15/IMG_0001.JPG"));
    assert.throws(() => items.reserve(reservation("b", "2024/2024-03-15/img_0001.jpg")), /UNIQUE/);
    assert.equal(items.findItemFile(["library"], "b"), undefined);
    assert.equal(items.allFiles().length, 1);
  });
});

Deno.test("catalog items: a reservation released for a duplicate's file frees the name", () => {
  withCatalog(({ items }) => {
    const kept = items.reserve(reservation("a", "2024/2024-03-15/A.JPG"));
    items.markDone(kept.id, { size: 10, sha256: "f".repeat(64) });
    const dropped = items.reserve(reservation("b", "2024/2024-03-15/B.JPG"));
    items.addAlbums(dropped.id, ["Trip"]);
    items.linkItemToFile("library", "b", "B.JPG", kept.id, undefined, dropped.id);
    assert.equal(items.isNameTaken("2024/2024-03-15/b.jpg"), false);
    assert.equal(items.findItemFile(["library"], "b")?.id, kept.id);
    assert.deepEqual(items.allFiles().map((f) => f.id), [kept.id]);
    assert.deepEqual(items.albumNames(), []);
    assert.equal(items.reserve(reservation("c", "2024/2024-03-15/B.JPG")).state, "reserved");
  });
});

Deno.test("catalog items: a Library id and a Picker id of the same media are one item", () => {
  withCatalog(({ items }) => {
    const file = items.reserve(reservation("AF1Qip1", "2024/2024-03-15/IMG_0001.JPG"));
    items.markDone(file.id, { size: 10, sha256: "e".repeat(64) });
    assert.equal(items.findItemFile(sourcesSharingIds("picker"), "AF1Qip1")?.id, file.id);
    assert.equal(items.findItemFile(sourcesSharingIds("library"), "AF1Qip1")?.id, file.id);
    // A Takeout key that happens to equal a Google id is another item.
    assert.equal(items.findItemFile(sourcesSharingIds("takeout"), "AF1Qip1"), undefined);
  });
});

Deno.test("catalog items: lookups by name+time+size and by content find done files only", () => {
  withCatalog(({ items }) => {
    const file = items.reserve(reservation("a", "2024/2024-03-15/IMG_0001.JPG"));
    const time = "2024-03-15T10:00:00.000Z";
    assert.equal(items.findSameItem("IMG_0001.JPG", time, 10), undefined);
    items.markDone(file.id, { size: 10, sha256: "d".repeat(64) });
    assert.equal(items.findSameItem("IMG_0001.JPG", time, 10)?.id, file.id);
    assert.equal(items.findSameItem("IMG_0001.JPG", time, 11), undefined);
    assert.equal(items.findSameItem("IMG_0001.JPG", null, 10), undefined);
    assert.equal(items.findByContent("d".repeat(64), 10)?.id, file.id);
    assert.equal(items.findByContent("d".repeat(64), 11), undefined);
  });
});

function photo(source: SourceName, sourceId: string, bytes: Uint8Array): MediaRecord {
  return {
    source,
    sourceId,
    filename: "IMG_0001.JPG",
    captureTime: new Date("2024-03-15T10:00:00Z"),
    mimeType: "image/jpeg",
    kind: "photo",
    ready: true,
    match: source === "takeout" ? "id" : "id-or-name-time-size",
    open: () =>
      Promise.resolve({
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(bytes);
            controller.close();
          },
        }),
        size: bytes.length,
      }),
  };
}

Deno.test("catalog items: an item backed up through the Library API is skipped when picked", async () => {
  await withDest(async (dest) => {
    const library = await openTestLibrary(dest);
    try {
      const bytes = crypto.getRandomValues(new Uint8Array(4096));
      assert.equal(
        (await library.writer.store(photo("library", "AF1Qip1", bytes))).status,
        "downloaded",
      );
      // The Picker serves the same media under the same id, and without a known size.
      const picked = { ...photo("picker", "AF1Qip1", new Uint8Array(1)), size: undefined };
      assert.equal((await library.writer.store(picked)).status, "skipped");
      assert.equal(library.index.items.allFiles().length, 1);
    } finally {
      await library.finish(0, {});
    }
  });
});
