/**
 * The long fault run for release checks (`deno task faults`): every command of the fault suite
 * (`tests/support/fault_suite.ts`) under every family of failing system calls, at several
 * probabilities, `--rounds N` times (default 2), each followed by a clean run and the library judged
 * from outside. Prints one line per run and a summary; exits 1 if any run failed. Needs Debian's
 * `fiu-utils` (`fiu-run`, `fiu-ctrl`) and the rights to run them; CI runs a bounded subset
 * (`tests/e2e/fault_suite_test.ts`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { FAULT_FAMILIES, hasFiu } from "../tests/support/fiu.ts";
import { runScenario, SCENARIOS } from "../tests/support/fault_suite.ts";

const PROBABILITIES = [0.01, 0.05, 0.25];

const { values } = parseArgs({
  args: Deno.args,
  options: { rounds: { type: "string", default: "2" }, only: { type: "string" } },
});
if (!(await hasFiu())) {
  console.error("faults: fiu-run is not installed (apt-get install fiu-utils)");
  Deno.exit(2);
}
const rounds = Math.max(1, Number(values.rounds) || 1);
const scenarios = SCENARIOS.filter((s) => !values.only || s.name.includes(values.only));
let runs = 0, failed = 0, injected = 0;
const codes = new Map<number, number>();
for (let round = 1; round <= rounds; round++) {
  for (const scenario of scenarios) {
    for (const family of Object.keys(FAULT_FAMILIES)) {
      for (const probability of PROBABILITIES) {
        runs++;
        const what = `${scenario.name} / ${family} / p=${probability} / round ${round}`;
        try {
          const outcome = await runScenario(scenario, family, probability);
          if (outcome.injected) injected++;
          codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1);
          console.error(`faults: ok ${what}: exit ${outcome.code}`);
        } catch (error) {
          failed++;
          console.error(`faults: FAILED ${what}: ${(error as Error).message}`);
        }
      }
    }
  }
}
const byCode = [...codes].sort(([a], [b]) => a - b).map(([c, n]) => `${n}× exit ${c}`).join(", ");
console.error(
  `faults: ${runs} faulty run(s), ${failed} failed, faults injected in ${injected}; ${byCode}`,
);
Deno.exit(failed > 0 ? 1 : 0);
