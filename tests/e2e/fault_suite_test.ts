import { FAULT_FAMILIES, hasFiu } from "../support/fiu.ts";
import { runScenario, SCENARIOS } from "../support/fault_suite.ts";

const ignore = !(await hasFiu());
if (ignore) {
  console.log("fiu-run is not installed (Debian's fiu-utils): the fault suite is ignored");
}

// Bounded for CI: each command meets three of the six families (each family three or four
// commands), at one probability; `deno task faults` runs every family at several.
const families = Object.keys(FAULT_FAMILIES);
for (const [i, scenario] of SCENARIOS.entries()) {
  for (const family of [0, 2, 4].map((k) => families[(i + k) % families.length])) {
    Deno.test({
      name: `faults: ${scenario.name} under ${family} faults, then a clean run: a whole library`,
      ignore,
      async fn() {
        await runScenario(scenario, family, 0.05);
      },
    });
  }
}
