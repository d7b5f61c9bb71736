import assert from "node:assert/strict";
import { join } from "node:path";
import { buildAlbumLinks } from "../../../src/library/layout/albums.ts";
import { collisionSuffix, freeName, nameKey } from "../../../src/library/layout/names.ts";
import { memoryRecord, withLibrary } from "../../support/records.ts";

/** Gives each id a name in folder `f`, in the given order, as the writer does: claim, then next. */
function nameAll(ids: string[], wanted: string, held: string[]): Map<string, string> {
  const keys = new Set(held.map((path) => nameKey(path)));
  const names = new Map<string, string>();
  for (const id of ids) {
    const path = freeName("f", wanted, id, (_path, key) => keys.has(key))!;
    keys.add(nameKey(path));
    names.set(id, path);
  }
  return names;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])
  );
}

Deno.test("freeName: an item that cannot have its name gets the same one whatever order items arrive in", () => {
  const ids = ["item-a", "item-b", "item-c", "item-d"];
  const expected = new Map(ids.map((id) => [id, `f/IMG_0001_${collisionSuffix(id)}.jpg`]));
  for (const order of permutations(ids)) {
    assert.deepEqual(nameAll(order, "IMG_0001.jpg", ["f/IMG_0001.jpg"]), expected, order.join());
  }
});

Deno.test("freeName: never gives a name that is taken, and gives up rather than reuse one", () => {
  const suffixed = `f/IMG_${collisionSuffix("x")}.jpg`;
  const answeredTaken: string[] = [];
  const held = new Set(["f/IMG.jpg", suffixed, `f/IMG_${collisionSuffix("x")}-2.jpg`]);
  const path = freeName("f", "IMG.jpg", "x", (candidate) => {
    const taken = held.has(candidate);
    if (taken) answeredTaken.push(candidate);
    return taken;
  });
  assert.equal(path, `f/IMG_${collisionSuffix("x")}-3.jpg`);
  assert.deepEqual(answeredTaken, [...held]);
  assert.equal(freeName("f", "IMG.jpg", "x", () => true), undefined);
});

Deno.test("freeName: uniqueness is case-insensitive", () => {
  const names = nameAll(["two"], "Img_0001.jpg", ["f/IMG_0001.JPG"]);
  assert.equal(names.get("two"), `f/Img_0001_${collisionSuffix("two")}.jpg`);
});

Deno.test("freeName: album links follow the one rule, keep their names and replace nothing", async () => {
  await withLibrary(async (dest, lib) => {
    const album = { filename: "IMG_1.jpg", albums: ["Trip"] };
    const first = await lib.writer.store(memoryRecord("a", "first", { ...album }));
    const second = await lib.writer.store(
      memoryRecord("b", "second", { ...album, captureTime: new Date("2024-03-16T10:00:00Z") }),
    );
    const folder = join(dest, "albums", "Trip");
    await Deno.mkdir(folder, { recursive: true });
    await Deno.writeTextFile(join(folder, "IMG_1.jpg"), "not ours");

    assert.equal(await buildAlbumLinks(dest, lib.index), 2);
    assert.equal(await buildAlbumLinks(dest, lib.index), 0);
    assert.equal(await Deno.readTextFile(join(folder, "IMG_1.jpg")), "not ours");
    for (const [file, bytes] of [[first.relPath!, "first"], [second.relPath!, "second"]]) {
      const link = join(folder, `IMG_1_${collisionSuffix(file)}.jpg`);
      assert.equal(await Deno.readLink(link), `../../${file}`);
      assert.equal(await Deno.readTextFile(link), bytes);
    }
  });
});
