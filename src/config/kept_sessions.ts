/**
 * Picking sessions kept in the config folder: a `pick --dry-run` on a library that has no index
 * yet makes a session at Google but has no index to keep it in, so it is kept in
 * `<config-dir>/pick-sessions.json` (library root → the saved session, mode 0600) until the next
 * `pick` of that library takes it into the library's index. Synchronous, like the index's state
 * the Picker source reads and writes.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

const FILE = "pick-sessions.json";

function readAll(configDir: string): Record<string, string> {
  const path = join(configDir, FILE);
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(Deno.readTextFileSync(path));
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    // A damaged file only costs the user one more pick: it is written afresh.
    return {};
  }
}

/** The session kept for the library at `root`, if any. */
export function keptSession(configDir: string, root: string): string | undefined {
  const value = readAll(configDir)[root];
  return typeof value === "string" ? value : undefined;
}

/** Keeps (or, with `undefined`, forgets) the session of the library at `root`. */
export function keepSession(configDir: string, root: string, value: string | undefined): void {
  const all = readAll(configDir);
  if (value === undefined) {
    if (!(root in all)) return;
    delete all[root];
  } else all[root] = value;
  Deno.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const path = join(configDir, FILE);
  const temp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  Deno.writeTextFileSync(temp, JSON.stringify(all, null, 2) + "\n", { mode: 0o600 });
  Deno.renameSync(temp, path);
}
