import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../support/cli.ts";

Deno.test("bench --quick runs every measurement and writes its results", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = join(dir, "results.json");
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "scripts/bench/main.ts", "--quick", "--out", out],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(run.stdout);
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    assert.match(stdout, /\| Throughput vs curl -P4/);
    assert.match(stdout, /\| Takeout import vs unzip/);
    const results = JSON.parse(await Deno.readTextFile(out));
    for (
      const key of [
        "throughput",
        "memoryConcurrency16",
        "memoryBigVideo",
        "incremental",
        "takeout",
        "startup",
        "scale",
        "index",
        "many",
      ]
    ) {
      assert.ok(key in results, key);
    }
    assert.ok(results.throughput.bytes > 0);
    assert.equal(results.incremental.runs[1].rerunDownloaded, 0, "a re-run downloads nothing");
    assert.ok(results.takeout.items > 0);
    assert.equal(results.many.reimport.recognized, results.many.files, "a re-import reads none");
    const { sliced, sequential } = results.scale.listing;
    assert.equal(sliced.listed, sequential.listed, "slices list what one sequence lists");
    assert.match(stdout, /\| Listing \d+ items at 100 ms\/call/);
    assert.match(stdout, /\| verify vs one sha256sum/);
    assert.equal(results.index.decision.skipped, results.index.items, "every known item skipped");
    for (const what of ["open for writing", "no-change import decision", "status", "verify"]) {
      assert.match(stdout, new RegExp(`\\| Index 20k items: ${what}.*MiB`));
    }
    assert.match(stdout, /\| Re-import of an export \+5% new/);
    assert.equal(results.reimport.zip.again.summary.downloaded, 1, "only the new file is read");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
