/**
 * A provisional Takeout original settling as the original of a picked copy (`settleAsOriginal`),
 * stopped at each step that can fail: the run after it finishes the upgrade, the index and the
 * disk agree, and Google's copy is kept recorded until gc.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256 } from "../../../src/simulator/takeout/mod.ts";
import { openLibrary } from "../../../src/library/mod.ts";
import { collectSuperseded } from "../../../src/library/maintain/gc.ts";
import { defaultRetryPolicy } from "../../../src/net/retry.ts";
import { createLogger } from "../../../src/ui/log.ts";
import { memoryRecord, type TestLibrary } from "../../support/records.ts";

const GOOGLE_ID = "AF1QipLatePhoto01";
const PICKED = "picked copy: re-encoded by Google, no GPS";
const ORIGINAL = "the original, its sidecar in a later part";
const TIME = new Date("2024-03-15T10:00:00Z");
const COPY_PATH = "2024/2024-03-15/IMG_1.jpg";
const EARLY_PATH = "unknown-date/IMG_1.jpg";

const open = (dest: string, lines: string[] = []) =>
  openLibrary(dest, {
    command: "test",
    timeZone: "UTC",
    log: createLogger({ write: (line) => lines.push(line) }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(0.0005),
    stallTimeoutMs: 1000,
  });

const picked = () =>
  memoryRecord(GOOGLE_ID, PICKED, { source: "picker", match: "id", filename: "IMG_1.jpg" });
/** The original read from a part without its sidecar: no date, nothing naming the photo. */
const undated = () =>
  memoryRecord("IMG_1.jpg|41|", ORIGINAL, {
    source: "takeout",
    match: "id",
    filename: "IMG_1.jpg",
    captureTime: null,
    provisional: true,
  });
/** The same original once its sidecar arrived: its URL names the picked item. */
const dated = () =>
  memoryRecord("IMG_1.jpg|41|1710496800", ORIGINAL, {
    source: "takeout",
    match: "id",
    filename: "IMG_1.jpg",
    captureTime: TIME,
    metadata: { url: `https://photos.google.com/lr/photo/${GOOGLE_ID}` },
  });

/** The library as the index and the disk see it. */
async function state(dest: string, lib: TestLibrary) {
  const files = lib.index.items.allFiles().map((f) => [f.relPath, f.state, f.sha256]);
  const onDisk = async (rel: string) =>
    await Deno.readFile(join(dest, rel)).then(sha256, () => undefined);
  return {
    files,
    atCopy: await onDisk(COPY_PATH),
    early: await onDisk(EARLY_PATH),
    superseded: await Promise.all(
      lib.index.superseded.list().map(async (s) => [s.relPath, s.sha256, await onDisk(s.relPath)]),
    ),
    temps: lib.index.journal.temps().filter((t) => !t.includes("*")),
  };
}

const hash = (text: string) => sha256(new TextEncoder().encode(text));

/**
 * Each way the settling run can stop, by what it breaks, and what the run says: the item failed,
 * or (the upgrade recorded, only a leftover not removed) a warning.
 */
const STOPS: [string, (lib: TestLibrary) => () => void, RegExp?][] = [
  ["the rename over the copy fails", () => {
    const real = Deno.rename;
    Deno.rename = (from, to) => {
      if (String(to).endsWith(COPY_PATH)) {
        return Promise.reject(new Deno.errors.PermissionDenied("injected: rename refused"));
      }
      return real(from, to);
    };
    return () => Deno.rename = real;
  }],
  ["the index refuses the merge after the rename", (lib) => {
    const real = lib.index.upgrades.absorb;
    lib.index.upgrades.absorb = () => {
      throw new Error("injected: database or disk is full");
    };
    return () => lib.index.upgrades.absorb = real;
  }],
  [
    "the old path cannot be removed after the merge",
    () => {
      const real = Deno.remove;
      Deno.remove = (path, options) => {
        if (String(path).endsWith(EARLY_PATH)) {
          return Promise.reject(new Deno.errors.PermissionDenied("injected: unlink refused"));
        }
        return real(path, options);
      };
      return () => Deno.remove = real;
    },
    /Cannot remove unknown-date\/IMG_1\.jpg: injected: unlink refused; its original is in place as 2024\/2024-03-15\/IMG_1\.jpg, and the next run removes unknown-date\/IMG_1\.jpg/,
  ],
];

for (const [stop, inject, warning] of STOPS) {
  Deno.test(`settle as original: when ${stop}, the next run finishes the upgrade`, async () => {
    const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-settle-original-" });
    try {
      const lines: string[] = [];
      let lib = await open(dest, lines);
      assert.equal((await lib.writer.store(picked())).relPath, COPY_PATH);
      assert.equal((await lib.writer.store(undated())).relPath, EARLY_PATH);
      const restore = inject(lib);
      try {
        if (warning) {
          assert.equal((await lib.writer.store(dated())).upgraded, true);
          assert.match(lines.join("\n"), warning);
        } else await assert.rejects(lib.writer.store(dated()));
      } finally {
        restore();
      }
      await lib.finish(1, {});

      lib = await open(dest);
      try {
        await lib.writer.cleanupTemps();
        const again = await lib.writer.store(dated());
        assert.equal(again.relPath, COPY_PATH);
        const after = await state(dest, lib);
        assert.deepEqual(after.files, [[COPY_PATH, "done", hash(ORIGINAL)]]);
        assert.equal(after.atCopy, hash(ORIGINAL));
        assert.equal(after.early, undefined, `${EARLY_PATH} is gone`);
        assert.deepEqual(after.superseded, [[
          `.gphotos-nas/superseded/${COPY_PATH}`,
          hash(PICKED),
          hash(PICKED),
        ]]);
        assert.deepEqual(after.temps, []);
        const mtime = (await Deno.stat(join(dest, COPY_PATH))).mtime;
        assert.equal(mtime?.toISOString(), TIME.toISOString());
        const item = lib.index.items.findItemFile(["takeout"], undated().sourceId);
        assert.equal(item?.relPath, COPY_PATH, "the provisional item follows the original");
        await collectSuperseded(dest, lib.index);
        assert.deepEqual((await state(dest, lib)).superseded, []);
        assert.equal((await state(dest, lib)).atCopy, hash(ORIGINAL), "gc kept the original");
      } finally {
        await lib.finish(0, {});
      }
    } finally {
      await Deno.remove(dest, { recursive: true });
    }
  });
}
