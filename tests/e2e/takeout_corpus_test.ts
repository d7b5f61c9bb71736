import assert from "node:assert/strict";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles } from "../support/library.ts";
import { importWorkspace } from "../support/workspace.ts";
import { writeExport } from "../../src/simulator/takeout/mod.ts";
import {
  type CorpusExport,
  namingCorpusExport,
} from "../../src/simulator/takeout/naming/naming_corpus.ts";
import { readOverview } from "../../src/web/overview.ts";
import { statusPage } from "../../src/web/pages.ts";

/** What `import --json` adds for what it could not date or match. */
interface CorpusJson extends RunJson {
  undated: number;
  unmatchedSidecars: number;
}

/** Each expected file that is not in its folder: `case N (source, verdict): name → folder`. */
async function misplaced(dest: string, corpus: CorpusExport): Promise<string[]> {
  const where = new Map((await libraryFiles(dest)).map((f) => [f.sha256, f.path]));
  const wrong: string[] = [];
  for (const e of corpus.expected) {
    const path = where.get(e.sha256);
    const folder = path?.slice(0, path.lastIndexOf("/"));
    if (folder !== e.folder) {
      wrong.push(
        `case ${e.caseNumber} (${e.source}, ${e.verdict}): ${e.name} → ${folder ?? "missing"}, ` +
          `expected ${e.folder}`,
      );
    }
  }
  return wrong;
}

for (const format of ["zip", "tgz"] as const) {
  Deno.test(`import (${format}, 3 parts): every corpus case meets its own sidecar, or none`, async () => {
    await using w = await importWorkspace(`corpus-${format}`, "UTC");
    const corpus = await namingCorpusExport();
    const parts = await writeExport(w.dir, "takeout-20261201T000000Z", corpus.files, {
      format,
      parts: 3,
    });
    const result = await runCli(["import", ...parts, "--dest", w.dest, "--json"], { env: w.env });
    assert.equal(result.code, 0, result.stderr);
    const json = result.json<CorpusJson>();
    assert.equal(json.downloaded, corpus.expected.length);

    // Agreed cases first: the peers' consensus; then our decisions on the disputed ones.
    const wrong = await misplaced(w.dest, corpus);
    assert.deepEqual(wrong.filter((line) => line.includes(", agreed)")), [], "agreed cases");
    assert.deepEqual(wrong, [], "disputed cases (our decision, docs/TAKEOUT.md)");

    // Nothing silent: the files left undated and the sidecars no file took are counted.
    const undated = corpus.expected.filter((e) => e.folder === "unknown-date").length;
    assert.equal(json.undated, undated);
    assert.equal(json.unmatchedSidecars, corpus.unmatchedSidecars);
    assert.match(
      result.stderr,
      new RegExp(
        `${undated} file\\(s\\) went to unknown-date/.*${corpus.unmatchedSidecars} ` +
          "sidecar\\(s\\) matched no file",
      ),
    );
    assert.match(result.stderr, new RegExp(`summary: .*undated=${undated}\\b`));

    // The library's undated count, and where to see the names: status (text and --json), console.
    const status = await runCli(["status", "--dest", w.dest, "--json"], { env: w.env });
    assert.equal(status.json<{ undated: number }>().undated, undated);
    const text = await runCli(["status", "--dest", w.dest], { env: w.env });
    assert.match(
      text.stdout,
      new RegExp(`undated: ${undated} file\\(s\\) in unknown-date/.*ls .*unknown-date/`),
    );
    const overview = await readOverview(
      w.dest,
      { configDir: w.env.GPHOTOS_NAS_CONFIG_DIR },
      undefined,
    );
    assert.match(statusPage(overview), new RegExp(`undated: <b id="undated">${undated}</b>`));
    assert.ok(
      overview.nextSteps.some((step) => step.startsWith(`${undated} file(s) have no date`)),
    );
  });
}
