import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../support/cli.ts";
import { BENCH_FILES, replaceBench } from "../../scripts/bench/readme.ts";

const SAMPLE = {
  date: "2026-12-01T03:00:00.000Z",
  machine: { cores: 2, ramGiB: 23.4, deno: "2.9.6", os: "linux", quick: false },
  shape: { latencyMs: [40, 100], bandwidth: 8 * 2 ** 20 },
  rows: [
    ["Throughput vs curl -P4 (same URLs)", "30.1 vs 31.0 MiB/s", "0.97×", "≥ 0.9×"],
    [
      "Peak RSS, that import vs the program started (--help)",
      "118.0 vs 45.0 MiB",
      "2.62×",
      "≤ 150 MiB",
    ],
  ],
};

const README = `# Title

Text before, kept.

<!-- bench:begin -->
| measurement | result | ratio | target |
| --- | --- | --- | --- |
| Old row | 1 s | | |
<!-- bench:end -->

## After

Text after, kept.
`;

/** Runs scripts/bench/readme.ts on `readme` with the sample results; its exit code and stderr. */
async function rewrite(readme: string): Promise<{ code: number; stderr: string; text: string }> {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-bench-readme-" });
  try {
    const results = join(dir, "results.json");
    const file = join(dir, "README.md");
    await Deno.writeTextFile(results, JSON.stringify(SAMPLE));
    await Deno.writeTextFile(file, readme);
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "scripts/bench/readme.ts", "--results", results, "--file", file],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: run.code,
      stderr: new TextDecoder().decode(run.stderr),
      text: await Deno.readTextFile(file),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("bench_readme: the table between the markers is replaced from results.json, nothing else", async () => {
  const { code, stderr, text } = await rewrite(README);
  assert.equal(code, 0, stderr);
  const begin = text.indexOf("<!-- bench:begin -->");
  const end = text.indexOf("<!-- bench:end -->");
  assert.equal(text.slice(0, begin), README.slice(0, README.indexOf("<!-- bench:begin -->")));
  assert.equal(text.slice(end), README.slice(README.indexOf("<!-- bench:end -->")));
  // deno fmt wraps the prose and pads the table: compare with runs of spaces as one.
  const table = text.slice(begin, end).replace(/\s+/g, " ");
  assert.doesNotMatch(table, /Old row/);
  assert.match(table, /on 2026-12-01 \(full run\): 2 cores, 23\.4 GiB RAM, Deno 2\.9\.6, linux/);
  assert.match(table, /40–100 ms per API call, 8\.0 MiB\/s per media connection/);
  assert.match(
    table,
    /\| Throughput vs curl -P4 \(same URLs\) \| 30\.1 vs 31\.0 MiB\/s \| 0\.97× \| ≥ 0\.9× \|/,
  );
  assert.match(
    table,
    /\| Peak RSS, that import vs the program started \(--help\) \| 118\.0 vs 45\.0 MiB/,
  );

  const again = await rewrite(text);
  assert.equal(again.text, text, "a second rewrite from the same results changes nothing");
});

Deno.test("bench_readme: a file without the markers fails loudly and is left as it was", async () => {
  const without = README.replace("<!-- bench:end -->\n", "");
  const { code, stderr, text } = await rewrite(without);
  assert.equal(code, 1);
  assert.match(
    stderr,
    /^Cannot rewrite the bench table in .*README\.md: it has no <!-- bench:begin --> … <!-- bench:end --> markers\n$/,
  );
  assert.equal(text, without);
});

Deno.test("bench_readme: the files --readme rewrites hold their markers once, so a run can rewrite them", async () => {
  for (const file of BENCH_FILES) {
    const text = await Deno.readTextFile(join(ROOT, file));
    const rewritten = replaceBench(text, "the table", file);
    // What follows the table is the file's own text, not a left-over piece of an older table.
    const after = rewritten.slice(rewritten.indexOf("<!-- bench:end -->"));
    assert.doesNotMatch(after, /^\| Peak RSS, verify /m, file);
  }
});
