import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256 } from "../../../src/simulator/takeout/mod.ts";
import type { MediaRecord } from "../../../src/media/record.ts";
import { openLibrary } from "../../../src/library/mod.ts";
import { collectSuperseded } from "../../../src/library/maintain/gc.ts";
import { defaultRetryPolicy } from "../../../src/net/retry.ts";
import { createLogger } from "../../../src/ui/log.ts";
import { memoryRecord, type TestLibrary } from "../../support/records.ts";

const GOOGLE_ID = "AF1QipOriginalPhoto01";
const PICKED = "picked copy: re-encoded by Google, no GPS";
const TIME = new Date("2024-03-15T10:00:00Z");

const open = (dest: string) =>
  openLibrary(dest, {
    command: "test",
    timeZone: "UTC",
    log: createLogger({ write: () => {} }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(0.0005),
    stallTimeoutMs: 1000,
  });

/** The picked copy of GOOGLE_ID, as `pick` records it. */
const picked = () =>
  memoryRecord(GOOGLE_ID, PICKED, { source: "picker", match: "id", filename: "IMG_1.jpg" });

/** A Takeout file whose sidecar's URL names GOOGLE_ID. */
const original = (key: string, content: string, filename = "IMG_1.jpg"): MediaRecord =>
  memoryRecord(`takeout:${key}`, content, {
    source: "takeout",
    match: "id",
    filename,
    captureTime: TIME,
    metadata: { url: `https://photos.google.com/lr/photo/${GOOGLE_ID}` },
  });

/** Every file under `superseded/` with its SHA-256, and what the index records for each. */
async function supersededState(dest: string, lib: TestLibrary) {
  const recorded = lib.index.superseded.list();
  const onDisk = new Map<string, string>();
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const full = join(dir, e.name);
      if (e.isDirectory) await walk(full);
      else onDisk.set(full.slice(dest.length + 1), sha256(await Deno.readFile(full)));
    }
  };
  await walk(join(dest, ".gphotos-nas", "superseded")).catch(() => {});
  return { recorded, onDisk };
}

/** Patches `Deno[name]` to fail once for a call `when` selects, then restores it. */
function failOnce<K extends "rename" | "link">(
  name: K,
  when: (...args: Parameters<typeof Deno[K]>) => boolean,
): () => void {
  const real = Deno[name];
  // deno-lint-ignore no-explicit-any
  (Deno as any)[name] = (...args: Parameters<typeof Deno[K]>) => {
    if (when(...args)) {
      // deno-lint-ignore no-explicit-any
      (Deno as any)[name] = real;
      return Promise.reject(new Deno.errors.PermissionDenied(`injected: ${name} refused`));
    }
    // deno-lint-ignore no-explicit-any
    return (real as any)(...args);
  };
  // deno-lint-ignore no-explicit-any
  return () => (Deno as any)[name] = real;
}

