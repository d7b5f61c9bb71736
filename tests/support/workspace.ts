import { join } from "node:path";

/** A temp folder with a config folder and a library path inside, removed when disposed. */
export interface ImportWorkspace extends AsyncDisposable {
  /** The temp folder (archives go here). */
  dir: string;
  /** The library, not yet created. */
  dest: string;
  /** The CLI's environment: the config folder and `TZ`. */
  env: Record<string, string>;
}

/** A fresh workspace for an import test, named `gphotos-nas-<prefix>-…`, running in `timeZone`. */
export async function importWorkspace(prefix: string, timeZone: string): Promise<ImportWorkspace> {
  const dir = await Deno.makeTempDir({ prefix: `gphotos-nas-${prefix}-` });
  const config = join(dir, "config");
  await Deno.mkdir(config);
  return {
    dir,
    dest: join(dir, "library"),
    env: { GPHOTOS_NAS_CONFIG_DIR: config, TZ: timeZone },
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
    },
  };
}
