import assert from "node:assert/strict";
import { join } from "node:path";
import { openCatalog } from "../../../src/library/catalog/mod.ts";
import { openTestLibrary, withDest } from "../../support/catalog.ts";

Deno.test("catalog journal: temp files are recorded across a restart until forgotten", async () => {
  await withDest((dest) => {
    const first = openCatalog(dest);
    first.journal.addTemp("2024/2024-03-15/.gphotos-nas-a.part");
    first.journal.addTemp("2024/2024-03-15/.gphotos-nas-b.part");
    first.journal.removeTemp("2024/2024-03-15/.gphotos-nas-a.part");
    // No close: a killed run does not get to tidy up.
    const next = openCatalog(dest);
    try {
      assert.deepEqual(next.journal.temps(), ["2024/2024-03-15/.gphotos-nas-b.part"]);
    } finally {
      next.close();
      first.close();
    }
  });
});

Deno.test("catalog journal: the next run removes the temp files a killed run left", async () => {
  await withDest(async (dest) => {
    const killed = await openTestLibrary(dest);
    const temp = "2024/2024-03-15/.gphotos-nas-0123456789abc.part";
    killed.index.journal.addTemp(temp);
    await Deno.mkdir(join(dest, "2024/2024-03-15"), { recursive: true });
    await Deno.writeTextFile(join(dest, temp), "half a photo");
    await killed.finish(137, {});
    const next = await openTestLibrary(dest);
    try {
      assert.deepEqual(next.index.journal.temps(), []);
      await assert.rejects(Deno.lstat(join(dest, temp)), Deno.errors.NotFound);
    } finally {
      await next.finish(0, {});
    }
  });
});

Deno.test("catalog journal: runs are recorded with their end, and the last one is reported", async () => {
  await withDest((dest) => {
    const catalog = openCatalog(dest);
    try {
      const backup = catalog.journal.startRun("backup");
      catalog.journal.finishRun(backup, 1, { listed: 3, failed: 1 });
      const finished = catalog.journal.lastRun();
      assert.equal(finished?.command, "backup");
      assert.equal(finished?.exitCode, 1);
      assert.deepEqual(finished?.summary, { listed: 3, failed: 1 });
      assert.ok(finished?.finishedAt && finished.finishedAt >= finished.startedAt);
      catalog.journal.startRun("pick");
      const running = catalog.report.statusReport().lastRun;
      assert.equal(running?.command, "pick");
      assert.equal(running?.finishedAt, undefined);
      assert.equal(running?.exitCode, undefined);
    } finally {
      catalog.close();
    }
  });
});

Deno.test("catalog journal: a writer's folder pattern removes its temp files there, and nothing else", async () => {
  await withDest(async (dest) => {
    const killed = await openTestLibrary(dest);
    const folder = "2024/2024-03-15";
    await Deno.mkdir(join(dest, folder), { recursive: true });
    const left = [`${folder}/.gphotos-nas-0123abcd-5f3e9a1b2c4d6.part`, `${folder}/a*b.jpg`];
    const kept = [
      `${folder}/.gphotos-nas-0123abcd.jpg`,
      `${folder}/.gphotos-nas-99999999-5f3e9a1b2c4d6.part`,
      `${folder}/a-photo-b.jpg`,
    ];
    for (const path of [...left, ...kept]) await Deno.writeTextFile(join(dest, path), "bytes");
    // The writer's pattern, and a literal path that merely contains a star.
    killed.index.journal.addTemp(`${folder}/.gphotos-nas-0123abcd-*.part`);
    killed.index.journal.addTemp(`${folder}/a*b.jpg`);
    await killed.finish(137, {});
    const next = await openTestLibrary(dest);
    try {
      assert.deepEqual(next.index.journal.temps(), []);
      for (const path of left) await assert.rejects(Deno.lstat(join(dest, path)));
      for (const path of kept) assert.ok((await Deno.lstat(join(dest, path))).isFile, path);
    } finally {
      await next.finish(0, {});
    }
  });
});
