/**
 * What each part of an export holds for the library, as the learning pass of the Takeout source
 * saw it: which media entries became which item, which sidecars dated some media, and Takeout's own
 * files. The index keeps this per part, so `--delete-after` can tell a part whose every entry is in
 * the library from one that still holds something the library lacks.
 *
 * @module
 */
import type { PartEntry } from "../../library/catalog/takeout.ts";

/** An entry as the learning pass met it. */
export interface SeenEntry {
  /** Index of its part in the set. */
  part: number;
  /** Path inside the archive. */
  path: string;
  /** Uncompressed size. */
  size: number;
  /** Set when the entry is media. */
  media?: boolean;
  /** The parsed sidecar, when the entry is one. */
  sidecar?: object;
}

/** An item of the export: its key and the copies and sidecar it was learned from. */
export interface ItemOfEntries {
  /** The Takeout key the item is stored under. */
  sourceId: string;
  /** Every copy of it (year folder, album folders): part index, path, and the sidecar it met. */
  copies: readonly { part: number; path: string; sidecar?: object }[];
}

/** The sidecars some copy of some item met. */
function sidecarsUsed(items: Iterable<{ copies: readonly { sidecar?: object }[] }>): Set<object> {
  const used = new Set<object>();
  for (const item of items) {
    for (const copy of item.copies) if (copy.sidecar) used.add(copy.sidecar);
  }
  return used;
}

/** The paths of the sidecars no media file of the set took (trash items' ones left aside). */
export function unusedSidecars(
  seen: readonly SeenEntry[],
  items: Iterable<{ copies: readonly { sidecar?: object }[] }>,
): string[] {
  const used = sidecarsUsed(items);
  return seen.filter((e) => e.sidecar && !used.has(e.sidecar)).map((e) => e.path);
}

/** The entries of each part of `parts` (absolute paths, in set order). */
export function partEntries(
  parts: readonly string[],
  seen: readonly SeenEntry[],
  items: Iterable<ItemOfEntries>,
): Map<string, PartEntry[]> {
  const list = [...items];
  const itemOf = new Map<string, string>();
  for (const item of list) {
    for (const copy of item.copies) itemOf.set(`${copy.part}:${copy.path}`, item.sourceId);
  }
  const usedSidecars = sidecarsUsed(list);
  const out = new Map<string, PartEntry[]>(parts.map((part) => [part, []]));
  for (const entry of seen) {
    const base = { path: entry.path, size: entry.size };
    let described: PartEntry;
    if (entry.media) {
      described = { ...base, role: "media", sourceId: itemOf.get(`${entry.part}:${entry.path}`) };
    } else if (entry.sidecar) {
      described = { ...base, role: "sidecar", used: usedSidecars.has(entry.sidecar) };
    } else {
      described = { ...base, role: "other" };
    }
    out.get(parts[entry.part])?.push(described);
  }
  return out;
}
