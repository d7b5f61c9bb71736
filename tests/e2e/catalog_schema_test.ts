import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { ExitCode, UsageError } from "../../src/errors.ts";
import { indexPath, openCatalog } from "../../src/library/catalog/mod.ts";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/library/catalog/schema.ts";
import { sourcesSharingIds } from "../../src/media/record.ts";
import { withDest } from "../support/catalog.ts";
import { runCli } from "../support/cli.ts";
import { V0_ROWS, writeIndexV0 } from "../fixtures/index_v0_fixture.ts";

function userVersion(dest: string): number {
  const db = new DatabaseSync(indexPath(dest), { readOnly: true });
  try {
    return Number(
      (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version,
    );
  } finally {
    db.close();
  }
}

/** Every table and index of a database, as SQLite keeps their definitions. */
function schemaOf(path: string): string[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return (db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
      .all() as { sql: string }[]).map((r) => r.sql);
  } finally {
    db.close();
  }
}

function setUserVersion(dest: string, version: number): void {
  const db = new DatabaseSync(indexPath(dest));
  db.exec(`PRAGMA user_version = ${version}`);
  db.close();
}

Deno.test("catalog: an index written before schema versions is migrated, keeping every row", async () => {
  await withDest((dest) => {
    writeIndexV0(dest);
    assert.equal(userVersion(dest), 0);
    const catalog = openCatalog(dest);
    try {
      const { done, reserved } = V0_ROWS;
      const file = catalog.items.findItemFile(sourcesSharingIds("picker"), done.mediaId);
      assert.equal(file?.relPath, done.relPath);
      assert.equal(file?.state, "done");
      assert.equal(catalog.items.findByContent(done.sha256, done.size)?.id, file?.id);
      assert.equal(
        catalog.items.findSameItem("IMG_0001.JPG", done.captureTime, done.size)?.id,
        file?.id,
      );
      const kept = catalog.items.findItemFile(["takeout"], reserved.takeoutKey);
      assert.equal(kept?.state, "reserved");
      assert.ok(catalog.items.isNameTaken(reserved.relPath.toLowerCase()));
      assert.deepEqual(catalog.items.albumNames(), ["Holidays"]);
      assert.deepEqual(catalog.items.albumMembers("Holidays"), [done.relPath]);
      assert.deepEqual(catalog.journal.temps(), [V0_ROWS.temp]);
      assert.ok(catalog.takeout.isImportSetDone(V0_ROWS.importSet));
      assert.equal(catalog.state.get("layout"), V0_ROWS.layout);
      const report = catalog.report.statusReport();
      assert.equal(report.totalItems, 1);
      assert.equal(report.totalBytes, done.size);
      assert.equal(report.pending, 1);
      assert.deepEqual(report.lastRun?.summary, { listed: 2, downloaded: 1 });
      assert.equal(catalog.report.integrityCheck(), "ok");
    } finally {
      catalog.close();
    }
    assert.equal(userVersion(dest), SCHEMA_VERSION);
  });
});

Deno.test("catalog: version 1 is exactly the schema written before versions existed", async () => {
  await withDest(async (dest) => {
    writeIndexV0(dest);
    const fresh = await Deno.makeTempDir({ prefix: "gphotos-nas-catalog-" });
    try {
      const v1 = join(fresh, "v1.sqlite");
      const db = new DatabaseSync(v1);
      db.exec(MIGRATIONS[0]);
      db.close();
      assert.deepEqual(schemaOf(v1), schemaOf(indexPath(dest)));
      // And every later step brings the old index to exactly what a new library gets.
      openCatalog(fresh).close();
      openCatalog(dest).close();
      assert.equal(userVersion(fresh), SCHEMA_VERSION);
      assert.deepEqual(schemaOf(indexPath(fresh)), schemaOf(indexPath(dest)));
    } finally {
      await Deno.remove(fresh, { recursive: true });
    }
  });
});

