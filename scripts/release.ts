/**
 * `deno task release [--tag vX.Y.Z] [--target NAME…] [--no-smoke]`: the release artifacts in
 * `dist/release/`: one archive per target (`gphotos-nas-v0.2.0-x86_64-unknown-linux-gnu.tar.gz`,
 * `.zip` for Windows) holding the binary built by `scripts/compile.ts` (same baked permissions),
 * the README and `contrib/`; each Linux binary smoke-run (`--version`, then a Takeout import and a
 * verify, the arm64 one under QEMU); and `SHA256SUMS`. The release workflow runs it on a `v*` tag
 * and uploads the folder; it runs the same way locally wherever `deno compile` can get `denort`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { basename, join } from "node:path";
import denoJson from "../deno.json" with { type: "json" };
import { compileArgs, denortMessage, isDenortFailure, TARGETS } from "./compile.ts";

/** Every target a release ships, Linux first (the NAS targets; also the ones smoke-run). */
export const RELEASE_TARGETS: string[] = Object.keys(TARGETS);

/** Where the artifacts go. */
export const RELEASE_DIR = "dist/release";

/**
 * The version a release carries. A tag must be `v` + deno.json's version, so that `--version`
 * of the binary and the name of the release can never disagree.
 */
export function releaseVersion(
  tag: string | undefined,
  version: string = denoJson.version,
): string {
  if (tag === undefined || tag === "") return version;
  if (tag !== `v${version}`) {
    throw new Error(
      `tag ${tag} does not match deno.json's version ${version} (expected v${version})`,
    );
  }
  return version;
}

/** Windows users expect a zip; everyone else gets a tar.gz, which keeps the executable bit. */
export function archiveName(version: string, target: string): string {
  const ext = target.includes("windows") ? "zip" : "tar.gz";
  return `gphotos-nas-v${version}-${target}.${ext}`;
}

/** The binary's name inside the archive: the command users type. */
export function binaryName(target: string): string {
  return target.includes("windows") ? "gphotos-nas.exe" : "gphotos-nas";
}

/** The `deno compile` arguments for a release: exactly `deno task compile`'s, so both agree. */
export function releaseCompileArgs(target: string, extraHosts: string[] = []): string[] {
  if (!TARGETS[target]) throw new Error(`unknown target ${target}`);
  return compileArgs(target, extraHosts);
}

/**
 * How to execute a binary built for `target` on a machine of `host`: directly ([]), through QEMU
 * user emulation (aarch64 on x86_64, with the cross glibc as its library root), or not at all.
 */
export function smokeRunner(target: string, host: string): string[] | null {
  if (target === host) return [];
  if (target === "aarch64-unknown-linux-gnu" && host === "x86_64-unknown-linux-gnu") {
    return ["qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu"];
  }
  return null;
}

/** `sha256sum`'s format ("HASH  NAME"), sorted by name, so `sha256sum -c SHA256SUMS` checks it. */
export function sha256sums(entries: { name: string; sha256: string }[]): string {
  return [...entries]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((e) => `${e.sha256}  ${e.name}\n`)
    .join("");
}

