/**
 * What an inbox folder holds for this run, part by part. Google delivers an export's parts minutes
 * to hours apart and people download them one by one, so each part is judged on its own: a part
 * still downloading (a `.crdownload`/`.part`/`.download` sibling) or modified within the quiet
 * period waits for a later run; a settled part that the index has not read (or that changed since)
 * makes its export be read again, with every settled part of it, since a sidecar in one part may
 * date media in another.
 *
 * @module
 */
import { basename, join } from "node:path";
import { UsageError } from "../../errors.ts";
import type { PartRecord, TakeoutParts } from "../../library/catalog/takeout.ts";
import { readFolder } from "../../library/disk/walk.ts";
import { partKind } from "./archive/mod.ts";
import { exportOf, groupArchives, missingParts, type TakeoutSet } from "./sets.ts";

/** Suffixes browsers and download tools give a file while it is still arriving. */
const PARTIAL_SUFFIXES = [".crdownload", ".part", ".download"];
/** Temporary or hidden names that are never parts themselves. */
const NOT_A_PART = /\.(part|crdownload|download|tmp|partial)$|^\./i;

/** The plan of an inbox run. */
export interface InboxPlan {
  /** Exports to read now: each with all its settled parts. */
  ready: TakeoutSet[];
  /** One line for each part (or export) left for a later run. */
  waiting: string[];
  /** Exports whose settled parts were all read before (for `--delete-after` to look at again). */
  unchanged: TakeoutSet[];
  /** Exports with a part missing, downloading or not quiet yet: none of their parts is deleted. */
  unsettled: Set<string>;
}

/** Options of {@linkcode planInbox}. */
export interface InboxOptions {
  /** The quiet period: a part modified more recently waits. */
  settleMs: number;
  /** The index's parts; `write` false (a dry run) only reads it. */
  parts: TakeoutParts;
  /** Whether observations may be recorded. */
  write: boolean;
  /** The time of this run. */
  now: Date;
}

function describeAge(ms: number): string {
  return ms < 0
    ? "its modification time is in the future"
    : `modified ${Math.round(ms / 1000)} s ago`;
}

/** Reads the inbox folder `dir` and decides, part by part, what this run imports. */
export async function planInbox(dir: string, options: InboxOptions): Promise<InboxPlan> {
  const names = new Set<string>();
  try {
    for (const entry of await readFolder(dir)) names.add(entry.name);
  } catch (error) {
    throw new UsageError(
      `Cannot read the inbox ${dir}: ${(error as Error).message}; check the path and permissions`,
    );
  }
  const plan: InboxPlan = { ready: [], waiting: [], unchanged: [], unsettled: new Set() };
  const archives: string[] = [];
  for (const name of names) {
    const info = await Deno.stat(join(dir, name)).catch(() => null);
    if (info?.isFile && !NOT_A_PART.test(name) && partKind(name)) archives.push(join(dir, name));
    const suffix = PARTIAL_SUFFIXES.find((s) => name.endsWith(s));
    const target = suffix ? name.slice(0, -suffix.length) : "";
    if (suffix && partKind(target) && !names.has(target)) {
      plan.unsettled.add(exportOf(target).key);
      plan.waiting.push(`${target}: still downloading (${name}); the next run imports it`);
    }
  }
  const { sets } = await groupArchives(archives);
  for (const set of sets) {
    // Parts this program deleted (--delete-after) count as there.
    const deleted = options.parts.partsOf(set.key).filter((p) => p.deletedAt).map((p) => p.path);
    const numbers = [...set.parts, ...deleted].map((path) => exportOf(basename(path)).numbers);
    const missing = missingParts(numbers);
    if (missing.length) {
      plan.unsettled.add(set.key);
      plan.waiting.push(
        `${set.key}: part(s) ${missing.join(", ")} not here yet; the parts here are imported`,
      );
    }
    const settled: string[] = [];
    let fresh = false;
    for (const part of set.parts) {
      const name = basename(part);
      const partial = PARTIAL_SUFFIXES.map((s) => name + s).find((n) => names.has(n));
      const info = await Deno.stat(part);
      const mtimeMs = info.mtime?.getTime() ?? 0;
      const known: PartRecord | undefined = options.write
        ? options.parts.observe(part, set.key, info.size, mtimeMs, options.now)
        : options.parts.part(part);
      const sameAsKnown = known?.size === info.size && known.mtimeMs === mtimeMs;
      const age = options.now.getTime() - mtimeMs;
      // Seen unchanged for a quiet period also settles a part whose mtime lies in the future (a
      // NAS clock behind the machine that wrote it), which the age alone would hold forever.
      const quietSince = sameAsKnown ? options.now.getTime() - known.seenAt.getTime() : 0;
      if (partial) {
        plan.waiting.push(
          `${name}: still downloading (${partial} beside it); the next run imports it`,
        );
      } else if (age < options.settleMs && quietSince < options.settleMs) {
        const quiet = `the quiet period of ${options.settleMs / 1000} s`;
        plan.waiting.push(`${name}: ${describeAge(age)}, within ${quiet}; the next run imports it`);
      } else {
        settled.push(part);
        if (!sameAsKnown || !known.importedAt || known.deletedAt) fresh = true;
        continue;
      }
      plan.unsettled.add(set.key);
    }
    let bytes = 0;
    for (const part of settled) bytes += (await Deno.stat(part)).size;
    if (fresh) plan.ready.push({ ...set, parts: settled, bytes });
    else if (settled.length) plan.unchanged.push({ ...set, parts: settled, bytes });
  }
  return plan;
}
