/**
 * `gphotos-nas status`: what the library holds, how the last run went, what is pending, whether
 * the index and the token are healthy, and how much disk is left.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { loadConfig } from "../config/config_file.ts";
import { SCHEMA_VERSION } from "../library/catalog/schema.ts";
import { readStatus, type RunState, type RunStatus } from "../run/status.ts";
import { accountErrorLine, DEFAULT_ACCOUNT } from "../auth/accounts.ts";
import { formatBytes, formatDuration } from "../ui/progress.ts";
import { UNKNOWN_DATE_FOLDER } from "../library/disk/paths.ts";
import { homeOptions } from "../run/settings.ts";

/** `status --help`. */
export const help = `gphotos-nas status — how the backup is doing

Usage:
  gphotos-nas status --dest DIR [--json] [--account NAME]

Shows items and bytes per year and per source, the last run (when, result, duration, counts),
pending items (videos Google is still processing), provisional items (Takeout files placed without
their sidecar yet), motion and live photos (pairs of a still and its video, and photos with the
video inside), the index's health, free disk space, and the token's health: its age, with a
warning when an app in "Testing" status is near its 7-day limit. A household's library (several
accounts, --account) shows each account's items and last run; --account NAME says whose token to
check.

Exit codes: 0 healthy · 1 the last run failed or the index is damaged · 2 bad usage

Examples:
  gphotos-nas status --dest /volume1/photos
  gphotos-nas status --json | jq .lastRun
`;

const RUN_STATE_TEXT: Record<RunState, string> = {
  ok: "ok",
  failed: "failed",
  quota: "stopped at Google's daily quota; the next run resumes",
  interrupted: "interrupted by a signal; the next run resumes",
  running: "in progress (pid PID)",
  killed: "did not finish: the process was killed (or the machine stopped); the next run resumes",
};

/** Runs `status`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("status", args);
  const dest = values.dest ?? (await loadConfig(ctx.configDir, ctx.account.name)).dest;
  if (!dest) throw new UsageError("status: --dest is missing: name the backup folder");
  const root = resolve(dest);
  const { status, holderPid, indexAway } = await readStatus(root, homeOptions(ctx), ctx.account);
  if (indexAway) ctx.log.info(indexAway);
  if (values.json) ctx.writeStdout(JSON.stringify(status) + "\n");
  const report = status;
  const last = status.lastRun;
  const health = status.index;
  const { schemaVersion, diskLow } = status;
  const diskFree = status.diskFreeBytes ?? undefined;
  const tokenState = status.token.state;
  const tokenAgeDays = status.token.ageDays ?? undefined;
  // The report is the command's output: stdout, whatever --quiet says. With --json, stdout is the
  // object alone and the warnings go to stderr.
  const out = {
    info: (line: string) => values.json || ctx.writeStdout(line + "\n"),
    warn: (text: string) => {
      const line = accountErrorLine(text, ctx.account.name);
      values.json ? ctx.log.warn(line) : ctx.writeStdout(`warning: ${line}\n`);
    },
  };
  out.info(`library ${root}: ${report.totalItems} items, ${formatBytes(report.totalBytes)}`);
  for (const y of report.perYear) {
    out.info(`  ${y.year}: ${y.items} items, ${formatBytes(y.bytes)}`);
  }
  for (const s of report.perSource) {
    out.info(`  from ${s.source}: ${s.items} items, ${formatBytes(s.bytes)}`);
  }
  const runText = (run: RunStatus) => {
    const counts = run.summary
      ? Object.entries(run.summary).map(([k, v]) => `${v} ${k}`).join(", ")
      : "no summary";
    const ended = run.finishedAt
      ? `, ended with exit code ${run.exitCode} after ${
        formatDuration(run.durationMs!)
      } (${counts})`
      : "";
    return `${run.command} started ${run.startedAt}${ended}: ${
      RUN_STATE_TEXT[run.state].replace("PID", String(holderPid || "unknown"))
    }`;
  };
  // One line per account of a household (a shared photo counts for each account that has it).
  const accounts = Object.entries(status.accounts);
  if (accounts.length > 1 || (accounts.length === 1 && accounts[0][0] !== DEFAULT_ACCOUNT)) {
    for (const [name, account] of accounts) {
      out.info(
        `  account ${name}: ${account.items} items, ${formatBytes(account.bytes)}; last run: ${
          account.lastRun ? runText(account.lastRun) : "none recorded"
        }${
          account.token.state === "missing" ? `; no token (gphotos-nas auth --account ${name})` : ""
        }`,
      );
    }
  }
  out.info(`last run: ${last ? runText(last) : "none recorded"}`);
  out.info(`pending: ${report.pending} item(s) Google is still processing`);
  out.info(
    `provisional: ${report.provisional} item(s) placed without their Takeout sidecar ` +
      "(a part still to come may date them)",
  );
  out.info(
    `undated: ${report.undated} file(s) in ${UNKNOWN_DATE_FOLDER}/ with no date from a sidecar, ` +
      `EXIF or Google (their names: ls ${join(status.dest, UNKNOWN_DATE_FOLDER)}/)`,
  );
  const { live, embedded } = status.motionPhotos;
  out.info(
    `motion and live photos: ${live} pair(s) of a still and its video, ${embedded} photo(s) ` +
      "with the video inside",
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
      `the refresh token is ${tokenAgeDays!} days old; if your Google Cloud app is in ` +
        '"Testing" status it expires after 7 days: publish the app, or run `gphotos-nas auth` again',
    );
  } else {
    out.info(
      `token: ok${tokenAgeDays !== undefined ? ` (${tokenAgeDays} days old)` : ""}`,
    );
  }
  return status.healthy ? ExitCode.Ok : ExitCode.ItemsFailed;
}
