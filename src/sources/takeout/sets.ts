/**
 * Which files form one Takeout export: every file whose name starts with the same
 * `takeout-<timestamp>` belongs to one export, whatever numbering follows (`-001.zip`, `-002.zip`,
 * `-1-001.zip`, `-2-001.zip`, …); other archives group by the stem before `-NNN`. An extracted
 * `Takeout/` folder is a set of its own.
 *
 * @module
 */
import { basename, resolve } from "node:path";
import { UsageError } from "../../errors.ts";
import { type PartKind, partKind } from "./archive/mod.ts";

/** One export: its parts in order. */
export interface TakeoutSet {
  /** Stable name of the set (`takeout-<timestamp>`, the parts' common stem, or the folder path). */
  key: string;
  /** How its parts are read. */
  kind: PartKind;
  /** Absolute paths of the parts, in part order. */
  parts: string[];
  /** Total size of the parts. */
  bytes: number;
}

const TAKEOUT = /^(takeout-[0-9a-z]+)(.*?)\.(zip|tgz|tar\.gz)$/i;
const PART = /^(.+)-(\d{3})\.(zip|tgz|tar\.gz)$/i;

/** The export an archive name belongs to, and its part numbers (`-1-002` → [1, 2]). */
export function exportOf(name: string): { key: string; numbers: number[] } {
  const takeout = TAKEOUT.exec(name);
  if (takeout) {
    return { key: takeout[1], numbers: (takeout[2].match(/\d+/g) ?? []).map(Number) };
  }
  const m = PART.exec(name);
  if (m) return { key: m[1], numbers: [Number(m[2])] };
  return { key: name.replace(/\.(zip|tgz|tar\.gz)$/i, ""), numbers: [] };
}

function compareNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** A part's numbering as Google writes it: `003`, `2-001`. */
export function partLabel(numbers: number[]): string {
  return numbers.map((n, i) => i === numbers.length - 1 ? String(n).padStart(3, "0") : String(n))
    .join("-");
}

/**
 * The parts missing from a numbering: `-001`…`-NNN` without gaps, and with two levels each series
 * `1`…`M` present and numbered from `001` without gaps. A numbering of another shape has no gaps
 * that can be told.
 */
export function missingParts(numberings: number[][]): string[] {
  const byPrefix = new Map<string, number[]>();
  const series = new Set<number>();
  for (const numbers of numberings) {
    if (numbers.length < 1 || numbers.length > 2) return [];
    if (numbers.length === 2) series.add(numbers[0]);
    const prefix = numbers.slice(0, -1).join("-");
    byPrefix.set(prefix, [...byPrefix.get(prefix) ?? [], numbers[numbers.length - 1]]);
  }
  const missing: string[] = [];
  for (let s = 1; s <= Math.max(0, ...series); s++) {
    if (!series.has(s)) missing.push(`${s}-*`);
  }
  for (const [prefix, last] of byPrefix) {
    for (let n = 1; n <= Math.max(...last); n++) {
      if (!last.includes(n)) {
        missing.push(partLabel(prefix ? [...prefix.split("-").map(Number), n] : [n]));
      }
    }
  }
  return missing;
}

/** Groups archive files into sets (by export) in part order, and reports gaps in part numbers. */
export async function groupArchives(
  files: string[],
): Promise<{ sets: TakeoutSet[]; incomplete: { key: string; reason: string }[] }> {
  const groups = new Map<
    string,
    { kind: PartKind; parts: { path: string; numbers: number[] }[] }
  >();
  for (const file of files) {
    const kind = partKind(file);
    if (!kind || kind === "folder") continue;
    const { key, numbers } = exportOf(basename(file));
    const group = groups.get(key) ?? { kind, parts: [] };
    group.parts.push({ path: resolve(file), numbers });
    groups.set(key, group);
  }
  const sets: TakeoutSet[] = [];
  const incomplete: { key: string; reason: string }[] = [];
  for (const [key, group] of groups) {
    group.parts.sort((a, b) => compareNumbers(a.numbers, b.numbers));
    const missing = missingParts(group.parts.map((p) => p.numbers));
    if (missing.length) incomplete.push({ key, reason: `part(s) ${missing.join(", ")} missing` });
    let bytes = 0;
    for (const part of group.parts) bytes += (await Deno.stat(part.path)).size;
    sets.push({ key, kind: group.kind, parts: group.parts.map((p) => p.path), bytes });
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
