import assert from "node:assert/strict";
import { join } from "node:path";
import { unpackTar } from "modern-tar";
import { sha256, writeBombTgz } from "./mod.ts";

Deno.test("takeout bomb tgz: ~1,000:1, a valid gzip of a strict tar, exact bytes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-sim-bomb-tgz-" });
  try {
    const path = join(dir, "bomb.tgz");
    const head = new TextEncoder().encode("head");
    const tail = new TextEncoder().encode("tail");
    const size = 8 * 2 ** 20 + 5;
    const small = crypto.getRandomValues(new Uint8Array(1000));
    await writeBombTgz(path, [{ path: "a/small.jpg", bytes: small }], [
      { path: "a/v.mp4", size, head },
      { path: "a/s.json", size: 2 ** 20 + 1, tail },
    ]);
    assert.ok((await Deno.stat(path)).size < size / 500, "compressed about 1,000:1");
    using file = await Deno.open(path);
    // DecompressionStream checks the gzip CRC-32 and length; strict, the tar's every header.
    const entries = await unpackTar(file.readable.pipeThrough(new DecompressionStream("gzip")), {
      strict: true,
    });
    const got = entries.map((e) => [e.header.name, e.header.size, sha256(e.data!)]);
    const video = new Uint8Array(size);
    video.set(head);
    const sidecar = new Uint8Array(2 ** 20 + 1);
    sidecar.set(tail, sidecar.length - tail.length);
    assert.deepEqual(got, [
      ["a/small.jpg", 1000, sha256(small)],
      ["a/v.mp4", size, sha256(video)],
      ["a/s.json", 2 ** 20 + 1, sha256(sidecar)],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("takeout bomb tgz: a size in a tar header cannot lie", async () => {
  await assert.rejects(
    writeBombTgz("/nonexistent/x.tgz", [], [{ path: "s.json", size: 10, declaredSize: 2 }]),
    /cannot lie/,
  );
});
