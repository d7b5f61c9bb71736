/**
 * `gphotos-nas gc --superseded`: remove the copies of Google's (Picker or Library API downloads)
 * that imported Takeout originals replaced, kept until now under `DEST/.gphotos-nas/superseded/`.
 *
 * @module
 */
import { resolve } from "node:path";
import { intFlag, parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { loadConfig, MAX_SUPERSEDED_DAYS } from "../config/config_file.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { libraryIoError } from "../library/disk/fs_errors.ts";
import { collectSuperseded, type GcOptions, type GcResult } from "../library/maintain/gc.ts";
import { indexHome, readableIndexDir } from "../library/guard/index_home.ts";
import { type Library, openLibrary } from "../library/mod.ts";
import { defaultRetryPolicy } from "../net/retry.ts";
import { formatBytes } from "../ui/progress.ts";
import { homeOptions } from "../run/settings.ts";
import { SpooledList } from "../cli/spooled_list.ts";

/** `gc --help`. */
export const help = `gphotos-nas gc — remove what the library no longer needs

Usage:
  gphotos-nas gc --superseded [--dest DIR] [--superseded-days N] [--dry-run] [--json]

When a Takeout import brings the original of a photo the library held as Google's copy (a pick or
a backup), the original takes the copy's place and the copy is kept in
DIR/.gphotos-nas/superseded/. gc --superseded removes those copies, each only when its original is
in the library and verified (present, complete, and its SHA-256 matching the index) and the copy
still hashes to the bytes recorded for it. A copy whose original is missing or changed is kept and
named. The copies are removed first and the index records it afterwards, so gc runs on a full
disk. Nothing outside superseded/ is touched, and
files there that the index does not record (copies kept by gphotos-nas before it recorded them,
or put there by hand) are listed and left alone.

Runs remove old copies by themselves when "supersededDays" is set in config.json (or
--superseded-days N is given to backup, pick or import); without it copies are kept until gc.

Options:

Exit codes: 0 done · 1 a copy was kept because its original is missing or changed ·
            2 bad usage or no library · 4 library in use by another run

Examples:
  gphotos-nas gc --superseded --dest /volume1/photos --dry-run
  gphotos-nas gc --superseded --superseded-days 30 --json
`;

/** Runs `gc`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("gc", args);
  if (!values.superseded) {
    throw new UsageError(
      "Cannot collect: name what to remove: gphotos-nas gc --superseded (the only kind)",
    );
  }
  const config = await loadConfig(ctx.configDir);
  const destFlag = values.dest ?? config.dest;
  if (!destFlag) {
    throw new UsageError(
      'Cannot collect: no backup folder given; pass --dest DIR or set "dest" in config.json',
    );
  }
  const dest = resolve(destFlag);
  const days = intFlag(
    "superseded-days",
    values["superseded-days"] ?? config.supersededDays,
    0,
    0,
    MAX_SUPERSEDED_DAYS,
  );
  const where = homeOptions(ctx);
  if (!(await readableIndexDir(dest, await indexHome(dest, where)))) {
    throw new UsageError(
      `Cannot collect in ${dest}: it has no gphotos-nas index; name the backup folder with --dest`,
    );
  }
  const dryRun = values["dry-run"] === true;
  const verb = dryRun ? "would remove" : "removed";
  // Said as decided. Only --json gathers the paths, for its lists, on disk until printed.
  using listed = values.json ? new JsonLists() : undefined;
  const options: GcOptions = {
    before: days > 0 ? new Date(Date.now() - days * 86_400_000) : undefined,
    dryRun,
    listUnrecorded: true,
    on: {
      removed(path) {
        ctx.log.info(`${verb}: ${path}`);
        listed?.files.add(path);
      },
      kept(path, reason) {
        ctx.log.warn(`kept ${path}: ${reason}`);
        listed?.kept.add({ path, reason });
      },
      unrecorded(path) {
        ctx.log.info(
          `left alone: ${path}: the index does not record it (delete it by hand if unwanted)`,
        );
        listed?.unrecorded.add(path);
      },
    },
  };
  const open = () =>
    openLibrary(dest, {
      command: "gc",
      timeZone: "UTC",
      dryRun,
      log: ctx.log,
      signal: ctx.signal,
      policy: defaultRetryPolicy(),
      stallTimeoutMs: 60_000,
      configDir: ctx.configDir,
      where,
      readOnlyWhenFull: true,
      fullDiskNote: "removing the copies first, then recording that in the index",
    });
  let result: GcResult;
  try {
    let library = await open();
    let freed: GcResult | undefined;
    if (library.readOnly && !dryRun) {
      // Too full to open the index for writing: the copies go first (their records stay until
      // the index can be written, and a record whose file is gone is dropped then).
      try {
        freed = await collectSuperseded(library.dest, library.index, {
          ...options,
          keepRecords: true,
        });
      } finally {
        await library.finish(ExitCode.Ok, {});
      }
      library = await open();
    }
    result = await collectIn(library, options, freed);
  } catch (error) {
    throw libraryIoError(error, dest) ?? error;
  }
  const exitCode = result.kept > 0 ? ExitCode.ItemsFailed : ExitCode.Ok;
  ctx.log.info(
    `gc: ${verb} ${result.removed} superseded file(s), ${formatBytes(result.bytes)}` +
      (days > 0 ? ` (older than ${days} day(s))` : "") +
      `; ${result.kept} kept (original missing or changed), ` +
      `${result.unrecorded} not recorded (left alone)`,
  );
  if (listed) {
    const { removed, bytes } = result;
    const head = JSON.stringify({ dryRun, olderThanDays: days, removed, bytes });
    const write = (text: string) => ctx.writeStdout(text);
    write(`${head.slice(0, -1)},"files":`);
    listed.files.print(write);
    write(`,"kept":`);
    listed.kept.print(write);
    write(`,"unrecorded":`);
    listed.unrecorded.print(write);
    write("}\n");
  }
  return exitCode;
}

/** The lists `--json` prints: what was removed, what was kept and why, what is not recorded. */
class JsonLists implements Disposable {
  readonly files = new SpooledList();
  readonly kept = new SpooledList();
  readonly unrecorded = new SpooledList();

  [Symbol.dispose](): void {
    this.files[Symbol.dispose]();
    this.kept[Symbol.dispose]();
    this.unrecorded[Symbol.dispose]();
  }
}

/**
 * Collects in an open library and records the run; `freed` is what a first pass on a full disk
 * removed before the index could be written (its records, found gone now, are dropped here).
 */
async function collectIn(
  library: Library,
  options: GcOptions,
  freed?: GcResult,
): Promise<GcResult> {
  let result: GcResult | undefined;
  let exitCode: number = ExitCode.ItemsFailed;
  try {
    result = await collectSuperseded(library.dest, library.index, options);
    if (freed) {
      // The copies the first pass removed are gone now: their records were dropped, not counted.
      result = {
        ...result,
        removed: freed.removed + result.removed,
        bytes: freed.bytes + result.bytes,
      };
    }
    exitCode = result.kept > 0 ? ExitCode.ItemsFailed : ExitCode.Ok;
    return result;
  } finally {
    await library.finish(exitCode, { removed: result?.removed ?? 0 });
  }
}
