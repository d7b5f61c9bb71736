import assert from "node:assert/strict";
import { join } from "node:path";
import { EXIF_PEEK_BYTES, fileHead, peek } from "../../src/metadata/head.ts";

Deno.test("head: a file's head on disk and a stream's head are the same bytes, to the limit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const size of [0, 10, EXIF_PEEK_BYTES - 1, EXIF_PEEK_BYTES + 70_000]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 7) & 0xff);
      const path = join(dir, `f${size}`);
      await Deno.writeFile(path, bytes);
      for (const limit of [undefined, 5, 512 * 1024]) {
        const fromFile = await fileHead(path, limit);
        const fromStream = await peek((await Deno.open(path)).readable, limit);
        assert.deepEqual(fromFile, fromStream, `${size} bytes, limit ${limit}`);
        assert.deepEqual(fromFile, bytes.subarray(0, limit ?? EXIF_PEEK_BYTES));
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
