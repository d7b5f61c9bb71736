/**
 * What the console shows, gathered once per request: `status --json` as it stands, the last run of
 * each kind, the run history, the Takeout inbox as far as the index knows it, and the next steps a
 * person should take.
 *
 * @module
 */
import { type StatusJson, statusReport } from "../run/status.ts";
import type { RunRecord } from "../library/catalog/journal.ts";
import { openCatalog } from "../library/catalog/mod.ts";
import { type HomeOptions, indexHome, readableIndexDir } from "../library/guard/index_home.ts";
import { SESSION_STATE_KEY } from "../sources/picker/source.ts";
import { type InboxPlan, planInbox } from "../sources/takeout/inbox.ts";

/** One run of the history. */
export type RunRow = RunRecord & { id: number };

/** A Takeout export in the inbox and what became of it. */
export interface InboxSet {
  /** The export's name (the parts' common stem). */
  key: string;
  /** `waiting` (not imported yet), `imported`, `failed`, or `incomplete` (parts still arriving). */
  state: "waiting" | "imported" | "failed" | "incomplete";
  /** Why, when not imported. */
  detail?: string;
}

/** Everything the status page shows. */
export interface Overview {
  /** Exactly what `status --json` prints. */
  status: StatusJson;
  /** The newest run of each of pick, import, backup, verify. */
  lastByKind: Record<string, RunRow | null>;
  /** The newest runs first. */
  runs: RunRow[];
  /** The inbox, when one is configured. */
  inbox?: { dir: string; sets: InboxSet[] };
  /** The day a new pick should start from: the newest picked capture day, if any. */
  pickFrom?: string;
  /** A picking session an earlier pick left open at Google, and until when (ISO), if any. */
  keptPick?: { until: string };
  /** The kind of the run this console is running now, if any. */
  live?: string;
  /** What to do next, most important first. */
  nextSteps: string[];
}

const KINDS = ["pick", "import", "backup", "verify"] as const;

/** The quiet period `import --inbox` waits for by default: what the page calls settled. */
const INBOX_QUIET_MS = 600_000;
const DAY = 86_400_000;

/**
 * The folder of the index of the library at `dest`, found as the CLI finds it (`where`: the
 * `--state-dir`, the config folder, the mount table), or undefined when there is no library yet.
 */
export async function consoleIndexDir(
  dest: string,
  where: HomeOptions,
): Promise<string | undefined> {
  return await readableIndexDir(dest, await indexHome(dest, where));
}

/** Reads the overview of the library at `dest`, its index where `where` says. */
export async function readOverview(
  dest: string,
  where: HomeOptions,
  inboxDir: string | undefined,
  live?: string,
  runLimit = 50,
): Promise<Overview> {
  const status = await statusReport(dest, where);
  const index = openCatalog(dest, { readonly: true, dir: await consoleIndexDir(dest, where) });
  let runs: RunRow[], newestPick: string | undefined, sets: Map<string, InboxSet>;
  let found: InboxPlan | undefined;
  let keptPick: Overview["keptPick"];
  try {
    if (inboxDir) {
      // Read only: the page looks at the inbox the way the next import will, recording nothing.
      found = await planInbox(inboxDir, {
        settleMs: INBOX_QUIET_MS,
        parts: index.parts,
        write: false,
        now: new Date(),
      }).catch(() => undefined);
    }
    runs = index.journal.runs(runLimit);
    keptPick = keptSession(index.state.get(SESSION_STATE_KEY));
    newestPick = index.items.newestCapture("picker");
    sets = new Map(
      index.takeout.importSets().map((s) => [s.key, {
        key: s.key,
        state: s.status === "done" ? "imported" : "failed",
        ...(s.detail ? { detail: s.detail } : {}),
      }]),
    );
  } finally {
    index.close();
  }
  const lastByKind = Object.fromEntries(
    KINDS.map((k) => [k, runs.find((r) => r.command === k) ?? null]),
  );
  let inbox: Overview["inbox"];
  if (inboxDir) {
    const listed: InboxSet[] = [];
    // A set whose last import failed is listed ready again (its parts were never imported): it
    // is failed, with its reason, until an import succeeds.
    for (const set of found?.ready ?? []) {
      const known = sets.get(set.key);
      listed.push(known?.state === "failed" ? known : { key: set.key, state: "waiting" });
    }
    for (const set of found?.unchanged ?? []) {
      listed.push(sets.get(set.key) ?? { key: set.key, state: "imported" });
    }
    for (const line of found?.waiting ?? []) {
      listed.push({ key: line.split(":")[0], state: "incomplete", detail: line });
    }
    inbox = { dir: inboxDir, sets: listed };
  }
  const pickFrom = newestPick?.slice(0, 10);
  return {
    status,
    lastByKind,
    runs,
    inbox,
    pickFrom,
    keptPick: live === "pick" ? undefined : keptPick,
    live,
    nextSteps: nextSteps(status, lastByKind, inbox, pickFrom, live),
  };
}

