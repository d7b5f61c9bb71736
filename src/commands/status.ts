/**
 * `gphotos-nas status`: what the library holds, how the last run went, what is pending, whether
 * the index and the token are healthy, and how much disk is left.
 *
 * @module
 */
import { statfs } from "node:fs/promises";
import { resolve } from "node:path";
import { parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { readToken } from "../auth/token_store.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { loadConfig } from "../config/config_file.ts";
import { openCatalog } from "../library/catalog/mod.ts";
import { SCHEMA_VERSION } from "../library/catalog/schema.ts";
import { homeOptions, indexHome, readableIndexDir } from "../library/index_home.ts";
import { refuseWrongLibrary } from "../library/identity.ts";
import { lockHolder } from "../library/lock.ts";
import { formatBytes, formatDuration } from "../ui/progress.ts";

/** `status --help`. */
export const help = `gphotos-nas status — how the backup is doing

Usage:
  gphotos-nas status --dest DIR [--json]

Shows items and bytes per year and per source, the last run (when, result, duration, counts),
pending items (videos Google is still processing), provisional items (Takeout files placed without
their sidecar yet), the index's health, free disk space, and the token's health: its age, with a
warning when an app in "Testing" status is near its 7-day limit.

Exit codes: 0 healthy · 1 the last run failed or the index is damaged · 2 bad usage

Examples:
  gphotos-nas status --dest /volume1/photos
  gphotos-nas status --json | jq .lastRun
`;

const DAY = 86_400_000;

/** How the last recorded run stands. */
type RunState = "ok" | "failed" | "quota" | "interrupted" | "running" | "killed";

/** Runs that leave the backup healthy: done, stopped by plan at the quota, or still going. */
const HEALTHY_RUNS: ReadonlySet<RunState> = new Set(["ok", "quota", "running"]);

const RUN_STATE_TEXT: Record<RunState, string> = {
  ok: "ok",
  failed: "failed",
  quota: "stopped at Google's daily quota; the next run resumes",
  interrupted: "interrupted by a signal; the next run resumes",
  running: "in progress (pid PID)",
  killed: "did not finish: the process was killed (or the machine stopped); the next run resumes",
};

/**
 * A run record without an end is the run going on now when the library's lock is held, and a run
 * that was killed otherwise (the kernel drops the lock of a dead process).
 */
function runState(
  exitCode: number | undefined,
  finished: boolean,
  holder: { pid: number } | undefined,
): RunState {
  if (!finished) return holder ? "running" : "killed";
  if (exitCode === ExitCode.Ok) return "ok";
  if (exitCode === ExitCode.Quota) return "quota";
  if (exitCode === ExitCode.Interrupted || exitCode === ExitCode.Terminated) return "interrupted";
  return "failed";
}

/**
 * An app in "Testing" gets refresh tokens that die 7 days after consent; whether the app is in
 * Testing is not visible to us, so the warning is given in the last day of that window only. A
 * token older than 7 days that still works belongs to a published app: nothing to warn about.
 */
function tokenHealth(present: boolean, ageDays: number | undefined): "missing" | "ageing" | "ok" {
  if (!present) return "missing";
  return ageDays !== undefined && ageDays >= 6 && ageDays < 7 ? "ageing" : "ok";
}
const GIB = 1024 ** 3;

/**
 * Low free space: under 1 GiB (a night's videos) or under 2 % of the disk (where filesystems
 * slow down and a NAS starts warning).
 */
function isDiskLow(free: number, total: number): boolean {
  return free < GIB || free < total * 0.02;
}

/** Runs `status`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("status", args);
  const dest = values.dest ?? (await loadConfig(ctx.configDir)).dest;
  if (!dest) throw new UsageError("status: --dest is missing: name the backup folder");
  const root = resolve(dest);
  await refuseWrongLibrary(root, ctx.configDir);
  const home = await indexHome(root, homeOptions(ctx));
  const dir = await readableIndexDir(root, home);
  if (!dir) {
    throw new UsageError(`status: ${root} has no gphotos-nas index yet; run a backup first`);
  }
  if (home.away) ctx.log.info(home.away);
  const index = openCatalog(root, { readonly: true, dir });
  let report, health;
  const schemaVersion = index.schemaVersion;
  try {
    report = index.report.statusReport();
    health = index.report.integrityCheck();
  } finally {
    index.close();
  }
  const fs = await statfs(root).catch(() => undefined);
  const diskFree = fs ? Number(fs.bavail) * Number(fs.bsize) : undefined;
  const diskLow = fs !== undefined && isDiskLow(diskFree!, Number(fs.blocks) * Number(fs.bsize));
  const token = await readToken(ctx.configDir).catch(() => undefined);
  const issued = token?.refresh_token_issued_at;
  const tokenAgeDays = issued ? (Date.now() - issued) / DAY : undefined;
  const tokenState = tokenHealth(token?.refresh_token !== undefined, tokenAgeDays);
  const last = report.lastRun;
  const lastDuration = last?.finishedAt
    ? Date.parse(last.finishedAt) - Date.parse(last.startedAt)
    : undefined;
  const holder = await lockHolder(root);
  const lastState = last
    ? runState(last.exitCode, last.finishedAt !== undefined, holder)
    : undefined;
  const healthy = health === "ok" && (lastState === undefined || HEALTHY_RUNS.has(lastState));

  if (values.json) {
    ctx.writeStdout(
      JSON.stringify({
        dest: root,
        totalItems: report.totalItems,
        totalBytes: report.totalBytes,
        perYear: report.perYear,
        perSource: report.perSource,
        pending: report.pending,
        provisional: report.provisional,
        lastRun: last ? { ...last, durationMs: lastDuration, state: lastState } : null,
        index: health,
        schemaVersion,
        diskFreeBytes: diskFree ?? null,
        diskLow,
        token: {
          state: tokenState,
          ageDays: tokenAgeDays === undefined ? null : Math.floor(tokenAgeDays),
        },
        healthy,
      }) + "\n",
    );
  }
  // The report is the command's output: stdout, whatever --quiet says. With --json, stdout is the
  // object alone and the warnings go to stderr.
  const out = {
    info: (line: string) => values.json || ctx.writeStdout(line + "\n"),
    warn: (line: string) =>
      values.json ? ctx.log.warn(line) : ctx.writeStdout(`warning: ${line}\n`),
  };
  out.info(`library ${root}: ${report.totalItems} items, ${formatBytes(report.totalBytes)}`);
  for (const y of report.perYear) {
    out.info(`  ${y.year}: ${y.items} items, ${formatBytes(y.bytes)}`);
  }
  for (const s of report.perSource) {
    out.info(`  from ${s.source}: ${s.items} items, ${formatBytes(s.bytes)}`);
  }
  if (last) {
    const counts = last.summary
      ? Object.entries(last.summary).map(([k, v]) => `${v} ${k}`).join(", ")
      : "no summary";
    const ended = last.finishedAt
      ? `, ended with exit code ${last.exitCode} after ${formatDuration(lastDuration!)} (${counts})`
      : "";
    out.info(
      `last run: ${last.command} started ${last.startedAt}${ended}: ${
        RUN_STATE_TEXT[lastState!].replace("PID", String(holder?.pid || "unknown"))
      }`,
    );
  } else {
    out.info("last run: none recorded");
  }
  out.info(`pending: ${report.pending} item(s) Google is still processing`);
  out.info(
    `provisional: ${report.provisional} item(s) placed without their Takeout sidecar ` +
      "(a part still to come may date them)",
  );
  out.info(
    `index: ${health}, schema ${schemaVersion}${
      schemaVersion < SCHEMA_VERSION
        ? ` (this gphotos-nas writes schema ${SCHEMA_VERSION}: the next run that writes upgrades it)`
        : ""
    }`,
  );
  if (diskFree !== undefined) out.info(`disk free: ${formatBytes(diskFree)}`);
  if (diskLow) {
    out.warn(
      `the disk holding ${root} is almost full (${formatBytes(diskFree!)} free); runs stop ` +
        "when it is full: free some space or move the library to a larger disk",
    );
  }
  if (tokenState === "missing") out.warn("no token: run `gphotos-nas auth`");
  else if (tokenState === "ageing") {
    out.warn(
      `the refresh token is ${
        Math.floor(tokenAgeDays!)
      } days old; if your Google Cloud app is in ` +
        '"Testing" status it expires after 7 days: publish the app, or run `gphotos-nas auth` again',
    );
  } else {
    out.info(
      `token: ok${tokenAgeDays !== undefined ? ` (${Math.floor(tokenAgeDays)} days old)` : ""}`,
    );
  }
  return healthy ? ExitCode.Ok : ExitCode.ItemsFailed;
}
