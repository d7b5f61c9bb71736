/**
 * `gphotos-nas verify`: re-hash the library against its index (all of it, or one `--subset` slice
 * a night), report missing, changed and unknown files and dangling album links; `--repair` fetches
 * missing or changed items again where their source can still serve them.
 *
 * @module
 */
import { resolve } from "node:path";
import { parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { loadConfig } from "../config/config_file.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { libraryIoError } from "../library/disk/fs_errors.ts";
import { ignoreRules, validateIgnoreGlob } from "../config/ignore.ts";
import { sidecarPath } from "../library/sidecars/ready.ts";
import { indexHome, readableIndexDir } from "../library/guard/index_home.ts";
import { openLibrary } from "../library/mod.ts";
import { parseSubset } from "../library/verify/subset.ts";
import { refuseLostIndex, verifyLibrary, type VerifyReport } from "../library/verify/rehash.ts";
import { defaultRetryPolicy, retryScaleFromEnv } from "../net/retry.ts";
import { repairFiles, type RepairResult } from "../run/repair.ts";
import { createProgress, formatDuration } from "../ui/progress.ts";
import { homeOptions } from "../run/settings.ts";

/** `verify --help`. */
export const help = `gphotos-nas verify — check every file of the library against its index

Usage:
  gphotos-nas verify [--dest DIR] [--subset N/M] [--ignore GLOB]... [--repair] [--json]

Re-hashes (SHA-256) every file the index records and reports files that are missing, changed
(bit rot or edits) or unknown to the index, and album links whose file is gone. Nothing is deleted.
It first reads every page of the index itself (SQLite's quick_check), which other commands leave
out to open quickly: a damaged index stops it with exit 2 and the way to rebuild it.
XMP sidecars (NAME.EXT.xmp) belong to the library: each recorded one must be present and be valid
XMP (photo software may have added to it); --repair writes missing or unreadable ones again.

What NAS systems and desktops put in every folder is never reported as unknown: @eaDir, #recycle,
#snapshot, @Recycle, @Recently-Snapshot, .@__thumb, .streams, .DS_Store, ._*, Thumbs.db,
desktop.ini, lost+found, .Trash-*.

Options:
  --dest DIR        the backup folder (default: "dest" in config.json)
  --subset N/M      re-hash only the N-th of M slices (every file is still checked to be present
                    with its size); slices are stable, so N = 1…M over M nights reads everything
  --ignore GLOB     also leave out files or folders matching GLOB (repeatable; config.json
                    "ignore" adds more). Without "/" it matches a name at any depth ("*.tmp");
                    with "/" it matches the path from DEST ("Scans/**", "/Edits")
  --repair          download missing or changed items again where their source still serves them
                    (Library API items); a changed file is moved to DIR/.gphotos-nas/quarantine/
                    first. Takeout or Picker items: import the archive again, or pick them again
  --json            one JSON object on stdout

Exit codes: 0 everything matches (or was repaired) · 1 something is missing, changed or unknown,
            or an album link is dangling · 2 bad usage · 3 authorization needed for --repair ·
            4 library in use · 130/143 interrupted

Examples:
  gphotos-nas verify --dest /volume1/photos
  gphotos-nas verify --subset 12/30 --quiet
  gphotos-nas verify --dest /volume1/photos --ignore 'Scans/**' --repair --json
`;

/** Runs `verify`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("verify", args);
  const config = await loadConfig(ctx.configDir);
  const destFlag = values.dest ?? config.dest;
  if (!destFlag) {
    throw new UsageError(
      'Cannot verify: no backup folder given; pass --dest DIR or set "dest" in config.json',
    );
  }
  const dest = resolve(destFlag);
  const subset = values.subset === undefined ? undefined : parseSubset(values.subset);
  const globs = [
    ...(config.ignore ?? []),
    ...(values.ignore ?? []).map((g) => validateIgnoreGlob(g, "--ignore")),
  ];
  const where = homeOptions(ctx);
  const indexDir = await readableIndexDir(dest, await indexHome(dest, where));
  if (!indexDir) {
    throw new UsageError(
      `Cannot verify ${dest}: it has no gphotos-nas index; name the backup folder with --dest`,
    );
  }
  await refuseLostIndex(dest, indexDir);
  try {
    const intervalMs = progressIntervalMs(ctx);
    const library = await openLibrary(dest, {
      command: "verify",
      timeZone: "UTC",
      log: ctx.log,
      signal: ctx.signal,
      policy: defaultRetryPolicy(retryScaleFromEnv((name) => ctx.env(name))),
      stallTimeoutMs: 60_000,
      configDir: ctx.configDir,
      readOnlyWhenFull: !values.repair,
      where,
      fullCheck: true,
    });
    // Opening checks only what is cheap at any size; verify reads every page of the index.
    ctx.log.info("verify: the index passed SQLite's check of every page (quick_check)");
    let exitCode: number = ExitCode.ItemsFailed;
    let repair: RepairResult = { repaired: [], unrepaired: [] };
    const started = Date.now();
    const progress = createProgress({
      isTty: ctx.isTty,
      quiet: ctx.log.quiet || values.json === true && !ctx.isTty,
      noColor: ctx.env("NO_COLOR") !== undefined,
      intervalMs,
    });
    try {
      ctx.log.info(
        `verify: hashing the files of ${dest}` + (subset ? ` (slice ${subset.n}/${subset.m})` : ""),
      );
      let report: VerifyReport;
      try {
        report = await verifyLibrary(dest, library.index, {
          rules: ignoreRules(globs),
          subset,
          progress,
          signal: ctx.signal,
        });
      } finally {
        progress.stop();
      }
      const broken = [...report.missing, ...report.changed];
      if (values.repair) repair = await repairFiles(ctx, library, broken);
      const sidecarsRepaired = values.repair
        ? await library.writer.repairSidecars(report.sidecars)
        : [];
      const sidecarsWrong = report.sidecars.missing.length + report.sidecars.unreadable.length;
      repair.repaired.push(...sidecarsRepaired);
      for (const f of report.missing) ctx.log.error(`missing: ${f.relPath}`);
      for (const f of report.changed) ctx.log.error(`changed: ${f.relPath}`);
      for (const f of report.sidecars.missing) {
        ctx.log.error(
          `missing sidecar: ${sidecarPath(f.relPath)}; verify --repair writes it again`,
        );
      }
      for (const f of report.sidecars.unreadable) {
        ctx.log.error(
          `unreadable sidecar: ${sidecarPath(f.relPath)} is not valid XMP; ` +
            "verify --repair moves it into the quarantine and writes it again",
        );
      }
      for (const u of report.unknown) ctx.log.warn(`unknown to the index: ${u}`);
      for (const l of report.danglingLinks) {
        ctx.log.error(
          `dangling album link: ${l.path} -> ${l.target}: its file is gone; ` +
            "restore the file (verify --repair) or delete the link",
        );
      }
      for (const u of report.unreadable) {
        ctx.log.error(
          `Cannot read ${u}: permission denied; give the user running gphotos-nas read access, ` +
            "or leave a folder that is not the library's out with --ignore",
        );
      }
      for (const r of repair.repaired) ctx.log.info(`repaired: ${r}`);
      for (const u of repair.unrepaired) ctx.log.error(`not repaired: ${u.path}: ${u.reason}`);
      const problems = report.unknown.length + report.danglingLinks.length +
        report.unreadable.length +
        (values.repair
          ? repair.unrepaired.length + sidecarsWrong - sidecarsRepaired.length
          : broken.length + sidecarsWrong);
      exitCode = problems > 0 ? ExitCode.ItemsFailed : ExitCode.Ok;
      ctx.log.info(summaryLine(report, values.repair === true, repair, Date.now() - started));
      if (subset) {
        ctx.log.info(
          `verify: read slice ${subset.n}/${subset.m}: ${report.checked} file(s) re-hashed, ` +
            `${report.notRead} others checked for presence and size only`,
        );
      }
      if (values.json) {
        ctx.writeStdout(
          JSON.stringify({
            checked: report.checked,
            ok: report.ok,
            notRead: report.notRead,
            subset: subset ? `${subset.n}/${subset.m}` : null,
            missing: report.missing.map((f) => f.relPath),
            changed: report.changed.map((f) => f.relPath),
            unknown: report.unknown,
            missingSidecars: report.sidecars.missing.map((f) => sidecarPath(f.relPath)),
            unreadableSidecars: report.sidecars.unreadable.map((f) => sidecarPath(f.relPath)),
            danglingLinks: report.danglingLinks,
            unreadable: report.unreadable,
            repaired: repair.repaired,
            unrepaired: repair.unrepaired,
          }) + "\n",
        );
      }
    } finally {
      await library.finish(exitCode, { repaired: repair.repaired.length });
    }
    return exitCode;
  } catch (error) {
    // A full disk or an I/O error while repairing or recording: one line naming DEST or its index.
    throw libraryIoError(error, dest) ?? error;
  }
}

function summaryLine(
  report: VerifyReport,
  repairing: boolean,
  repair: RepairResult,
  elapsedMs: number,
): string {
  const sidecars = report.sidecars.missing.length + report.sidecars.unreadable.length;
  return `verify: ${report.checked} checked, ${report.ok} ok, ${report.missing.length} missing, ` +
    `${report.changed.length} changed, ${report.unknown.length} unknown, ` +
    `${report.danglingLinks.length} dangling album link(s)` +
    (sidecars ? `, ${sidecars} sidecar(s) missing or unreadable` : "") +
    (report.unreadable.length ? `, ${report.unreadable.length} unreadable` : "") +
    (repairing ? `, ${repair.repaired.length} repaired` : "") + `, in ${formatDuration(elapsedMs)}`;
}

/**
 * Off a terminal, a progress line comes every 30 s; `GPHOTOS_NAS_PROGRESS_INTERVAL` (seconds,
 * fractions allowed) changes that, for logs that want more or fewer lines, and for the tests.
 */
function progressIntervalMs(ctx: CommandContext): number | undefined {
  const raw = ctx.env("GPHOTOS_NAS_PROGRESS_INTERVAL");
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new UsageError(
      `Cannot use GPHOTOS_NAS_PROGRESS_INTERVAL=${JSON.stringify(raw)}: ` +
        "give a number of seconds from 0.01 to 86400, or unset it",
    );
  }
  return Math.max(10, seconds * 1000);
}
