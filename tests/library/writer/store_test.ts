import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { openLibrary } from "../../../src/library/mod.ts";
import type { MediaRecord } from "../../../src/media/record.ts";
import { defaultRetryPolicy } from "../../../src/net/retry.ts";
import { createLogger } from "../../../src/ui/log.ts";
import { FatalIoError, ItemError } from "../../../src/errors.ts";

const quietLog = createLogger({ write: () => {} });

function bytesOf(seed: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = [...seed].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7) || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function sha(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

interface FakeOptions {
  filename?: string;
  captureTime?: Date | null;
  bytes?: Uint8Array;
  /** Bodies for successive attempts; the last repeats. */
  attempts?: ("ok" | "truncate" | "stall" | "error")[];
  ready?: boolean;
}

function record(id: string, o: FakeOptions = {}): MediaRecord & { opens: number } {
  const bytes = o.bytes ?? bytesOf(id, 5000);
  const plan = o.attempts ?? ["ok"];
  const r = {
    opens: 0,
    source: "library" as const,
    match: "id-or-name-time-size" as const,
    sourceId: id,
    filename: o.filename ?? `${id}.jpg`,
    captureTime: o.captureTime === undefined ? new Date("2024-03-15T10:00:00Z") : o.captureTime,
    mimeType: "image/jpeg",
    kind: "photo" as const,
    ready: o.ready ?? true,
    open(signal: AbortSignal) {
      const mode = plan[Math.min(r.opens, plan.length - 1)];
      r.opens++;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          if (mode === "ok") {
            controller.enqueue(bytes.slice(0, 2000));
            controller.enqueue(bytes.slice(2000));
            controller.close();
          } else if (mode === "truncate") {
            controller.enqueue(bytes.slice(0, 1000));
            controller.close();
          } else if (mode === "error") {
            controller.enqueue(bytes.slice(0, 1000));
            controller.error(new TypeError("connection reset"));
          } else {
            controller.enqueue(bytes.slice(0, 10));
            signal.addEventListener("abort", () => controller.error(signal.reason));
          }
        },
      });
      return Promise.resolve({ body, size: bytes.length });
    },
  };
  return r;
}

async function withLibrary(
  fn: (dest: string, lib: Awaited<ReturnType<typeof openLibrary>>) => Promise<void>,
  dest?: string,
) {
  const dir = dest ?? await Deno.makeTempDir();
  const lib = await openLibrary(dir, {
    command: "test",
    timeZone: "UTC",
    log: quietLog,
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(0.0005),
    stallTimeoutMs: 100,
  });
  try {
    await fn(dir, lib);
  } finally {
    await lib.finish(0, {});
    if (!dest) await Deno.remove(dir, { recursive: true });
  }
}

async function listAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...(await listAll(p)).map((x) => `${e.name}/${x}`));
    else out.push(e.name);
  }
  return out.sort();
}

Deno.test("writer: a record lands in its day folder, byte-identical, with mtime = capture time", async () => {
  await withLibrary(async (dest, lib) => {
    const r = record("abc", { filename: "IMG_0001.JPG" });
    const outcome = await lib.writer.store(r);
    assert.equal(outcome.status, "downloaded");
    assert.equal(outcome.relPath, "2024/2024-03-15/IMG_0001.JPG");
    const written = await Deno.readFile(join(dest, "2024/2024-03-15/IMG_0001.JPG"));
    assert.equal(sha(written), sha(bytesOf("abc", 5000)));
    const info = await Deno.stat(join(dest, "2024/2024-03-15/IMG_0001.JPG"));
    assert.equal(info.mtime?.toISOString(), "2024-03-15T10:00:00.000Z");
    assert.equal(
      (await lib.writer.store(record("abc", { filename: "IMG_0001.JPG" }))).status,
      "skipped",
    );
  });
});

Deno.test("writer: two items wanting one name (case-insensitively) both survive, names stay stable", async () => {
  const dest = await Deno.makeTempDir();
  try {
    let second = "";
    await withLibrary(async (_dest, lib) => {
      await lib.writer.store(record("one", { filename: "IMG_0001.JPG" }));
      second = (await lib.writer.store(record("two", { filename: "img_0001.jpg" }))).relPath!;
    }, dest);
    assert.match(second, /^2024\/2024-03-15\/img_0001_[0-9a-z]{8}\.jpg$/);
    await Deno.remove(join(dest, second));
    await withLibrary(async (_dest, lib) => {
      // The deleted file comes back under the very same name; the other is skipped.
      assert.equal(
        (await lib.writer.store(record("one", { filename: "IMG_0001.JPG" }))).status,
        "skipped",
      );
      const again = await lib.writer.store(record("two", { filename: "img_0001.jpg" }));
      assert.equal(again.status, "downloaded");
      assert.equal(again.relPath, second);
    }, dest);
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
});

Deno.test("writer: a truncated or reset body is retried from scratch and never lands half-written", async () => {
  await withLibrary(async (dest, lib) => {
    const r = record("t1", { attempts: ["truncate", "error", "stall", "ok"] });
    const outcome = await lib.writer.store(r);
    assert.equal(outcome.status, "downloaded");
    assert.equal(r.opens, 4);
    assert.equal(sha(await Deno.readFile(join(dest, outcome.relPath!))), sha(bytesOf("t1", 5000)));
    assert.deepEqual(await listAll(join(dest, "2024")), ["2024-03-15/t1.jpg"]);
  });
});

Deno.test("writer: an item that keeps failing fails alone, leaving no file and no temp file", async () => {
  await withLibrary(async (dest, lib) => {
    await assert.rejects(
      lib.writer.store(record("bad", { attempts: ["truncate"] })),
      /got 1000 of 5000/,
    );
    assert.deepEqual(await listAll(join(dest, "2024")), []);
    assert.equal(lib.index.journal.temps().length, 0);
    assert.equal((await lib.writer.store(record("good"))).status, "downloaded");
  });
});

Deno.test("writer: identical bytes from two sources are stored once", async () => {
  await withLibrary(async (dest, lib) => {
    const bytes = bytesOf("same", 3000);
    await lib.writer.store(record("a", { bytes, filename: "a.jpg" }));
    const b = await lib.writer.store({
      ...record("b", { bytes, filename: "b.jpg" }),
      source: "takeout",
    });
    assert.equal(b.status, "skipped");
    assert.equal(b.relPath, "2024/2024-03-15/a.jpg");
    assert.deepEqual(await listAll(join(dest, "2024")), ["2024-03-15/a.jpg"]);
  });
});

Deno.test("writer: identical bytes arriving at the same time are stored once", async () => {
  await withLibrary(async (dest, lib) => {
    // Copies of one photo (album and year-folder copies) downloaded concurrently; several rounds,
    // because whether two of them finish together depends on scheduling.
    for (let round = 0; round < 6; round++) {
      const bytes = bytesOf(`twin${round}`, 3000);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          lib.writer.store({
            ...record(`twin${round}-${i}`, { bytes, filename: `r${round}c${i}.jpg` }),
            source: "takeout",
          })),
      );
      assert.equal(outcomes.filter((o) => o.status === "downloaded").length, 1);
      assert.equal(new Set(outcomes.map((o) => o.relPath)).size, 1);
    }
    assert.equal((await listAll(join(dest, "2024"))).length, 6);
  });
});

