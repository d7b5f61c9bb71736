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
