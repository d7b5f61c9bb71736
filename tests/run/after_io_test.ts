/**
 * A run whose own last step (a command's after-run check) meets an I/O failure of the index ends
 * with the documented line naming the index, never `internal error`. Found by the fault suite:
 * `import` under fsync faults ended `internal error: disk I/O error`, and `pick` under fsync faults
 * (its session kept in the index in its last step) likewise.
 */
import assert from "node:assert/strict";
import { executeRun } from "../../src/run/lifecycle.ts";
import type { CommandContext } from "../../src/cli/context.ts";
import { FatalIoError } from "../../src/errors.ts";
import { createLogger } from "../../src/ui/log.ts";

/** What node:sqlite throws when an fsync under the index fails. */
function diskIoError(): Error {
  return Object.assign(new Error("disk I/O error"), { code: "ERR_SQLITE_ERROR" });
}

for (const step of ["records", "after", "finally"] as const) {
  Deno.test(`run: SQLite's disk I/O error in the ${step} step stops the run with the index's line`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-run-after-" });
    try {
      const lines: string[] = [];
      const ctx = {
        configDir: dir,
        account: { name: "default", dir },
        log: createLogger({ write: (line) => void lines.push(line) }),
        writeStdout: () => {},
        signal: new AbortController().signal,
        env: () => undefined,
        isTty: false,
      } as CommandContext;
      const dest = `${dir}/library`;
      const settings = {
        dest,
        account: "default",
        timeZone: "UTC",
        media: "all",
        concurrency: 1,
        migrateLayout: false,
        dryRun: false,
        json: false,
        stallTimeoutMs: 1000,
        xmp: false,
        livePhotos: "keep",
      } as const;
      const error = await executeRun(ctx, settings, {
        command: "import",
        async *records() {
          // A stop the transfer met (the writer's index commit failing).
          yield* [];
          if (step === "records") throw diskIoError();
        },
        ...(step === "records" ? {} : {
          [step]() {
            throw diskIoError();
          },
        }),
      }).then(() => undefined, (e) => e);
      assert.ok(error instanceof FatalIoError, String(error));
      assert.match(
        error.message,
        new RegExp(`^Cannot use the index of ${dest}: SQLite reports a disk I/O error; `),
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
