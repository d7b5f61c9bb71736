/**
 * Fails on an import that climbs: each module of the program may import only from its own layer
 * or the layers below it (docs/ARCHITECTURE.md lists them). Run by `deno task test`.
 *
 * @example
 * ```sh
 * deno run --allow-read scripts/layers.ts
 * ```
 *
 * @module
 */
import { dirname, join, normalize, relative } from "node:path";

/** The program's layers, top to bottom; a path prefix (under src/) per entry, one rank per row. */
const LAYERS: readonly (readonly string[])[] = [
  ["main.ts"],
  ["commands/"],
  ["web/"],
  ["run/"],
  ["cli/"],
  ["sources/"],
  ["library/mod.ts"],
  ["library/maintain/"],
  ["library/writer/", "library/verify/"],
  ["library/sidecars/", "library/layout/", "library/guard/"],
  ["library/catalog/"],
  ["library/disk/"],
  ["auth/"],
  ["net/"],
  ["config/"],
  ["ui/", "time/", "metadata/", "media/"],
  ["errors.ts", "permissions.ts"],
];

/** The rank of a module (its path under src/), or undefined for one outside every layer. */
function rank(path: string): number | undefined {
  let best: { rank: number; length: number } | undefined;
  LAYERS.forEach((prefixes, i) => {
    for (const prefix of prefixes) {
      if (path.startsWith(prefix) && (!best || prefix.length > best.length)) {
        best = { rank: i, length: prefix.length };
      }
    }
  });
  return best?.rank;
}

/** Every .ts module under `dir` (the simulator and tests aside: they stand beside the layers). */
async function* modules(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && entry.name !== "simulator") yield* modules(path);
    else if (entry.isFile && path.endsWith(".ts") && !path.endsWith("_test.ts")) yield path;
  }
}

const SPECIFIER = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;
const src = join(dirname(new URL(import.meta.url).pathname), "..", "src");
const climbs: string[] = [];
let count = 0;
for await (const file of modules(src)) {
  count++;
  const from = relative(src, file);
  const own = rank(from);
  const text = await Deno.readTextFile(file);
  for (const match of text.matchAll(SPECIFIER)) {
    const to = relative(src, normalize(join(dirname(file), match[1])));
    // The package's own deno.json (main.ts reads its version) stands outside the layers.
    if (to === join("..", "deno.json")) continue;
    const theirs = rank(to);
    if (own === undefined || theirs === undefined) {
      climbs.push(`${from} → ${to}: outside every layer (add it to scripts/layers.ts)`);
    } else if (theirs < own) {
      climbs.push(`${from} → ${to}: climbs from ${LAYERS[own]} to ${LAYERS[theirs]}`);
    }
  }
}
if (climbs.length) {
  console.error(`Cannot accept the layers: ${climbs.length} import(s) climb\n${climbs.join("\n")}`);
  Deno.exit(1);
}
console.log(`layers: ${count} modules, no import climbs`);