function nextSteps(
  status: StatusJson,
  last: Record<string, RunRow | null>,
  inbox: Overview["inbox"],
  pickFrom: string | undefined,
  live: string | undefined,
): string[] {
  const steps: string[] = [];
  if (status.token.state === "missing") steps.push("Authorize once: run `gphotos-nas auth`.");
  if (status.token.state === "ageing") {
    steps.push(
      `The refresh token is ${status.token.ageDays} days old: publish your Google Cloud app ` +
        "(a Testing app's token dies after 7 days) or run `gphotos-nas auth` again.",
    );
  }
  if (status.index !== "ok") {
    steps.push("The index reports damage: run `gphotos-nas verify` and read its report.");
  }
  const running = status.lastRun && !status.lastRun.finishedAt && live === status.lastRun.command;
  const failed = status.lastRun && status.lastRun.exitCode !== 0 && !running;
  if (failed) {
    steps.push(
      `The last run (${status.lastRun!.command}) did not succeed: see Runs for its summary.`,
    );
  }
  const pick = last.pick;
  if (!pick) steps.push("Pick photos from Google Photos: press Start a pick.");
  else if (Date.now() - Date.parse(pick.startedAt) > 30 * DAY) {
    steps.push(
      `Pick photos taken since ${pickFrom ?? pick.startedAt.slice(0, 10)}: the last pick is ` +
        "over 30 days old.",
    );
  }
  const waiting = inbox?.sets.filter((s) => s.state === "waiting") ?? [];
  if (waiting.length) steps.push(`Import ${waiting.length} Takeout export(s) from the inbox.`);
  const broken = inbox?.sets.filter((s) => s.state === "failed") ?? [];
  if (broken.length) {
    steps.push(
      `${broken.length} Takeout export(s) failed to import (the inbox says why): download the ` +
        "damaged part(s) again from Google Takeout; the next import tries them again.",
    );
  }
  if (status.pending) {
    steps.push(
      `${status.pending} video(s) are still processing at Google: the next run gets them.`,
    );
  }
  if (status.undated) {
    steps.push(
      `${status.undated} file(s) have no date and sit in ${status.dest}/unknown-date/: importing ` +
        "their Takeout export again moves each one whose sidecar this version finds to its day.",
    );
  }
  if (!last.verify) steps.push("Verify the library once: every file re-hashed against the index.");
  return steps;
}

/** The saved picking session (`{id, expireTime}`), when Google still keeps it. */
function keptSession(saved: string | undefined): Overview["keptPick"] {
  if (!saved) return undefined;
  try {
    const { expireTime } = JSON.parse(saved) as { expireTime?: string };
    if (expireTime && !(Date.parse(expireTime) > Date.now())) return undefined;
    return { until: expireTime ?? "" };
  } catch {
    return undefined;
  }
}
