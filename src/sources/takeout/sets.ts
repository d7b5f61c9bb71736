/**
 * Which files form one Takeout export: the parts of an export share the stem Google gives them
 * (`takeout-20261101T000000Z-001.zip`, `-002.zip`, …); an extracted `Takeout/` folder is a set of its
 * own. In an inbox, a set is ready only when no part is missing and no part is still growing.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { UsageError } from "../../errors.ts";
import { type PartKind, partKind } from "./archive.ts";

/** One export: its parts in order. */
export interface TakeoutSet {
  /** Stable name of the set (the parts' common stem, or the folder path). */
  key: string;
  /** How its parts are read. */
  kind: PartKind;
  /** Absolute paths of the parts, in part order. */
  parts: string[];
  /** Total size of the parts. */
  bytes: number;
}

const PART = /^(.+)-(\d{3})\.(zip|tgz|tar\.gz)$/i;
const IN_PROGRESS = /\.(part|crdownload|download|tmp|partial)$|^\./i;

async function size(path: string): Promise<number> {
  return (await Deno.stat(path)).size;
}

/** Groups archive files into sets (by stem) and reports gaps in part numbers. */
export async function groupArchives(
  files: string[],
): Promise<{ sets: TakeoutSet[]; incomplete: { key: string; reason: string }[] }> {
  const groups = new Map<string, { kind: PartKind; parts: Map<number, string> }>();
  for (const file of files) {
    const kind = partKind(file);
    if (!kind || kind === "folder") continue;
    const m = PART.exec(basename(file));
    const key = m ? m[1] : basename(file).replace(/\.(zip|tgz|tar\.gz)$/i, "");
    const group = groups.get(key) ?? { kind, parts: new Map() };
    group.parts.set(m ? Number(m[2]) : 1, resolve(file));
    groups.set(key, group);
  }
  const sets: TakeoutSet[] = [];
  const incomplete: { key: string; reason: string }[] = [];
  for (const [key, group] of groups) {
    const numbers = [...group.parts.keys()].sort((a, b) => a - b);
    const missing = [];
    for (let n = 1; n <= numbers[numbers.length - 1]; n++) if (!group.parts.has(n)) missing.push(n);
    if (missing.length) {
      incomplete.push({
        key,
        reason: `part(s) ${missing.map((n) => String(n).padStart(3, "0")).join(", ")} missing`,
      });
      continue;
    }
    const parts = numbers.map((n) => group.parts.get(n)!);
    let bytes = 0;
    for (const part of parts) bytes += await size(part);
    sets.push({ key, kind: group.kind, parts, bytes });
  }
  return { sets, incomplete };
}

/** The sets named on the command line: archives (grouped into sets) and extracted folders. */
export async function setsFromPaths(paths: string[]): Promise<TakeoutSet[]> {
  const archives: string[] = [];
  const sets: TakeoutSet[] = [];
  for (const path of paths) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      throw new UsageError(`import: ${path} does not exist`);
    }
    if (info.isDirectory) {
      sets.push({
        key: `folder:${resolve(path)}`,
        kind: "folder",
        parts: [resolve(path)],
        bytes: 0,
      });
    } else if (partKind(path)) {
      archives.push(path);
    } else {
      throw new UsageError(
        `import: ${path} is not a Takeout archive (.zip, .tgz, .tar.gz) or an extracted folder`,
      );
    }
  }
  const grouped = await groupArchives(archives);
  if (grouped.incomplete.length) {
    const first = grouped.incomplete[0];
    throw new UsageError(`import: the export ${first.key} is incomplete: ${first.reason}`);
  }
  return [...grouped.sets, ...sets];
}

/**
 * The sets in an inbox folder that can be imported now. Sets whose parts are missing or still
 * growing (sizes differ `settleMs` apart) are reported as waiting.
 */
export async function inboxSets(
  dir: string,
  settleMs: number,
): Promise<{ ready: TakeoutSet[]; waiting: { key: string; reason: string }[] }> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && !IN_PROGRESS.test(entry.name) && partKind(entry.name)) {
        files.push(join(dir, entry.name));
      }
    }
  } catch {
    throw new UsageError(`import --inbox: cannot read the folder ${dir}`);
  }
  const { sets, incomplete } = await groupArchives(files);
  const waiting = [...incomplete];
  if (settleMs > 0 && sets.length) {
    await new Promise((r) => setTimeout(r, settleMs));
  }
  const ready: TakeoutSet[] = [];
  for (const set of sets) {
    let now = 0;
    for (const part of set.parts) now += await size(part).catch(() => -1);
    if (now !== set.bytes) waiting.push({ key: set.key, reason: "still being written" });
    else ready.push(set);
  }
  return { ready, waiting };
}
