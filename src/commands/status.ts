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
import { indexPath, openCatalog } from "../library/catalog/mod.ts";
import type { RunRecord } from "../library/catalog/journal.ts";
import type { StatusReport } from "../library/catalog/report.ts";
import { formatBytes, formatDuration } from "../ui/progress.ts";

/** `status --help`. */
export const help = `gphotos-nas status — how the backup is doing

Usage:
  gphotos-nas status --dest DIR [--json]

Shows items and bytes per year and per source, the last run (when, result, duration, counts),
pending items (videos Google is still processing), the index's health, free disk space, and the
token's health: its age, with a warning when an app in "Testing" status is near its 7-day limit.

Exit codes: 0 healthy · 1 the last run failed or the index is damaged · 2 bad usage

Examples:
  gphotos-nas status --dest /volume1/photos
  gphotos-nas status --json | jq .lastRun
`;

const DAY = 86_400_000;

/** What `status --json` prints (and the web console's `/api/status` returns). */
export interface StatusJson {
  dest: string;
  totalItems: number;
  totalBytes: number;
  perYear: StatusReport["perYear"];
  perSource: StatusReport["perSource"];
  pending: number;
  lastRun: (RunRecord & { durationMs?: number }) | null;
  index: string;
  diskFreeBytes: number | null;
  token: { state: "missing" | "ageing" | "ok"; ageDays: number | null };
  healthy: boolean;
}

/** Reads the library at `root` and the token in `configDir` into what `status --json` prints. */
export async function statusReport(root: string, configDir: string): Promise<StatusJson> {
  if (!(await Deno.lstat(indexPath(root)).then(() => true, () => false))) {
    throw new UsageError(`status: ${root} has no gphotos-nas index yet; run a backup first`);
  }
  const index = openCatalog(root, { readonly: true });
  let report, health;
  try {
    report = index.report.statusReport();
    health = index.report.integrityCheck();
  } finally {
    index.close();
  }
  const fs = await statfs(root).catch(() => undefined);
  const diskFree = fs ? Number(fs.bavail) * Number(fs.bsize) : undefined;
  const token = await readToken(configDir).catch(() => undefined);
  const issued = token?.refresh_token_issued_at;
  const tokenAgeDays = issued ? (Date.now() - issued) / DAY : undefined;
  const tokenState = !token?.refresh_token
    ? "missing"
    : tokenAgeDays !== undefined && tokenAgeDays >= 6
    ? "ageing"
    : "ok";
  const last = report.lastRun;
  const lastDuration = last?.finishedAt
    ? Date.parse(last.finishedAt) - Date.parse(last.startedAt)
    : undefined;
  const lastFailed = last !== undefined && (last.exitCode === undefined || last.exitCode !== 0);
  return {
    dest: root,
    totalItems: report.totalItems,
    totalBytes: report.totalBytes,
    perYear: report.perYear,
    perSource: report.perSource,
    pending: report.pending,
    lastRun: last ? { ...last, durationMs: lastDuration } : null,
    index: health,
    diskFreeBytes: diskFree ?? null,
    token: {
      state: tokenState,
      ageDays: tokenAgeDays === undefined ? null : Math.floor(tokenAgeDays),
    },
    healthy: health === "ok" && !lastFailed,
  };
}

/** Runs `status`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("status", args, {
    dest: { type: "string" },
    json: { type: "boolean" },
  });
  const dest = values.dest ?? (await loadConfig(ctx.configDir)).dest;
  if (!dest) throw new UsageError("status: --dest is missing: name the backup folder");
  const root = resolve(dest);
  const status = await statusReport(root, ctx.configDir);
  if (values.json) ctx.writeStdout(JSON.stringify(status) + "\n");
  const report = status;
  const last = status.lastRun ?? undefined;
  const lastDuration = status.lastRun?.durationMs;
  const health = status.index;
  const diskFree = status.diskFreeBytes ?? undefined;
  const tokenState = status.token.state;
  const tokenAgeDays = status.token.ageDays ?? undefined;
  const healthy = status.healthy;
  const log = ctx.log;
  log.info(`library ${root}: ${report.totalItems} items, ${formatBytes(report.totalBytes)}`);
  for (const y of report.perYear) {
    log.info(`  ${y.year}: ${y.items} items, ${formatBytes(y.bytes)}`);
  }
  for (const s of report.perSource) {
    log.info(`  from ${s.source}: ${s.items} items, ${formatBytes(s.bytes)}`);
  }
  if (last) {
    const counts = last.summary
      ? Object.entries(last.summary).map(([k, v]) => `${v} ${k}`).join(", ")
      : "no summary";
    log.info(
      `last run: ${last.command} started ${last.startedAt}` +
        (last.finishedAt
          ? `, ended with exit code ${last.exitCode} after ${
            formatDuration(lastDuration!)
          } (${counts})`
          : ", did not finish (killed or still running)"),
    );
  } else {
    log.info("last run: none recorded");
  }
  log.info(`pending: ${report.pending} item(s) Google is still processing`);
  log.info(`index: ${health}`);
  if (diskFree !== undefined) log.info(`disk free: ${formatBytes(diskFree)}`);
  if (tokenState === "missing") log.warn("no token: run `gphotos-nas auth`");
  else if (tokenState === "ageing") {
    log.warn(
      `the refresh token is ${
        Math.floor(tokenAgeDays!)
      } days old; if your Google Cloud app is in ` +
        '"Testing" status it expires after 7 days: publish the app, or run `gphotos-nas auth` again',
    );
  } else {
    log.info(
      `token: ok${tokenAgeDays !== undefined ? ` (${Math.floor(tokenAgeDays)} days old)` : ""}`,
    );
  }
  return healthy ? ExitCode.Ok : ExitCode.ItemsFailed;
}
