/**
 * What each part of an export holds for the library, as the learning pass of the Takeout source
 * saw it: which media entries became which item, which sidecars dated some media, and Takeout's own
 * files. The index keeps this per part, so `--delete-after` can tell a part whose every entry is in
 * the library from one that still holds something the library lacks. Read from pass 1's temporary
 * database (learned.ts) a page at a time, never gathered whole; so are the Takeout keys the
 * import's after-run check looks for, which its hearer notes there rather than in memory.
 *
 * @module
 */
import type { EntryRole, PartEntry } from "../../library/catalog/takeout.ts";
import { type LearnedStore, MEDIA, SIDECAR } from "./pass1/learned.ts";

/** Whether sidecar entry `e` dated some media copy of an item kept. */
const USED = `EXISTS (SELECT 1 FROM entry m WHERE m.sidecar = e.id AND m.kind = ${MEDIA})`;

/** The paths of the sidecars no media file of the set took (trash items' ones left aside). */
export function unusedSidecars(store: LearnedStore): string[] {
  return store.sql(`SELECT e.path FROM entry e WHERE e.kind = ${SIDECAR} AND NOT ${USED}
    ORDER BY e.id`).all().map((row) => String(row.path));
}

/** The entries of the part at index `part` of its set, in the order they were met. */
export function* partEntries(store: LearnedStore, part: number): Generator<PartEntry> {
  const rows = store.pages(
    `SELECT e.id, e.path, e.size, e.kind, i.source_id, ${USED} AS used FROM entry e
     LEFT JOIN item i ON i.id = e.item AND e.kind = ${MEDIA}
     WHERE e.part = ? AND e.id > ? ORDER BY e.id LIMIT ?`,
    [part],
  );
  for (const row of rows) {
    const base = { path: String(row.path), size: Number(row.size) };
    const role: EntryRole = row.kind === MEDIA
      ? "media"
      : row.kind === SIDECAR
      ? "sidecar"
      : "other";
    if (role === "media") {
      yield {
        ...base,
        role,
        sourceId: row.source_id === null ? undefined : String(row.source_id),
      };
    } else if (role === "sidecar") yield { ...base, role, used: Number(row.used) === 1 };
    else yield { ...base, role };
  }
}

/** Notes `sourceId` (and its hearer's detail) in the list the after-run check reads. */
export function wantKey(store: LearnedStore, sourceId: string, detail?: string): void {
  store.sql("INSERT INTO wanted (source_id, detail) VALUES (?, ?)").run(sourceId, detail ?? null);
}

/** The keys noted by {@linkcode wantKey}, in the order noted, a page at a time. */
export function* wantedKeys(store: LearnedStore): Generator<{ sourceId: string; detail?: string }> {
  const rows = store.pages(
    "SELECT id, source_id, detail FROM wanted WHERE id > ? ORDER BY id LIMIT ?",
  );
  for (const row of rows) {
    const sourceId = String(row.source_id);
    yield row.detail === null ? { sourceId } : { sourceId, detail: String(row.detail) };
  }
}
