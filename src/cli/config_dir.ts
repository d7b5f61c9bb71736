/**
 * Where the configuration lives: `--config-dir`, else `$GPHOTOS_NAS_CONFIG_DIR`, else
 * `~/.config/gphotos-nas`.
 *
 * @module
 */
import { join } from "node:path";
import { UsageError } from "../errors.ts";

/** Resolves the config folder. */
export function resolveConfigDir(
  flag: string | undefined,
  env: (name: string) => string | undefined,
): string {
  const dir = flag ?? env("GPHOTOS_NAS_CONFIG_DIR");
  if (dir) return dir;
  const home = env("HOME");
  if (!home) {
    throw new UsageError(
      "no config folder: HOME is not set; pass --config-dir DIR or set GPHOTOS_NAS_CONFIG_DIR",
    );
  }
  return join(home, ".config", "gphotos-nas");
}
