import assert from "node:assert/strict";
import { join } from "node:path";
import { openLibrary } from "../../../src/library/mod.ts";
import { defaultRetryPolicy } from "../../../src/net/retry.ts";
import { createLogger } from "../../../src/ui/log.ts";
import { libraryFiles } from "../../support/library.ts";
import { memoryRecord, withLibrary } from "../../support/records.ts";

const taken = new Date("2023-06-01T09:00:00Z");
const undated = () =>
  memoryRecord("IMG_LATE.jpg|12|", "late photo!!", {
    source: "takeout",
    match: "id",
    filename: "IMG_LATE.jpg",
    captureTime: null,
    provisional: true,
  });
const dated = () =>
  memoryRecord("IMG_LATE.jpg|12|1685610000", "late photo!!", {
    source: "takeout",
    match: "id",
    filename: "IMG_LATE.jpg",
    captureTime: taken,
  });

function open(dest: string) {
  return openLibrary(dest, {
    command: "test",
    timeZone: "UTC",
    log: createLogger({ write: () => {} }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(0.0005),
    stallTimeoutMs: 1000,
  });
}

Deno.test("settle: a run killed in the middle of a move leaves one copy under the index's name; the next run moves it", async () => {
  const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-settle-" });
  try {
    const lib = await open(dest);
    assert.equal((await lib.writer.store(undated())).relPath, "unknown-date/IMG_LATE.jpg");
    // The move dies after the new link was made, before the index took the new path.
    lib.index.provisional.settle = () => {
      throw new Error("killed");
    };
    await assert.rejects(lib.writer.store(dated()), /killed/);
    assert.equal(
      (await libraryFiles(dest)).length,
      2,
      "both links exist at the moment of the kill",
    );
    await lib.finish(137, {});

    const next = await open(dest);
    try {
      assert.deepEqual((await libraryFiles(dest)).map((f) => f.path), [
        "unknown-date/IMG_LATE.jpg",
      ]);
      const outcome = await next.writer.store(dated());
      assert.equal(outcome.relPath, "2023/2023-06-01/IMG_LATE.jpg");
      assert.deepEqual((await libraryFiles(dest)).map((f) => f.path), [outcome.relPath]);
      const info = await Deno.stat(join(dest, outcome.relPath!));
      assert.equal(info.mtime?.toISOString(), taken.toISOString());
      const file = next.index.items.findItemFile(["takeout"], "IMG_LATE.jpg|12|");
      assert.equal(file?.relPath, outcome.relPath, "the undated item follows the file");
      assert.equal(file?.provisional, false);
      assert.deepEqual(next.index.journal.temps(), []);
    } finally {
      await next.finish(0, {});
    }
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
});

Deno.test("settle: a dated copy whose day is the provisional file's folder only clears the mark", async () => {
  await withLibrary(async (dest, lib) => {
    const exifDay = new Date("2023-06-01T07:00:00Z");
    await lib.writer.store({ ...undated(), captureTime: exifDay });
    const outcome = await lib.writer.store(dated());
    assert.equal(outcome.relPath, "2023/2023-06-01/IMG_LATE.jpg");
    assert.deepEqual((await libraryFiles(dest)).map((f) => f.path), [outcome.relPath]);
    assert.equal(
      (await Deno.stat(join(dest, outcome.relPath!))).mtime?.toISOString(),
      taken.toISOString(),
      "the sidecar's time wins over EXIF",
    );
    assert.equal(lib.index.report.statusReport().provisional, 0);
  });
});
