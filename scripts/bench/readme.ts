/**
 * `deno run -A scripts/bench/readme.ts [--results FILE] [--file MD]…` (also `deno task bench
 * --readme`): rewrites the bench table in README.md and docs/PERFORMANCE.md from
 * bench-results/results.json, between the markers `<!-- bench:begin -->` and `<!-- bench:end -->`,
 * with the date, the machine and the mode of the run. Nothing outside the markers changes; a file
 * without them is an error, not a table appended somewhere.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { describeShape, ROOT, type Row, type Shape } from "./support.ts";

/** The marker lines the table sits between. */
export const BEGIN = "<!-- bench:begin -->";
/** See {@linkcode BEGIN}. */
export const END = "<!-- bench:end -->";

/** The files `--readme` rewrites by default, relative to the repository. */
export const BENCH_FILES = ["README.md", "docs/PERFORMANCE.md"];

/** What the table needs from results.json. */
export interface BenchResults {
  /** ISO date-time the run ended. */
  date: string;
  /** The machine and the mode of the run. */
  machine: { cores: number; ramGiB: number; deno: string; os: string; quick: boolean };
  /** The home link every simulator was shaped like. */
  shape: Shape;
  /** The table rows: measurement, result, ratio, target. */
  rows: Row[];
}

/** The Markdown between the markers: one line on the run, then the table. */
export function renderBench(results: BenchResults): string {
  const { machine } = results;
  const mode = machine.quick ? "quick mode: tiny sizes, not the real figures" : "full run";
  const cell = (text: string) => text.replaceAll("|", "\\|");
  return [
    `Measured by \`deno task bench\` on ${results.date.slice(0, 10)} (${mode}): ` +
    `${machine.cores} cores, ${machine.ramGiB} GiB RAM, Deno ${machine.deno}, ${machine.os}; ` +
    `the simulator shaped like a home link (${describeShape(results.shape)}). Each ratio is ` +
    "to a baseline measured in the same run.",
    "",
    "| measurement | result | ratio | target |",
    "| --- | --- | --- | --- |",
    ...results.rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

/**
 * `text` with what lies between the marker lines replaced by `block`. Throws when the markers are
 * missing, repeated or out of order, naming `file`.
 */
export function replaceBench(text: string, block: string, file: string): string {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const problem = begin < 0 || end < 0
    ? `it has no ${BEGIN} … ${END} markers`
    : text.indexOf(BEGIN, begin + 1) >= 0 || text.indexOf(END, end + 1) >= 0
    ? "its bench markers appear more than once"
    : end < begin
    ? `${END} comes before ${BEGIN}`
    : undefined;
  if (problem) throw new Error(`Cannot rewrite the bench table in ${file}: ${problem}`);
  return `${text.slice(0, begin + BEGIN.length)}\n${block}\n${text.slice(end)}`;
}

/** Rewrites the table in each of `files` from `results`, then formats them as `deno fmt` does. */
export async function rewriteBenchFiles(results: BenchResults, files: string[]): Promise<void> {
  const block = renderBench(results);
  const updated: [string, string][] = [];
  // Every file is checked before any is written: a missing marker leaves all of them as they were.
  for (const file of files) {
    updated.push([file, replaceBench(await Deno.readTextFile(file), block, file)]);
  }
  for (const [file, text] of updated) await Deno.writeTextFile(file, text);
  const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", ...files] })
    .output();
  if (!fmt.success) throw new Error(`Cannot format ${files.join(", ")}: deno fmt failed`);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { results: { type: "string" }, file: { type: "string", multiple: true } },
    strict: true,
  });
  const resultsFile = values.results ?? join(ROOT, "bench-results", "results.json");
  const files = values.file ?? BENCH_FILES.map((f) => join(ROOT, f));
  try {
    const results = JSON.parse(await Deno.readTextFile(resultsFile)) as BenchResults;
    if (!Array.isArray(results.rows)) {
      throw new Error(`Cannot read ${resultsFile}: it has no rows (written by an older bench?)`);
    }
    await rewriteBenchFiles(results, files);
    console.error(`bench table rewritten in ${files.join(", ")}`);
  } catch (error) {
    const missing = error instanceof Deno.errors.NotFound;
    console.error(
      missing
        ? `Cannot rewrite the bench table: ${resultsFile} does not exist (run deno task ` +
          "bench first)"
        : (error as Error).message,
    );
    Deno.exit(1);
  }
}
