/**
 * Test helpers around the simulator and a library on disk: an authorized config folder, the files
 * of a library with their hashes, and the expected day folder of a simulated item.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  type SimItem,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/mod.ts";
import { dayFolder as dayOf } from "../../src/simulator/takeout/mod.ts";
import { runCli } from "./cli.ts";

/** A config folder holding the simulator's client secret and a refresh token. */
export async function authorizedConfig(
  sim: Simulator,
  scopes?: string[],
): Promise<{ configDir: string; env: Record<string, string> }> {
  const configDir = await Deno.makeTempDir({ prefix: "gphotos-nas-config-" });
  await Deno.chmod(configDir, 0o700);
  await sim.writeClientSecret(join(configDir, "client_secret.json"));
  await Deno.writeTextFile(
    join(configDir, "token.json"),
    JSON.stringify({ refresh_token: sim.issueRefreshToken(scopes) }),
    { mode: 0o600 },
  );
  return {
    configDir,
    env: {
      GPHOTOS_NAS_CONFIG_DIR: configDir,
      GPHOTOS_NAS_LIBRARY_API: sim.libraryOrigin,
      GPHOTOS_NAS_PICKER_API: sim.pickerOrigin,
      TZ: "UTC",
    },
  };
}

/** A running simulator, an authorized config folder and an empty destination, all disposable. */
export interface TestLibrary extends AsyncDisposable {
  /** The simulator. */
  sim: Simulator;
  /** Environment for the CLI: config folder, API origins, TZ=UTC. */
  env: Record<string, string>;
  /** The (empty) backup folder. */
  dest: string;
  /** The config folder. */
  configDir: string;
}

/** Starts a simulator with `options` and prepares an authorized config and a destination. */
export async function testLibrary(options: SimulatorOptions): Promise<TestLibrary> {
  const sim = await startSimulator(options);
  const { configDir, env } = await authorizedConfig(sim);
  const dest = await Deno.makeTempDir({ prefix: "gphotos-nas-dest-" });
  return {
    sim,
    env,
    dest,
    configDir,
    async [Symbol.asyncDispose]() {
      await sim.close();
      await Deno.remove(configDir, { recursive: true });
      await Deno.remove(dest, { recursive: true });
    },
  };
}

/** A file of the library: its path relative to DEST and SHA-256. */
export interface LibraryFile {
  /** Relative path with `/`. */
  path: string;
  /** Hex SHA-256 of its bytes. */
  sha256: string;
  /** Size in bytes. */
  size: number;
}

/**
 * Every regular file under DEST except the state folder, sorted by path; XMP sidecars only with
 * `sidecars: true` (most tests count media files).
 */
export async function libraryFiles(
  dest: string,
  options: { sidecars?: boolean } = {},
): Promise<LibraryFile[]> {
  const out: LibraryFile[] = [];
  async function walk(dir: string, prefix: string) {
    for await (const entry of Deno.readDir(dir)) {
      if (prefix === "" && entry.name === ".gphotos-nas") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path, `${prefix}${entry.name}/`);
      else if (entry.isFile && (options.sidecars || !entry.name.endsWith(".xmp"))) {
        const bytes = await Deno.readFile(path);
        out.push({
          path: `${prefix}${entry.name}`,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          size: bytes.length,
        });
      }
    }
  }
  await walk(dest, "");
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The writer's temp files (`*.part`) under DEST, relative paths. A running CLI renames and removes
 * files while this walks, so entries that vanish meanwhile are skipped.
 */
export async function tempFiles(dest: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const entry of Deno.readDir(join(dest, prefix))) {
      const rel = `${prefix}${entry.name}`;
      if (entry.isDirectory && rel !== ".gphotos-nas") {
        out.push(...await tempFiles(dest, `${rel}/`));
      } else if (entry.name.endsWith(".part")) out.push(rel);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return out;
}

/** Removes the index of the library at `dest` and its write-ahead log: a lost index. */
export async function removeIndex(dest: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) {
    await Deno.remove(join(dest, `.gphotos-nas/index.sqlite${suffix}`)).catch(() => {});
  }
}

/** The `YYYY/YYYY-MM-DD` folder of an item in a zone. */
export function dayFolder(item: SimItem, timeZone = "UTC"): string {
  if (!item.creationTime || Number.isNaN(Date.parse(item.creationTime))) return "unknown-date";
  return dayOf(new Date(item.creationTime), timeZone);
}

/** Whether the simulator lets the item be downloaded now. */
export function isReady(item: SimItem): boolean {
  return item.kind === "photo" || (item.videoStatus ?? "READY") === "READY";
}

/** SHA-256 of each ready item, by hash. */
export async function expectedByHash(
  sim: Simulator,
  items: readonly SimItem[],
): Promise<Map<string, SimItem>> {
  const map = new Map<string, SimItem>();
  for (const item of items) if (isReady(item)) map.set(await sim.sha256(item), item);
  return map;
}

/** The library holds exactly the ready items, byte for byte, `verify` agrees, and no temp file. */
export async function assertComplete(t: TestLibrary): Promise<void> {
  const expected = await expectedByHash(t.sim, t.sim.items);
  const files = await libraryFiles(t.dest);
  assert.deepEqual(files.filter((f) => f.path.endsWith(".part")), [], "no temp file is left");
  assert.equal(files.length, t.sim.items.filter(isReady).length);
  for (const file of files) assert.ok(expected.has(file.sha256), `${file.path} is corrupt`);
  const sidecars = (await libraryFiles(t.dest, { sidecars: true })).filter((f) =>
    f.path.endsWith(".xmp")
  );
  assert.deepEqual(
    sidecars.map((f) => f.path).sort(),
    files.filter((f) => !f.path.startsWith("albums/")).map((f) => `${f.path}.xmp`).sort(),
    "one XMP sidecar beside each media file",
  );
  const verify = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(verify.code, 0, verify.stderr);
}
