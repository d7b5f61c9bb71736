/**
 * Never the wrong disk. A library carries a marker, `DEST/.gphotos-nas/library.json`, with an id
 * (also kept in the index); the config folder remembers, in `libraries.json`, which library it
 * used at which path. A run into a path whose parent is missing (a volume not mounted), or into a
 * remembered path that lost its marker (an empty mount point) or holds another library (another
 * disk in the bay), is refused before anything is created, so nothing fills the root filesystem or
 * starts a library over.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { UsageError } from "../../errors.ts";
import type { Logger } from "../../ui/log.ts";
import { type Catalog, indexPath } from "../catalog/mod.ts";
import { STATE_DIR } from "../disk/paths.ts";

/** What the marker file holds. */
export interface LibraryMarker {
  /** A random id, kept for the library's life. */
  id: string;
  /** When the library got its marker, ISO-8601. */
  createdAt: string;
}

/** A library the config folder remembers at one path. */
interface Remembered {
  id: string;
  since: string;
}

/** The marker file of the library at `root`. */
export function markerPath(root: string): string {
  return join(root, STATE_DIR, "library.json");
}

function registryPath(configDir: string): string {
  return join(configDir, "libraries.json");
}

async function exists(path: string): Promise<boolean> {
  return await Deno.lstat(path).then(() => true, () => false);
}

/** The marker at `root`, or undefined when there is none (or it is unreadable). */
export async function readMarker(root: string): Promise<LibraryMarker | undefined> {
  try {
    const data = JSON.parse(await Deno.readTextFile(markerPath(root)));
    return typeof data?.id === "string" ? data : undefined;
  } catch {
    return undefined;
  }
}

async function readRegistry(configDir: string): Promise<Record<string, Remembered>> {
  try {
    const data = JSON.parse(await Deno.readTextFile(registryPath(configDir)));
    return data?.libraries && typeof data.libraries === "object" ? data.libraries : {};
  } catch {
    return {};
  }
}

/** Writes `text` to `path` through a temp file and a rename, so a crash leaves old or new. */
async function writeAtomic(path: string, text: string, mode?: number): Promise<void> {
  const temp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeTextFile(temp, text, mode === undefined ? {} : { mode });
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

/**
 * Creates the library folder only when its parent exists: a missing parent is most often a volume
 * that is not mounted, and creating the path would fill the system disk instead.
 */
export async function createDest(root: string): Promise<void> {
  if (await exists(root)) return;
  const parent = dirname(root);
  if (!(await exists(parent))) {
    throw new UsageError(
      `Cannot use --dest ${root}: its parent folder ${parent} does not exist — is the volume ` +
        "mounted? Create the parent folder first if this is really where the library goes",
    );
  }
  await Deno.mkdir(root).catch((error) => {
    if (error instanceof Deno.errors.AlreadyExists) return;
    throw new UsageError(`Cannot create the destination ${root}: ${error.message}`);
  });
}

function short(id: string): string {
  return id.slice(0, 8);
}

/**
 * Refuses a path this config folder used for a library that is not there now: neither its marker
 * nor its index is left (an empty mount point), or another library's marker is (another disk).
 */
export async function refuseWrongLibrary(root: string, configDir?: string): Promise<void> {
  if (configDir === undefined) return;
  const known = (await readRegistry(configDir))[root];
  if (!known) return;
  const marker = await readMarker(root);
  const rebuild = `gphotos-nas index rebuild --dest ${root}`;
  if (!marker) {
    if (await exists(indexPath(root))) return;
    throw new UsageError(
      `Cannot use --dest ${root}: it held the library ${short(known.id)} (used here since ` +
        `${known.since.slice(0, 10)}) but its ${STATE_DIR}/library.json is gone — is the volume ` +
        `mounted? If the library was moved or deleted on purpose, run \`${rebuild}\` to start ` +
        "again from what the folder holds",
    );
  }
  if (marker.id !== known.id) {
    throw new UsageError(
      `Cannot use --dest ${root}: it holds the library ${short(marker.id)}, not the library ` +
        `${short(known.id)} used here since ${known.since.slice(0, 10)} — is the right volume ` +
        `mounted? If this library belongs here now, run \`${rebuild}\` to adopt it`,
    );
  }
}

/**
 * Makes the library at `root` carry its marker and remembers it in the config folder. The id comes
 * from the marker, else from the index (a lost marker), else a new one; `adopt` makes the config
 * folder accept whatever library is there now (`index rebuild`). A config folder that cannot be
 * written only costs the protection, so it is a warning.
 */
export async function claimLibrary(
  root: string,
  index: Catalog,
  options: { configDir?: string; log: Logger },
): Promise<LibraryMarker> {
  let marker = await readMarker(root);
  if (!marker) {
    const id = index.state.get("library_id") ?? crypto.randomUUID();
    marker = { id, createdAt: new Date().toISOString() };
    await writeAtomic(markerPath(root), JSON.stringify(marker, null, 2) + "\n");
  }
  if (index.state.get("library_id") !== marker.id) index.state.set("library_id", marker.id);
  const { configDir, log } = options;
  if (configDir === undefined) return marker;
  const libraries = await readRegistry(configDir);
  if (libraries[root]?.id === marker.id) return marker;
  libraries[root] = { id: marker.id, since: new Date().toISOString() };
  try {
    await Deno.mkdir(configDir, { recursive: true, mode: 0o700 });
    await writeAtomic(
      registryPath(configDir),
      JSON.stringify({ libraries }, null, 2) + "\n",
      0o600,
    );
  } catch (error) {
    log.warn(
      `Cannot remember the library in ${registryPath(configDir)}: ${(error as Error).message}; ` +
        "a run into an unmounted volume would not be recognised — fix the config folder's rights",
    );
  }
  return marker;
}
