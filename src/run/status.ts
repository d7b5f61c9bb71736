/**
 * What `status --json` prints (and the web console's `/api/status` returns): the library's totals,
 * how the last run stands, the index's and the token's health, and the free disk space. The
 * `status` command and the web console both read it here, so they never disagree.
 *
 * @module
 */
import { statfs } from "node:fs/promises";
import { join } from "node:path";
import { type Account, resolveAccount } from "../auth/accounts.ts";
import { readToken } from "../auth/token_store.ts";
import { ExitCode, UsageError } from "../errors.ts";
import type { RunRecord } from "../library/catalog/journal.ts";
import { openCatalog } from "../library/catalog/mod.ts";
import { IndexDamagedError, isDamage } from "../library/catalog/health.ts";
import type { StatusReport } from "../library/catalog/report.ts";
import type { AccountReport } from "../library/catalog/accounts.ts";
import type { PairCounts } from "../library/catalog/pairs.ts";
import { type HomeOptions, indexHome, readableIndexDir } from "../library/guard/index_home.ts";
import { refuseWrongLibrary } from "../library/guard/identity.ts";
import { lockHolder } from "../library/guard/lock.ts";
import { PASS_OVER, readFolder } from "../library/disk/walk.ts";

const DAY = 86_400_000;
const GIB = 1024 ** 3;

/** How the last recorded run stands. */
export type RunState = "ok" | "failed" | "quota" | "interrupted" | "running" | "killed";

/** Runs that leave the backup healthy: done, stopped by plan at the quota, or still going. */
const HEALTHY_RUNS: ReadonlySet<RunState> = new Set(["ok", "quota", "running"]);

/** A run as `status` shows it: its duration and how it stands. */
export type RunStatus = RunRecord & { durationMs?: number; state: RunState };

/** One account of the household in `status --json` (`accounts.NAME`). */
export interface AccountStatus {
  /** Files of the library this account has; a file two accounts share counts for each. */
  items: number;
  /** Their bytes. */
  bytes: number;
  /** This account's last backup, pick or import. */
  lastRun: RunStatus | null;
  /** This account's refresh token (`missing`: run `gphotos-nas auth --account NAME`). */
  token: TokenStatus;
}

/** A refresh token's state and age. */
export interface TokenStatus {
  /** `missing`, `ageing` (in the last day of a "Testing" app's 7) or `ok`. */
  state: "missing" | "ageing" | "ok";
  /** Whole days since it was issued, when known. */
  ageDays: number | null;
}

/** The token in `dir`: whether there is one, and how old it is. */
async function tokenStatus(dir: string): Promise<TokenStatus> {
  const token = await readToken(dir).catch(() => undefined);
  const issued = token?.refresh_token_issued_at;
  const ageDays = issued ? (Date.now() - issued) / DAY : undefined;
  return {
    state: tokenHealth(token?.refresh_token !== undefined, ageDays),
    ageDays: ageDays === undefined ? null : Math.floor(ageDays),
  };
}

/** What `status --json` prints. */
export interface StatusJson {
  /** The library folder. */
  dest: string;
  /** Items in the library. */
  totalItems: number;
  /** Their bytes. */
  totalBytes: number;
  /** Items and bytes per year. */
  perYear: StatusReport["perYear"];
  /** Items and bytes per source. */
  perSource: StatusReport["perSource"];
  /** Videos Google is still processing. */
  pending: number;
  /** Takeout files placed without their sidecar yet. */
  provisional: number;
  /** Files in `unknown-date/` (their names: that folder's listing). */
  undated: number;
  /** Motion and live photos held whole: still + video pairs, and photos with the video inside. */
  motionPhotos: PairCounts;
  /** The last run, its duration and how it stands. */
  lastRun: RunStatus | null;
  /**
   * Each account of the household, by name: those the index knows and those with a folder under
   * `<config-dir>/accounts/`; `totalItems` stays the number of distinct files.
   */
  accounts: Record<string, AccountStatus>;
  /** The index's health: "ok" (the checks at open passed; a damaged index is refused). */
  index: string;
  /** The schema version of the index as it is on disk. */
  schemaVersion: number;
  /** Free bytes on the library's disk. */
  diskFreeBytes: number | null;
  /** Under 1 GiB or 2 % free. */
  diskLow: boolean;
  /** The refresh token's state and age (of `--account`'s token; default: the default account). */
  token: TokenStatus;
  /** The index is sound and the last run ended well, stopped at the quota, or is running. */
  healthy: boolean;
}

/** The status and what only the text report says. */
export interface StatusReading {
  /** What `status --json` prints. */
  status: StatusJson;
  /** The pid of the run holding the library's lock now, if one does. */
  holderPid?: number;
  /** Said when the index lives away from DEST (a network share). */
  indexAway?: string;
}

