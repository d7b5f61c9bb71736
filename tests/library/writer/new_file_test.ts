import assert from "node:assert/strict";
import { join } from "node:path";
import { openLibrary } from "../../../src/library/mod.ts";
import { defaultRetryPolicy } from "../../../src/net/retry.ts";
import { createLogger } from "../../../src/ui/log.ts";
import { memoryRecord } from "../../support/records.ts";

/** A library with sidecars on, its warnings collected in `lines`. */
function open(dest: string, lines: string[]) {
  return openLibrary(dest, {
    command: "test",
    timeZone: "UTC",
    log: createLogger({ write: (text) => void lines.push(text) }),
    signal: new AbortController().signal,
    policy: defaultRetryPolicy(0.001),
    stallTimeoutMs: 1000,
    xmp: true,
  });
}

Deno.test("new file: its sidecar lands with it, dated like it; a sidecar already at that name is left as it is, and said", async () => {
  const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-new-file-" });
  try {
    // Another program's sidecar for a photo the library does not hold yet.
    const theirs = "<x:xmpmeta>someone else's</x:xmpmeta>";
    await Deno.mkdir(join(dest, "2024/2024-03-15"), { recursive: true });
    await Deno.writeTextFile(join(dest, "2024/2024-03-15/b.jpg.xmp"), theirs);
    const lines: string[] = [];
    const lib = await open(dest, lines);
    try {
      const a = await lib.writer.store(memoryRecord("a", "photo a", { albums: ["Trip"] }));
      const b = await lib.writer.store(memoryRecord("b", "photo b"));
      assert.equal(a.status, "downloaded");
      assert.equal(b.status, "downloaded");
      const mine = await Deno.readTextFile(join(dest, `${a.relPath}.xmp`));
      // What the sidecar says was recorded before it was made: the album is in it.
      assert.match(mine, /Trip/);
      const photo = await Deno.stat(join(dest, a.relPath!));
      const sidecar = await Deno.stat(join(dest, `${a.relPath}.xmp`));
      assert.equal(sidecar.mtime?.getTime(), photo.mtime?.getTime(), "dated like its photo");
      assert.equal(
        await Deno.readTextFile(join(dest, `${b.relPath}.xmp`)),
        theirs,
        "left as it is",
      );
      assert.equal(
        await Deno.readTextFile(join(dest, b.relPath!)),
        "photo b",
        "the photo is stored",
      );
      assert.match(lines.join(""), /b\.jpg\.xmp was not written by gphotos-nas/);
      const temps = [...Deno.readDirSync(join(dest, "2024/2024-03-15"))]
        .filter((e) => e.name.endsWith(".part"));
      assert.deepEqual(temps, [], "no temp file is left");
    } finally {
      await lib.finish(0, {});
    }
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
});

Deno.test("new file: a batch whose index commit fails before its renames (a full disk) leaves neither the file's temp file nor its sidecar's", async () => {
  const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-new-file-" });
  try {
    const lines: string[] = [];
    const lib = await open(dest, lines);
    try {
      // A download in the same day folder that has not started: the folder's temp files stay
      // journalled, so the next file's batch first commits that file's reservation.
      let start!: () => void;
      const started = new Promise<void>((resolve) => start = resolve);
      const slow = memoryRecord("slow", "photo slow");
      const open = slow.open.bind(slow);
      slow.open = async (signal) => {
        await started;
        return open(signal);
      };
      const waiting = lib.writer.store(slow).catch((error) => error);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // That commit fails, as SQLite's does on a full disk.
      const durable = lib.index.durable.bind(lib.index);
      lib.index.durable = () => Promise.reject(new Error("database or disk is full"));
      await assert.rejects(() => lib.writer.store(memoryRecord("b", "photo b")), /disk is full/);
      // The waiting download has not opened its temp file yet: nothing is there.
      const left = [...Deno.readDirSync(join(dest, "2024/2024-03-15"))].map((e) => e.name);
      assert.deepEqual(left, []);
      lib.index.durable = durable;
      start();
      await waiting;
    } finally {
      await lib.finish(0, {}).catch(() => {});
    }
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
});
