import assert from "node:assert/strict";
import { join } from "node:path";
import { BlobReader, Uint8ArrayWriter, ZipReader } from "@zip.js/zip.js";
import { damageZipEntry, sha256, writeBombZip, writeZip } from "./mod.ts";

const NAME = "Takeout/Google Photos/IMG_1.jpg";

/** Reads every entry of a zip with zip.js, checking CRC-32s: its hash, or the error it gave. */
async function readAll(path: string): Promise<Map<string, { size: number; got: string }>> {
  const reader = new ZipReader(new BlobReader(new Blob([await Deno.readFile(path)])));
  const out = new Map<string, { size: number; got: string }>();
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue;
    const got = await entry.getData(new Uint8ArrayWriter(), { checkSignature: true }).then(
      (bytes) => sha256(bytes),
      (error: Error) => `error: ${error.message}`,
    );
    out.set(entry.filename, { size: entry.uncompressedSize, got });
  }
  await reader.close();
  return out;
}

Deno.test("takeout damaged zips: flipped bytes, a lying size, invalid data; the other entry intact", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-sim-damaged-" });
  try {
    const photo = crypto.getRandomValues(new Uint8Array(30_000));
    const other = crypto.getRandomValues(new Uint8Array(20_000));
    const files = [{ path: NAME, bytes: photo }, { path: "Takeout/other.jpg", bytes: other }];
    const seen: Record<string, { size: number; got: string }> = {};
    for (const damage of ["flipped", "lying-size", "short-size", "invalid-data"] as const) {
      const path = join(dir, `${damage}.zip`);
      await writeZip(path, files);
      await damageZipEntry(path, NAME, damage);
      const entries = await readAll(path);
      assert.equal(entries.get("Takeout/other.jpg")!.got, sha256(other), damage);
      seen[damage] = entries.get(NAME)!;
    }
    assert.match(seen["flipped"].got, /^error: Invalid CRC32/);
    assert.equal(seen["flipped"].size, photo.length);
    assert.equal(seen["lying-size"].size, 0xF000_0000);
    assert.match(seen["lying-size"].got, /^error: /);
    assert.match(seen["invalid-data"].got, /^error: /);
    assert.equal(seen["short-size"].size, Math.floor(photo.length / 2));
    assert.match(seen["short-size"].got, /^error: /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("takeout bomb zip: ~1,000:1, exact bytes and CRC-32, an optional lying size", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-sim-bomb-" });
  try {
    const path = join(dir, "bomb.zip");
    const head = new TextEncoder().encode("head");
    const size = 8 * 2 ** 20 + 5;
    await writeBombZip(path, [], [
      { path: "v.mp4", size, head },
      { path: "s.json", size: 2 ** 20, declaredSize: 200 },
    ]);
    assert.ok((await Deno.stat(path)).size < size / 500, "compressed about 1,000:1");
    const entries = await readAll(path);
    const expected = new Uint8Array(size);
    expected.set(head);
    assert.deepEqual(entries.get("v.mp4"), { size, got: sha256(expected) });
    assert.equal(entries.get("s.json")!.size, 200);
    assert.match(entries.get("s.json")!.got, /^error: /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
