import assert from "node:assert/strict";
import { join } from "node:path";
import { removeEmptyFolders } from "../../../src/library/disk/empty_folders.ts";

Deno.test("empty folders: a folder left empty goes with its empty parents, never one holding anything, never DEST", async () => {
  const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-empty-" });
  try {
    await Deno.mkdir(join(dest, "2024/2024-03-15"), { recursive: true });
    await Deno.mkdir(join(dest, "2023/2023-01-02"), { recursive: true });
    await Deno.writeTextFile(join(dest, "2023/kept.txt"), "a file the user put there");
    await Deno.mkdir(join(dest, "lone"), { recursive: true });
    const removed = await removeEmptyFolders(dest, [
      "2024/2024-03-15",
      "2023/2023-01-02",
      "lone",
      "",
    ]);
    assert.equal(removed, 4, "2024-03-15, 2024, 2023-01-02 and lone");
    const left = [...Deno.readDirSync(dest)].map((e) => e.name).sort();
    assert.deepEqual(left, ["2023"]);
    assert.deepEqual([...Deno.readDirSync(join(dest, "2023"))].map((e) => e.name), ["kept.txt"]);
    assert.ok(Deno.statSync(dest).isDirectory, "DEST stays");
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
});