Deno.test("catalog: an index from a newer gphotos-nas is refused with one line, exit 2", async () => {
  await withDest(async (dest) => {
    openCatalog(dest).close();
    const newer = SCHEMA_VERSION + 1;
    setUserVersion(dest, newer);
    const line = `Cannot open index ${indexPath(dest)}: it was written by a newer gphotos-nas ` +
      `(schema ${newer}); upgrade the program`;
    for (const options of [{}, { readonly: true }]) {
      assert.throws(
        () => openCatalog(dest, options),
        (error) =>
          error instanceof UsageError && error.message === line &&
          error.exitCode === ExitCode.Usage,
      );
    }
    // Refusing writes nothing: the newer program's version stays.
    assert.equal(userVersion(dest), newer);
    const result = await runCli(["status", "--dest", dest]);
    assert.equal(result.code, 2);
    // One line (whatever prefix the log gives it), no stack trace.
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.ok(lines[0].endsWith(line), result.stderr);
  });
});

Deno.test("catalog: a read-only open of an old index changes nothing", async () => {
  await withDest((dest) => {
    writeIndexV0(dest);
    const catalog = openCatalog(dest, { readonly: true });
    try {
      assert.equal(catalog.report.statusReport().totalItems, 1);
      // Tables of later versions read as empty until a writing run migrates the index.
      assert.equal(catalog.report.statusReport().provisional, 0);
      assert.equal(catalog.parts.part("/inbox/takeout-1-001.zip"), undefined);
    } finally {
      catalog.close();
    }
    assert.equal(userVersion(dest), 0);
    assert.deepEqual(
      [...Deno.readDirSync(join(dest, ".gphotos-nas"))].map((e) => e.name).filter((n) =>
        !n.startsWith("index.sqlite")
      ),
      [],
    );
  });
});

Deno.test("catalog: a version 1 index migrates through version 2: rows kept, files not provisional, parts recorded", async () => {
  await withDest((dest) => {
    // Version 1 is the v0 schema (the test above), stamped.
    writeIndexV0(dest);
    setUserVersion(dest, 1);
    const catalog = openCatalog(dest);
    try {
      assert.equal(userVersion(dest), SCHEMA_VERSION);
      const file = catalog.items.findItemFile(["picker"], V0_ROWS.done.mediaId);
      assert.equal(file?.relPath, V0_ROWS.done.relPath);
      assert.equal(file?.provisional, false);
      assert.equal(
        catalog.items.findItemFile(["takeout"], V0_ROWS.reserved.takeoutKey)?.provisional,
        false,
      );
      const reserved = catalog.items.reserve({
        source: "takeout",
        sourceId: "IMG_LATE.jpg|5000|",
        filename: "IMG_LATE.jpg",
        relPath: "unknown-date/IMG_LATE.jpg",
        nameKey: "unknown-date/img_late.jpg",
        captureTime: null,
        mimeType: "image/jpeg",
        kind: "photo",
        provisional: true,
      });
      assert.equal(reserved.provisional, true);

      const at = new Date("2026-11-30T10:00:00Z");
      const part = catalog.parts.observe("/inbox/takeout-1-001.zip", "takeout-1", 10, 1000, at);
      assert.equal(part.importedAt, undefined);
      catalog.parts.recordEntries(part.path, [
        { path: "a.jpg", size: 5, role: "media", sourceId: "a.jpg|5|" },
        { path: "a.jpg.json", size: 5, role: "sidecar", used: true },
      ], true);
      assert.ok(catalog.parts.part(part.path)?.importedAt);
      assert.deepEqual(catalog.parts.entries(part.path).map((e) => e.role), ["media", "sidecar"]);
      // The same part seen with another size is a new part: read again, quiet period anew.
      const later = new Date("2026-11-30T11:00:00Z");
      const changed = catalog.parts.observe(part.path, "takeout-1", 11, 1000, later);
      assert.equal(changed.importedAt, undefined);
      assert.equal(changed.seenAt.toISOString(), later.toISOString());
      assert.equal(catalog.report.integrityCheck(), "ok");
    } finally {
      catalog.close();
    }
  });
});

