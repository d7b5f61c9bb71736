/**
 * `deno task doclint`: `deno doc --lint` over the product's modules, every `.ts` file under `src/`
 * except the simulator (a test tool shipped for the demo) and tests. Walking the tree, rather than
 * listing folders in deno.json, keeps new product folders from escaping the check.
 *
 * @module
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SKIPPED = new Set(["src/simulator"]);

/** The product's source files, relative to the repository root, sorted. */
export async function productSources(dir = join(ROOT, "src")): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path);
    if (entry.isDirectory && !SKIPPED.has(rel)) out.push(...await productSources(path));
    else if (entry.isFile && rel.endsWith(".ts") && !rel.endsWith("_test.ts")) out.push(rel);
  }
  return out.sort();
}

if (import.meta.main) {
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", ...await productSources()],
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  Deno.exit(code);
}
