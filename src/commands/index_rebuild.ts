/**
 * `gphotos-nas index rebuild`: rebuild the library's index from the files on disk (like restic's
 * `rebuild-index`), after the index was lost, emptied or damaged, or to adopt a library copied
 * without its hidden folder.
 *
 * @module
 */
import { resolve } from "node:path";
import { parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { loadConfig } from "../config/config_file.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { logRebuildProgress } from "../library/maintain/rebuild.ts";
import { rebuildIndex } from "../library/maintain/rebuild_index.ts";
import { formatBytes, formatDuration } from "../ui/progress.ts";
import { homeOptions } from "../run/settings.ts";

/** `index --help`. */
export const help = `gphotos-nas index — look after the library's index

Usage:
  gphotos-nas index rebuild --dest DIR [--json]

rebuild   Records every photo and video in DIR that the index does not record, with its name,
          day folder, size, SHA-256 and capture time (its mtime). A damaged or empty index is first
          moved aside to DIR/.gphotos-nas/index.sqlite.damaged-<time> (never deleted) and a new one
          is built. Files that are not photos or videos are named and left alone.

The Google ids of the rebuilt files are unknown until the next run: it recognises each item by
the SHA-256 of its downloaded body (the body is compared, then discarded), so no second copy is
stored, and later runs skip it by id again. Albums, pending videos and the record of imported
Takeout exports are not on disk and are not rebuilt (importing an export again stores nothing twice).

Rebuilding also tells the config folder that DIR holds this library now: use it after moving a
library, or when a run refuses a folder that "held the library ... but its library.json is gone".

Exit codes: 0 rebuilt · 1 disk full or unwritable · 2 bad usage or no such folder ·
            4 library in use by another run

Examples:
  gphotos-nas index rebuild --dest /volume1/photos
  gphotos-nas index rebuild --dest /volume1/photos --json
`;

/** Runs `index`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseFlags("index", args);
  if (positionals.length !== 1 || positionals[0] !== "rebuild") {
    throw new UsageError(
      "index: name what to do: `gphotos-nas index rebuild --dest DIR` (the only action)",
    );
  }
  const dest = values.dest ?? (await loadConfig(ctx.configDir)).dest;
  if (!dest) throw new UsageError("index rebuild: --dest is missing: name the backup folder");
  const root = resolve(dest);
  const started = Date.now();
  const result = await rebuildIndex(root, {
    configDir: ctx.configDir,
    log: ctx.log,
    onProgress: logRebuildProgress(ctx.log, root),
    where: homeOptions(ctx),
  });
  const elapsed = Date.now() - started;
  ctx.log.info(
    `index rebuild: ${result.scanned} file(s) looked at, ${result.adopted} recorded ` +
      `(${formatBytes(result.adoptedBytes)}), ${result.known} already in the index, ` +
      `${result.notMedia.length} not photos or videos (left alone), in ${formatDuration(elapsed)}`,
  );
  for (const path of result.notMedia.slice(0, 10)) ctx.log.info(`  not a photo or video: ${path}`);
  if (result.notMedia.length > 10) ctx.log.info(`  … and ${result.notMedia.length - 10} more`);
  if (values.json) {
    ctx.writeStdout(JSON.stringify({ ...result, durationMs: elapsed }) + "\n");
  }
  return ExitCode.Ok;
}