Deno.test("catalog: a version 7 index keeps its Takeout parts and entries, each part's and folder's path stored once", async () => {
  await withDest((dest) => {
    const path = indexPath(dest);
    Deno.mkdirSync(join(dest, ".gphotos-nas"), { recursive: true });
    const db = new DatabaseSync(path);
    for (const step of MIGRATIONS.slice(0, 7)) db.exec(step);
    db.exec("PRAGMA user_version = 7");
    const part = "/volume1/takeout-inbox/takeout-20261101T000000Z-001.zip";
    db.prepare(
      `INSERT INTO takeout_parts (path, export_key, size, mtime_ms, seen_at, imported_at)
       VALUES (?, 'takeout-20261101T000000Z', 10, 1000, '2026-11-30T10:00:00Z', '2026-11-30T10:05:00Z')`,
    ).run(part);
    const entry = db.prepare(
      `INSERT INTO takeout_entries (part_path, path, size, role, source_id, used)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    entry.run(part, "Takeout/Google Photos/Photos from 2020/a.jpg", 5, "media", "a.jpg|5|1", 0);
    entry.run(part, "Takeout/Google Photos/Photos from 2020/a.jpg.json", 7, "sidecar", null, 1);
    entry.run(part, "Takeout/archive_browser.html", 3, "other", null, 0);
    db.close();

    const catalog = openCatalog(dest);
    try {
      assert.equal(userVersion(dest), SCHEMA_VERSION);
      assert.equal(catalog.parts.part(part)?.importedAt, "2026-11-30T10:05:00Z");
      assert.deepEqual(catalog.parts.entries(part), [
        {
          path: "Takeout/Google Photos/Photos from 2020/a.jpg",
          size: 5,
          role: "media",
          sourceId: "a.jpg|5|1",
          used: false,
        },
        {
          path: "Takeout/Google Photos/Photos from 2020/a.jpg.json",
          size: 7,
          role: "sidecar",
          sourceId: undefined,
          used: true,
        },
        {
          path: "Takeout/archive_browser.html",
          size: 3,
          role: "other",
          sourceId: undefined,
          used: false,
        },
      ]);
      // A changed part is a new part: its old entries go with it.
      catalog.parts.observe(part, "takeout-20261101T000000Z", 11, 1000, new Date());
      assert.deepEqual(catalog.parts.entries(part), []);
      // Its new entries come back as recorded, whatever folder they are in (or none).
      const fresh = [
        { path: "Takeout/Google Photos/Photos from 2020/b.jpg", size: 4, role: "media" as const },
        { path: "Takeout/Google Photos/Trip/b.jpg", size: 4, role: "media" as const },
        { path: "top.jpg", size: 2, role: "media" as const },
      ].map((e) => ({ ...e, sourceId: `${e.path}|1`, used: false }));
      catalog.parts.recordEntries(part, fresh, true);
      assert.deepEqual(catalog.parts.entries(part), fresh);
      assert.equal(catalog.report.integrityCheck(), "ok");
    } finally {
      catalog.close();
    }
    const check = new DatabaseSync(path, { readOnly: true });
    try {
      const columns = (check.prepare("PRAGMA table_info(takeout_part_entries)").all() as {
        name: string;
      }[]).map((c) => c.name);
      // Entries name their part and their folder by id, not by paths repeated in each row.
      assert.deepEqual(columns, [
        "part_id",
        "folder_id",
        "name",
        "size",
        "role",
        "source_id",
        "used",
      ]);
      const folders = check.prepare("SELECT path FROM takeout_folders ORDER BY id").all() as {
        path: string;
      }[];
      assert.deepEqual(folders.map((f) => f.path), [
        "Takeout/",
        "Takeout/Google Photos/Photos from 2020/",
        "Takeout/Google Photos/Trip/",
        "",
      ]);
    } finally {
      check.close();
    }
  });
});