/** The hex SHA-256 of a file, streamed (binaries are ~100 MB). */
export async function sha256File(path: string): Promise<string> {
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Checked before anything is built: a `DENORT_BIN` that names no file would make `deno compile`
 * fail with a backtrace; one line says what is wrong instead.
 */
export function denortBinProblem(denortBin: string | undefined): string | undefined {
  if (!denortBin) return undefined;
  try {
    if (Deno.statSync(denortBin).isFile) return undefined;
  } catch {
    // fall through: missing or unreadable
  }
  return `DENORT_BIN=${denortBin} is not a file: point it at a denort binary of Deno ` +
    `${Deno.version.deno} for the target, or unset it to let deno compile download one`;
}

async function run(cmd: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd: options.cwd,
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/**
 * Packs `dir` into the archive named `name` beside it, with `dir`'s name as the one top folder (so
 * unpacking never spills files into the current folder), and returns the archive's path.
 */
export async function makeArchive(dir: string, name: string): Promise<string> {
  const parent = join(dir, "..");
  const cmd = name.endsWith(".zip")
    ? ["zip", "-qr", name, basename(dir)]
    : ["tar", "-czf", name, basename(dir)];
  const result = await run(cmd, { cwd: parent });
  if (result.code !== 0) throw new Error(`${cmd[0]} failed: ${result.stderr.trim()}`);
  return join(parent, name);
}

/**
 * The smoke run of one Linux binary: `--version` names the version and the target, then a small
 * generated Takeout export is imported and verified by the binary alone (its baked permissions,
 * its bundled zip reader and SQLite), which is what a NAS runs every night.
 */
export async function smokeRun(runner: string[], binary: string, version: string, target: string) {
  const v = await run([...runner, binary, "--version"]);
  if (
    v.code !== 0 || !v.stdout.startsWith(`gphotos-nas ${version}\n`) || !v.stdout.includes(target)
  ) {
    throw new Error(`smoke: --version printed ${JSON.stringify(v.stdout)} (${v.stderr.trim()})`);
  }
  const { firstExport, writeExport } = await import("../src/simulator/takeout/mod.ts");
  const work = await Deno.makeTempDir({ prefix: "gphotos-nas-smoke-" });
  try {
    const fixture = await firstExport("UTC");
    const parts = await writeExport(work, "takeout-20260101T000000Z", fixture.files, {
      format: "zip",
      parts: 2,
    });
    const env = { GPHOTOS_NAS_CONFIG_DIR: join(work, "config"), TZ: "UTC", NO_COLOR: "1" };
    const dest = join(work, "photos");
    for (const args of [["import", ...parts, "--dest", dest], ["verify", "--dest", dest]]) {
      const r = await run([...runner, binary, ...args], { env });
      if (r.code !== 0) throw new Error(`smoke: ${args[0]} exited ${r.code}: ${r.stderr.trim()}`);
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      tag: { type: "string" },
      target: { type: "string", multiple: true },
      "allow-host": { type: "string", multiple: true },
      "no-smoke": { type: "boolean" },
    },
    strict: true,
  });
  const fail = (message: string, code = 1): never => {
    console.error(`release: ${message}`);
    Deno.exit(code);
  };
  let version = "";
  try {
    version = releaseVersion(values.tag ?? Deno.env.get("GITHUB_REF_NAME"));
  } catch (error) {
    fail((error as Error).message, 2);
  }
  const targets = values.target ?? RELEASE_TARGETS;
  for (const t of targets) if (!TARGETS[t]) fail(`unknown target ${t}`, 2);
  const denortProblem = denortBinProblem(Deno.env.get("DENORT_BIN"));
  if (denortProblem) fail(denortProblem);

  await Deno.remove(RELEASE_DIR, { recursive: true }).catch(() => {});
  await Deno.mkdir(RELEASE_DIR, { recursive: true });
  const sums: { name: string; sha256: string }[] = [];
  for (const target of targets) {
    console.error(`release: compiling ${target}`);
    const built = await run([Deno.execPath(), ...releaseCompileArgs(target, values["allow-host"])]);
    if (built.code !== 0) {
      fail(isDenortFailure(built.stderr) ? denortMessage(target) : built.stderr.trim());
    }
    const archive = archiveName(version, target);
    const stem = archive.replace(/\.(zip|tar\.gz)$/, "");
    const stage = join(RELEASE_DIR, stem);
    await Deno.mkdir(stage, { recursive: true });
    const binary = join(stage, binaryName(target));
    await Deno.copyFile(`dist/${TARGETS[target]}`, binary);
    await Deno.chmod(binary, 0o755).catch(() => {});
    await Deno.copyFile("README.md", join(stage, "README.md"));
    await run(["cp", "-r", "contrib", join(stage, "contrib")]);
    const runner = smokeRunner(target, Deno.build.target);
    if (values["no-smoke"] || runner === null) {
      console.error(
        `release: ${target} not smoke-run (${runner === null ? "cannot run here" : "--no-smoke"})`,
      );
    } else {
      await smokeRun(runner, binary, version, target).catch((e) => fail((e as Error).message));
      console.error(`release: ${target} smoke run passed`);
    }
    const path = await makeArchive(stage, archive);
    await Deno.remove(stage, { recursive: true });
    sums.push({ name: archive, sha256: await sha256File(path) });
  }
  await Deno.writeTextFile(join(RELEASE_DIR, "SHA256SUMS"), sha256sums(sums));
  console.error(`release: ${sums.length} archives and SHA256SUMS in ${RELEASE_DIR}/`);
}