/**
 * A run record without an end is the run going on now when the library's lock is held, and a run
 * that was killed otherwise (the kernel drops the lock of a dead process).
 */
function runState(exitCode: number | undefined, finished: boolean, holder: boolean): RunState {
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

/**
 * Low free space: under 1 GiB (a night's videos) or under 2 % of the disk (where filesystems
 * slow down and a NAS starts warning).
 */
function isDiskLow(free: number, total: number): boolean {
  return free < GIB || free < total * 0.02;
}

/** What `status --json` prints for the library at `root` (its index where `where` says). */
export async function statusReport(root: string, where: HomeOptions): Promise<StatusJson> {
  return (await readStatus(root, where)).status;
}

/** A run record with its duration and state (`holder`: a run holds the library's lock now). */
function runStatus(last: RunRecord, holder: boolean): RunStatus {
  return {
    ...last,
    durationMs: last.finishedAt
      ? Date.parse(last.finishedAt) - Date.parse(last.startedAt)
      : undefined,
    state: runState(last.exitCode, last.finishedAt !== undefined, holder),
  };
}

/** The accounts of the index, and those set up in the config folder that have nothing yet. */
async function accountsStatus(
  configDir: string,
  known: Record<string, AccountReport>,
  holder: boolean,
): Promise<Record<string, AccountStatus>> {
  const names = new Set(Object.keys(known));
  // No accounts/ folder: an install from before accounts, or one account only.
  for (const entry of await readFolder(join(configDir || ".", "accounts"), PASS_OVER)) {
    if (entry.isDirectory) names.add(entry.name);
  }
  const out: Record<string, AccountStatus> = {};
  for (const name of [...names].sort()) {
    const report = known[name];
    out[name] = {
      items: report?.items ?? 0,
      bytes: report?.bytes ?? 0,
      lastRun: report?.lastRun ? runStatus(report.lastRun, holder) : null,
      token: await tokenStatus(resolveAccount(configDir, name).dir),
    };
  }
  return out;
}

/**
 * Reads the library at `root` (its index where `where` says) and the token of `account` (default:
 * the default account of the config folder).
 */
export async function readStatus(
  root: string,
  where: HomeOptions,
  account?: Account,
): Promise<StatusReading> {
  const configDir = where.configDir ?? "";
  await refuseWrongLibrary(root, configDir);
  const home = await indexHome(root, where);
  const dir = await readableIndexDir(root, home);
  if (!dir) {
    throw new UsageError(`status: ${root} has no gphotos-nas index yet; run a backup first`);
  }
  const index = openCatalog(root, { readonly: true, dir });
  let report: StatusReport, pairs: PairCounts, accounts: Record<string, AccountReport>;
  const schemaVersion = index.schemaVersion;
  try {
    report = index.report.statusReport();
    pairs = index.pairs.counts();
    accounts = index.accounts.report();
  } catch (error) {
    // Damage past what opening checks (a page inside a table): the same one line as at open.
    if (!isDamage(error)) throw error;
    const path = join(dir, "index.sqlite");
    throw new IndexDamagedError(path, (error as Error).message, { cause: error, dest: root });
  } finally {
    index.close();
  }
  // Opening ran the cheap checks (health.ts), which refuse a damaged header, schema or tree edge;
  // the check of every page is verify's (35 s for a million items, too much for every status and
  // every web console page).
  const health = "ok";
  const fs = await statfs(root).catch(() => undefined);
  const diskFree = fs ? Number(fs.bavail) * Number(fs.bsize) : undefined;
  const last = report.lastRun;
  const holder = await lockHolder(root);
  const state = last ? runState(last.exitCode, last.finishedAt !== undefined, !!holder) : undefined;
  const status: StatusJson = {
    dest: root,
    totalItems: report.totalItems,
    totalBytes: report.totalBytes,
    perYear: report.perYear,
    perSource: report.perSource,
    pending: report.pending,
    provisional: report.provisional,
    undated: report.undated,
    motionPhotos: pairs,
    lastRun: last ? runStatus(last, !!holder) : null,
    accounts: await accountsStatus(configDir, accounts, !!holder),
    index: health,
    schemaVersion,
    diskFreeBytes: diskFree ?? null,
    diskLow: fs !== undefined && isDiskLow(diskFree!, Number(fs.blocks) * Number(fs.bsize)),
    token: await tokenStatus((account ?? resolveAccount(configDir)).dir),
    healthy: health === "ok" && (state === undefined || HEALTHY_RUNS.has(state)),
  };
  return { status, holderPid: holder?.pid, indexAway: home.away };
}
