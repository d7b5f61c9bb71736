/**
 * What `import` accepts, decided before the library is opened: the paths named on the command line
 * (refused with one line and exit 2 when they are no Google Photos Takeout), and the inbox's sets
 * (one that is no Takeout is skipped with a warning, so `--delete-after` never touches it).
 *
 * @module
 */
import { UsageError } from "../../errors.ts";
import type { Logger } from "../../ui/log.ts";
import { hasTakeoutLayout, takeoutArchivesIn } from "./check.ts";
import { setsFromPaths, type TakeoutSet } from "./sets.ts";

const NOT_TAKEOUT = "holds no Google Photos export in Takeout's layout (Takeout/Google Photos/…)";

/** Refuses named paths that are not Google Photos Takeout exports (a `UsageError`, exit 2). */
export async function checkInputs(paths: string[], dest: string): Promise<void> {
  for (const path of paths) {
    const info = await Deno.stat(path).catch(() => undefined);
    if (!info?.isDirectory) continue;
    const folder: TakeoutSet = { key: path, kind: "folder", parts: [path], bytes: 0 };
    if (await hasTakeoutLayout(folder)) continue;
    const archives = await takeoutArchivesIn(path);
    if (archives.length) {
      throw new UsageError(
        `Cannot import ${path}: it is a folder of Takeout archives (${archives[0]}…), not an ` +
          `extracted export; import them with: gphotos-nas import --inbox ${path} --dest ${dest}`,
      );
    }
    throw new UsageError(
      `Cannot import ${path}: it ${NOT_TAKEOUT}; name the takeout-….zip/.tgz parts of a Google ` +
        "Photos export, or the folder they were extracted to",
    );
  }
  for (const set of await setsFromPaths(paths)) {
    if (set.kind === "folder" || await hasTakeoutLayout(set)) continue;
    throw new UsageError(
      `Cannot import ${set.parts.join(", ")}: it ${NOT_TAKEOUT}; ` +
        "name the takeout-….zip/.tgz parts of a Google Photos export",
    );
  }
}

/** The inbox sets that are Google Photos Takeouts; the others are named in a warning and left. */
export async function onlyTakeouts(sets: TakeoutSet[], log: Logger): Promise<TakeoutSet[]> {
  const kept: TakeoutSet[] = [];
  for (const set of sets) {
    if (await hasTakeoutLayout(set)) kept.push(set);
    else log.warn(`inbox: skipping ${set.key}: it ${NOT_TAKEOUT}; it is left in place`);
  }
  return kept;
}