Deno.test("writer: unready videos are pending, undated items go to unknown-date, hostile names stay inside", async () => {
  await withLibrary(async (dest, lib) => {
    assert.equal((await lib.writer.store(record("v", { ready: false }))).status, "pending");
    const undated = await lib.writer.store(record("u", { captureTime: null, filename: "x.jpg" }));
    assert.equal(undated.relPath, "unknown-date/x.jpg");
    const hostile = await lib.writer.store(record("h", { filename: "../../etc/passwd" }));
    assert.ok(!hostile.relPath!.split("/").includes(".."), hostile.relPath);
    assert.equal(hostile.relPath, "2024/2024-03-15/.._.._etc_passwd");
    assert.ok((await Deno.stat(join(dest, hostile.relPath!))).isFile);
    await assert.rejects(
      lib.writer.store({ ...record("i"), invalid: "Google returned an item without an id" }),
      ItemError,
    );
  });
});

Deno.test("writer: a file the index does not know is never overwritten", async () => {
  await withLibrary(async (dest, lib) => {
    await Deno.mkdir(join(dest, "2024/2024-03-15"), { recursive: true });
    await Deno.writeTextFile(join(dest, "2024/2024-03-15/mine.jpg"), "the user's own file");
    const outcome = await lib.writer.store(record("m", { filename: "mine.jpg" }));
    assert.notEqual(outcome.relPath, "2024/2024-03-15/mine.jpg");
    assert.equal(
      await Deno.readTextFile(join(dest, "2024/2024-03-15/mine.jpg")),
      "the user's own file",
    );
  });
});

// Mounting a tmpfs needs root. CI runs as root, so there this test always runs and a mount that
// fails is a failure; elsewhere it is ignored, saying why.
const isRoot = Deno.uid() === 0;
if (!isRoot) console.log("ignoring the full-disk writer test: mounting a tmpfs needs root");

Deno.test({
  name: "writer: a full disk stops the run with one clear error and keeps finished files",
  ignore: !isRoot,
  async fn() {
    const mount = await Deno.makeTempDir();
    const mounted = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mount],
      stdout: "null",
      stderr: "piped",
    }).output();
    try {
      assert.ok(mounted.success, `mount tmpfs: ${new TextDecoder().decode(mounted.stderr)}`);
      await withLibrary(async (dest, lib) => {
        const small = await lib.writer.store(record("small", { bytes: bytesOf("s", 2000) }));
        assert.equal(small.status, "downloaded");
        await assert.rejects(
          lib.writer.store(record("big", { bytes: bytesOf("b", 3_000_000) })),
          (error) =>
            error instanceof FatalIoError &&
            /Cannot write to .*: the disk is full/.test(error.message),
        );
        assert.deepEqual(await listAll(join(dest, "2024")), ["2024-03-15/small.jpg"]);
        assert.equal(
          sha(await Deno.readFile(join(dest, small.relPath!))),
          sha(bytesOf("s", 2000)),
        );
      }, mount);
    } finally {
      if (mounted.success) {
        const out = await new Deno.Command("umount", { args: [mount] }).output();
        assert.ok(out.success, new TextDecoder().decode(out.stderr));
      }
      await Deno.remove(mount, { recursive: true });
    }
  },
});

Deno.test("writer: a Takeout original is never skipped for a different file of the same name, time and size", async () => {
  await withLibrary(async (dest, lib) => {
    const google = await lib.writer.store(
      record("g", { filename: "IMG_7.jpg", bytes: bytesOf("copy", 4000) }),
    );
    const original = await lib.writer.store({
      ...record("t", { filename: "IMG_7.jpg", bytes: bytesOf("original", 4000) }),
      source: "takeout",
      match: "id",
      size: 4000,
    });
    assert.equal(original.status, "downloaded");
    assert.notEqual(original.relPath, google.relPath);
    assert.equal(
      sha(await Deno.readFile(join(dest, original.relPath!))),
      sha(bytesOf("original", 4000)),
    );
  });
});
