import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { HashPool } from "../../../src/library/verify/hash_pool.ts";
import { compileArgs } from "../../../scripts/compile.ts";

Deno.test("hash pool: every file's SHA-256 and size, bytes reported, NotFound kept", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const sizes = [0, 1, 70_000, 3 * 1024 * 1024 + 5, 1024 * 1024];
    const paths = await Promise.all(sizes.map(async (size, i) => {
      const bytes = new Uint8Array(size).map((_, j) => (j * 31 + i) & 0xff);
      const path = join(dir, `f${i}`);
      await Deno.writeFile(path, bytes);
      return { path, size, sha256: createHash("sha256").update(bytes).digest("hex") };
    }));
    using pool = new HashPool(2);
    let bytes = 0;
    const results = await Promise.all(paths.map((p) => pool.hash(p.path, (d) => bytes += d)));
    assert.deepEqual(results, paths.map(({ size, sha256 }) => ({ size, sha256 })));
    assert.equal(bytes, sizes.reduce((a, b) => a + b, 0));
    await assert.rejects(pool.hash(join(dir, "gone")), Deno.errors.NotFound);
    assert.equal((await pool.hash(paths[1].path)).size, 1, "a failure leaves the thread usable");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hash pool: the compiled binary carries the hashing thread", () => {
  const args = compileArgs("x86_64-unknown-linux-gnu");
  assert.equal(args[args.indexOf("--include") + 1], "src/library/verify/hash_worker.ts");
});
