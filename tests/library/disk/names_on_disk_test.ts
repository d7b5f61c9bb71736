import assert from "node:assert/strict";
import { join } from "node:path";
import { NamesOnDisk } from "../../../src/library/disk/names_on_disk.ts";

const lower = (name: string) => name.toLowerCase();

Deno.test("names on disk: files, folders and broken links hold their names; a missing folder holds none", async () => {
  const root = await Deno.makeTempDir();
  try {
    const day = join(root, "2024", "2024-05-01");
    await Deno.mkdir(join(day, "sub"), { recursive: true });
    await Deno.writeTextFile(join(day, "IMG_0001.jpg"), "x");
    await Deno.symlink(join(root, "gone"), join(day, "broken.jpg"));
    const onDisk = new NamesOnDisk(lower);
    assert.equal(onDisk.has(join(day, "IMG_0001.jpg")), true);
    // Names are unique as the key folds them: another case is the same name.
    assert.equal(onDisk.has(join(day, "img_0001.JPG")), true);
    assert.equal(onDisk.has(join(day, "sub")), true);
    assert.equal(onDisk.has(join(day, "broken.jpg")), true);
    assert.equal(onDisk.has(join(day, "IMG_0002.jpg")), false);
    assert.equal(onDisk.has(join(root, "2024", "2024-05-02", "IMG_0001.jpg")), false);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("names on disk: past its budget the oldest listing goes and is read again when asked", async () => {
  const root = await Deno.makeTempDir();
  try {
    const folders = ["a", "b", "c", "d", "e"].map((name) => join(root, name));
    for (const folder of folders) {
      await Deno.mkdir(folder);
      await Deno.writeTextFile(join(folder, "0.jpg"), "x");
    }
    // Room for four names: four folders of one.
    const onDisk = new NamesOnDisk(lower, 4);
    assert.equal(onDisk.has(join(folders[0], "new.jpg")), false);
    // Listed while "a" is held: a name made now is not seen there...
    await Deno.writeTextFile(join(folders[0], "new.jpg"), "x");
    assert.equal(onDisk.has(join(folders[0], "new.jpg")), false);
    for (const folder of folders.slice(1, 4)) assert.equal(onDisk.has(join(folder, "0.jpg")), true);
    // ...until "a", asked about longest ago, was dropped for "e" and is listed again.
    assert.equal(onDisk.has(join(folders[4], "0.jpg")), true);
    assert.equal(onDisk.has(join(folders[0], "new.jpg")), true);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("names on disk: a folder too large to hold is asked name by name", async () => {
  const root = await Deno.makeTempDir();
  try {
    for (let i = 0; i < 3; i++) await Deno.writeTextFile(join(root, `${i}.jpg`), "x");
    const onDisk = new NamesOnDisk(lower, 8);
    assert.equal(onDisk.has(join(root, "late.jpg")), false);
    await Deno.writeTextFile(join(root, "late.jpg"), "x");
    // More than a quarter of the budget: not held, so a name made since is seen.
    assert.equal(onDisk.has(join(root, "late.jpg")), true);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