async function withDest(fn: (dest: string) => Promise<void>) {
  const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-upgrade-faults-" });
  try {
    await fn(dest);
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
}

Deno.test("upgrade: two Takeout files of one Google id never share the one picked copy", async () => {
  // Whether the two finish together depends on scheduling: several rounds.
  for (let round = 0; round < 12; round++) {
    await withDest(async (dest) => {
      const lib = await open(dest);
      try {
        const copy = await lib.writer.store(picked());
        const outcomes = await Promise.allSettled([
          lib.writer.store(original("a", `original A ${round}`)),
          lib.writer.store(original("b", `original B ${round}`, "IMG_1(1).jpg")),
        ]);
        const failed = outcomes.filter((o) => o.status === "rejected");
        assert.deepEqual(failed.map((o) => String((o as PromiseRejectedResult).reason)), []);
        const done = outcomes.map((o) =>
          (o as PromiseFulfilledResult<{ upgraded?: boolean }>).value
        );
        assert.equal(done.filter((o) => o.upgraded).length, 1, `round ${round}`);
        const { recorded, onDisk } = await supersededState(dest, lib);
        assert.equal(recorded.length, 1);
        assert.equal(onDisk.get(recorded[0].relPath), sha256(new TextEncoder().encode(PICKED)));
        assert.notEqual(
          sha256(await Deno.readFile(join(dest, copy.relPath!))),
          sha256(new TextEncoder().encode(PICKED)),
          "the copy's place holds an original",
        );
      } finally {
        await lib.finish(0, {});
      }
    });
  }
});

Deno.test("upgrade: a failed rename between moving the copy aside and replacing it leaves the copy in place and nothing unrecorded", async () => {
  await withDest(async (dest) => {
    const lib = await open(dest);
    try {
      const copy = await lib.writer.store(picked());
      const target = join(dest, copy.relPath!);
      const restore = failOnce("rename", (_from, to) => String(to) === target);
      try {
        await assert.rejects(lib.writer.store(original("a", "the original")));
      } finally {
        restore();
      }
      assert.equal(await Deno.readTextFile(target), PICKED, "the copy is still in its place");
      const { recorded, onDisk } = await supersededState(dest, lib);
      assert.deepEqual(
        [...onDisk.keys()].filter((p) => !recorded.some((r) => r.relPath === p)),
        [],
        "no copy kept aside unrecorded",
      );
      // Again without the fault: upgraded, the copy kept aside once and recorded with its bytes.
      const again = await lib.writer.store(original("a", "the original"));
      assert.equal(again.upgraded, true);
      assert.equal(await Deno.readTextFile(target), "the original");
      const after = await supersededState(dest, lib);
      assert.equal(after.onDisk.size, 1, [...after.onDisk.keys()].join(", "));
      for (const row of after.recorded) {
        const held = after.onDisk.get(row.relPath);
        if (held !== undefined) assert.equal(held, row.sha256, `${row.relPath} holds its record`);
      }
    } finally {
      await lib.finish(0, {});
    }
  });
});

Deno.test("upgrade: a stop between replacing the copy and recording it: the re-run records the copy's true bytes, and gc never deletes the original", async () => {
  await withDest(async (dest) => {
    let lib = await open(dest);
    const copy = await lib.writer.store(picked());
    const target = join(dest, copy.relPath!);
    // The index refuses the write that follows the replacement (a full disk, an I/O error).
    const markDone = lib.index.items.markDone;
    lib.index.items.markDone = () => {
      throw new Error("injected: database or disk is full");
    };
    await assert.rejects(lib.writer.store(original("a", "the original")));
    lib.index.items.markDone = markDone;
    await lib.finish(1, {});

    lib = await open(dest);
    try {
      const again = await lib.writer.store(original("a", "the original"));
      assert.notEqual(again.status, undefined);
      assert.equal(await Deno.readTextFile(target), "the original");
      const { recorded, onDisk } = await supersededState(dest, lib);
      for (const row of recorded) {
        const held = onDisk.get(row.relPath);
        if (held !== undefined) assert.equal(held, row.sha256, `${row.relPath} holds its record`);
      }
      assert.ok(
        [...onDisk.values()].includes(sha256(new TextEncoder().encode(PICKED))),
        "Google's copy is kept",
      );
      await collectSuperseded(dest, lib.index);
      assert.equal(await Deno.readTextFile(target), "the original", "gc kept the original");
      assert.equal(
        lib.index.items.findItemFile(["takeout"], "takeout:a")?.sha256,
        sha256(
          new TextEncoder().encode("the original"),
        ),
      );
    } finally {
      await lib.finish(0, {});
    }
  });
});

Deno.test("gc: a superseded file whose bytes are not the copy the index recorded is kept", async () => {
  await withDest(async (dest) => {
    const lib = await open(dest);
    try {
      await lib.writer.store(picked());
      await lib.writer.store(original("a", "the original"));
      const [row] = lib.index.superseded.list();
      // As a fault once left it: the original's bytes under superseded/, recorded as the copy.
      await Deno.writeTextFile(join(dest, row.relPath), "the original");
      const kept: string[] = [];
      const result = await collectSuperseded(dest, lib.index, {
        on: { kept: (_path, reason) => kept.push(reason) },
      });
      assert.equal(result.removed, 0);
      assert.equal(await Deno.readTextFile(join(dest, row.relPath)), "the original");
      assert.match(kept[0] ?? "", /not the copy the index recorded/);
    } finally {
      await lib.finish(0, {});
    }
  });
});
