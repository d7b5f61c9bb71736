import assert from "node:assert/strict";
import { join } from "node:path";
import { openLibrary } from "../../src/library/mod.ts";
import { defaultRetryPolicy } from "../../src/net/retry.ts";
import { createLogger } from "../../src/ui/log.ts";
import { memoryRecord } from "../support/records.ts";

const TIME = new Date("2024-03-15T10:00:00Z");

function open(dest: string, lines: string[] = []) {
  return openLibrary(dest, {
    command: "test",
    timeZone: "UTC",
    log: createLogger({ write: (text) => lines.push(text) }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(0.0005),
    stallTimeoutMs: 1000,
  });
}

/** Makes `Deno[name]` fail once for a call `when` selects (then it is itself again). */
function failOnce(name: "removeSync", when: (path: string) => boolean): () => void {
  const real = Deno[name];
  // deno-lint-ignore no-explicit-any
  const deno = Deno as any;
  deno[name] = (path: string | URL, ...rest: unknown[]) => {
    if (when(String(path))) {
      deno[name] = real;
      throw new Deno.errors.Busy(`injected: ${name} failed`);
    }
    // deno-lint-ignore no-explicit-any
    return (real as any)(path, ...rest);
  };
  return () => deno[name] = real;
}

async function withDest(fn: (dest: string) => Promise<void>) {
  const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-truth-" });
  try {
    await fn(dest);
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
}

async function partFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const full = join(dir, e.name);
    if (e.isDirectory) out.push(...await partFiles(full));
    else if (e.name.endsWith(".part")) out.push(full);
  }
  return out;
}

Deno.test("recovery: a file placed before a stop, then recorded by the next run, gets the capture time as mtime", async () => {
  await withDest(async (dest) => {
    let lib = await open(dest);
    const target = join(dest, "2024/2024-03-15/a.jpg");
    // The index refuses the write that records the placed file (a stop there, a full disk).
    const markDone = lib.index.items.markDone;
    lib.index.items.markDone = () => {
      throw new Error("injected: database or disk is full");
    };
    try {
      await assert.rejects(lib.writer.store(memoryRecord("a", "photo a")));
    } finally {
      lib.index.items.markDone = markDone;
      await lib.finish(1, {});
    }
    assert.equal((await Deno.stat(target)).mtime?.getTime(), TIME.getTime(), "set before placing");
    // As a run of an earlier version, which set the mtime after placing, could leave it.
    await Deno.utime(target, new Date(), new Date());
    lib = await open(dest);
    try {
      const again = await lib.writer.store(memoryRecord("a", "photo a"));
      assert.equal(again.relPath, "2024/2024-03-15/a.jpg");
      assert.equal((await Deno.stat(target)).mtime?.getTime(), TIME.getTime());
    } finally {
      await lib.finish(0, {});
    }
  });
});

Deno.test("placing: a temp file that cannot be removed after the final link is said as such; the item is stored", async () => {
  await withDest(async (dest) => {
    const lines: string[] = [];
    let lib = await open(dest, lines);
    const restore = failOnce("removeSync", (path) => path.endsWith(".part"));
    try {
      const outcome = await lib.writer.store(memoryRecord("a", "photo a"));
      assert.equal(outcome.status, "downloaded");
      assert.equal(await Deno.readTextFile(join(dest, outcome.relPath!)), "photo a");
    } finally {
      restore();
      await lib.finish(0, {});
    }
    const said = lines.join("");
    assert.doesNotMatch(said, /appeared while downloading/);
    assert.match(said, /Cannot remove the temp file .*\.part.*a\.jpg is in place/);
    // The next run removes it.
    lib = await open(dest);
    await lib.finish(0, {});
    assert.deepEqual(await partFiles(dest), []);
  });
});

Deno.test("verify --repair: a sidecar whose rewrite fails keeps its record, so verify still reports it missing", async () => {
  await withDest(async (dest) => {
    const lib = await openLibrary(dest, {
      command: "test",
      timeZone: "UTC",
      log: createLogger({ write: () => {} }),
      signal: new AbortController().signal,
      policy: defaultRetryPolicy(0.0005),
      stallTimeoutMs: 1000,
      xmp: true,
    });
    try {
      const stored = await lib.writer.store(memoryRecord("a", "photo a"));
      const sidecar = join(dest, `${stored.relPath}.xmp`);
      await Deno.remove(sidecar);
      const { checkSidecars } = await import("../../src/library/sidecars/check.ts");
      const problems = await checkSidecars(dest, lib.index, new Set());
      assert.equal(problems.missing.length, 1);
      const real = Deno.openSync;
      // The sidecar's temp file, created new, cannot be written.
      Deno.openSync = (path, options) => {
        if (options?.createNew) throw new Deno.errors.Busy("injected: write failed");
        return real(path, options);
      };
      try {
        await assert.rejects(lib.writer.repairSidecars(problems));
      } finally {
        Deno.openSync = real;
      }
      const again = await checkSidecars(dest, lib.index, new Set());
      assert.deepEqual(again.missing.map((f) => f.relPath), [stored.relPath], "still reported");
      assert.deepEqual(await lib.writer.repairSidecars(again), [`${stored.relPath}.xmp`]);
    } finally {
      await lib.finish(0, {});
    }
  });
});
