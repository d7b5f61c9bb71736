import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { Statements } from "../../../src/library/catalog/statements.ts";
import { ExitCode, FatalIoError } from "../../../src/errors.ts";

Deno.test("index: a write-ahead log that cannot be synced ends in one line naming it, not an internal error", async () => {
  // Opening `/dev/null/…` fails with ENOTDIR, as an injected fault on the log's open did.
  const log = "/dev/null/index.sqlite-wal";
  const db = new Statements(new DatabaseSync(":memory:"), log);
  db.exec("CREATE TABLE t (x)");
  await assert.rejects(
    () => db.durable([() => db.exec("INSERT INTO t VALUES (1)")]),
    (error: unknown) => {
      assert.ok(error instanceof FatalIoError, String(error));
      assert.equal(error.exitCode, ExitCode.ItemsFailed);
      assert.match(
        error.message,
        /^Cannot read or write \/dev\/null\/index\.sqlite-wal: .*; check the disk/,
      );
      return true;
    },
  );
  db.close();
});

/** A Statements over a new WAL file index, and a second connection to it (another process). */
async function twoConnections() {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/index.sqlite`;
  const db = new Statements(new DatabaseSync(path), `${path}-wal`);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (x TEXT)");
  const other = new DatabaseSync(path);
  const seen = () => other.prepare("SELECT x FROM t ORDER BY rowid").all().map((row) => row.x);
  return {
    db,
    seen,
    async [Symbol.asyncDispose]() {
      other.close();
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("index: deferred work is one open transaction, committed by the next durable commit, a plain write or closing", async () => {
  await using t = await twoConnections();
  const { db, seen } = t;
  const insert = (x: string) => db.sql("INSERT INTO t (x) VALUES (?)").run(x);
  db.deferred(() => insert("reserved"));
  db.deferred(() => insert("albums"));
  // Seen by its own connection at once; by another one only once committed.
  assert.equal(db.sql("SELECT count(*) AS n FROM t").get()?.n, 2);
  assert.deepEqual(seen(), []);
  assert.equal(db.synced < db.seq, true);
  await db.durable([() => insert("done")]);
  assert.deepEqual(seen(), ["reserved", "albums", "done"]);
  assert.equal(db.synced, db.seq);
  // A write of its own commits the deferred work first, synced, as its FULL commit always did.
  db.deferred(() => insert("journal"));
  insert("aside");
  assert.deepEqual(seen().slice(3), ["journal", "aside"]);
  assert.equal(db.synced, db.seq);
  db.deferred(() => insert("last"));
  db.close();
  assert.deepEqual(seen().slice(5), ["last"]);
});

Deno.test("index: a deferred work that fails is undone alone, the others stay", async () => {
  await using t = await twoConnections();
  const { db, seen } = t;
  const insert = (x: string) => db.sql("INSERT INTO t (x) VALUES (?)").run(x);
  db.deferred(() => insert("kept"));
  assert.throws(() =>
    db.deferred(() => {
      insert("undone");
      throw new Error("a name taken meanwhile");
    }), /taken meanwhile/);
  // A transaction inside deferred work is a savepoint of it, undone with it.
  assert.throws(() =>
    db.deferred(() =>
      db.transaction(() => {
        insert("undone too");
        throw new Error("no");
      })
    ), /no/);
  await db.durable([]);
  assert.deepEqual(seen(), ["kept"]);
});

Deno.test("index: deferred work SQLite rolls back by itself (a full disk) stops every later write with that cause", async () => {
  await using t = await twoConnections();
  const { db, seen } = t;
  const insert = (x: string) => db.sql("INSERT INTO t (x) VALUES (?)").run(x);
  const pages = Number(db.sql("PRAGMA page_count").get()?.page_count);
  db.exec(`PRAGMA max_page_count = ${pages + 2}`);
  db.deferred(() => insert("a reservation"));
  // SQLITE_FULL undoes the whole transaction, the reservation with it.
  assert.throws(
    () =>
      db.deferred(() => {
        for (let i = 0; i < 100; i++) insert("x".repeat(3000));
      }),
    /database or disk is full/,
  );
  // What relied on the reservation must not go on as if it were recorded.
  await assert.rejects(() => db.durable([]), /database or disk is full/);
  assert.throws(() => db.deferred(() => insert("later")), /database or disk is full/);
  assert.deepEqual(seen(), []);
});
