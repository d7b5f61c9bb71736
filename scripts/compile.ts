/**
 * `deno task compile [--target NAME…] [--allow-host HOST…]`: standalone executables in `dist/` for
 * NAS boxes, with the narrowest permission set baked in. `deno compile` downloads its `denort`
 * runtime for each target; where that is impossible, set `DENORT_BIN` to a `denort` binary of the
 * same Deno version (for the target) and it is used instead.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ENV_VARS, NET_HOSTS, RUN_COMMANDS, SYS_KINDS } from "../src/permissions.ts";

/** Targets and the file names they produce. */
export const TARGETS: Record<string, string> = {
  "x86_64-unknown-linux-gnu": "gphotos-nas-x86_64-linux",
  "aarch64-unknown-linux-gnu": "gphotos-nas-aarch64-linux",
  "x86_64-apple-darwin": "gphotos-nas-x86_64-macos",
  "aarch64-apple-darwin": "gphotos-nas-aarch64-macos",
  "x86_64-pc-windows-msvc": "gphotos-nas-x86_64-windows.exe",
};

/**
 * The permission flags baked into the binary. Read and write cannot name the backup folder at
 * build time (each user picks theirs), so they stay open in the binary; `deno run` users scope them
 * (see docs/INSTALL.md).
 */
export function permissionFlags(extraHosts: string[] = []): string[] {
  return [
    `--allow-net=${[...NET_HOSTS, ...extraHosts].join(",")}`,
    `--allow-env=${ENV_VARS.join(",")}`,
    "--allow-read",
    "--allow-write",
    `--allow-run=${RUN_COMMANDS.join(",")}`,
    `--allow-sys=${SYS_KINDS.join(",")}`,
  ];
}

/**
 * V8 flags baked into the binary. Streaming allocates many short-lived chunks; a 1 MiB young
 * generation collects them early, which cut peak RSS at concurrency 16 from 163 to 101 MiB with no
 * loss of speed (measured with `deno task bench`). A Takeout import makes garbage at a steady rate
 * for as long as it runs, and V8 grows its old generation up to 4× between full collections on a
 * large machine, so RSS grew with the number of files although what is live does not: growing it
 * by at most half cut a 100,000-photo dry run from 169 to 117 MiB for 5–15% more CPU time
 * (docs/PERFORMANCE.md, "Many small files").
 */
export const V8_FLAGS = ["--max-semi-space-size=1", "--heap-growing-percent=50"];

/** The full `deno compile` argument list for one target. */
export function compileArgs(target: string, extraHosts: string[] = []): string[] {
  return [
    "compile",
    "--target",
    target,
    "--output",
    `dist/${TARGETS[target]}`,
    ...permissionFlags(extraHosts),
    `--v8-flags=${V8_FLAGS.join(",")}`,
    // verify's hashing threads are started by URL, which deno compile does not follow by itself.
    "--include",
    "src/library/verify/hash_worker.ts",
    "src/main.ts",
  ];
}

/** Whether `deno compile` failed because it could not get its runtime (no internet, no DENORT_BIN). */
export function isDenortFailure(stderr: string): boolean {
  return /denort|download|dl\.deno\.land|error sending request|dns error/i.test(stderr);
}

/** The one line printed when the runtime is missing: what happened and what to do. */
export function denortMessage(target: string): string {
  return `cannot build ${target}: deno compile could not download its runtime (denort) for that ` +
    "target. Download the denort zip of the same Deno version for the target on a machine " +
    "with internet access, and run again with DENORT_BIN=/path/to/denort";
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string", multiple: true },
      "allow-host": { type: "string", multiple: true },
    },
    strict: true,
  });
  const targets = values.target ?? ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"];
  for (const target of targets) {
    if (!TARGETS[target]) {
      console.error(`unknown target ${target}; known: ${Object.keys(TARGETS).join(", ")}`);
      Deno.exit(2);
    }
  }
  let failed = 0;
  for (const target of targets) {
    console.error(`compiling dist/${TARGETS[target]} (${target})`);
    const output = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(target, values["allow-host"] ?? []),
      stdout: "inherit",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    if (output.success) continue;
    failed++;
    console.error(isDenortFailure(stderr) ? denortMessage(target) : stderr.trim());
  }
  Deno.exit(failed ? 1 : 0);
}
