/**
 * `import`'s bookkeeping of Takeout parts after a run: what each part held (recorded in the index,
 * so a part that arrives later is read when it arrives), and `--delete-after`, which removes a part
 * only once every entry in it is in the library and the library's copy still hashes to what the
 * index recorded. A part of an export with a part missing, downloading or not quiet yet is never
 * deleted, nor one whose media waits for its sidecar or whose sidecar waits for its media.
 *
 * @module
 */
import { basename } from "node:path";
import type { PartEntry } from "../../library/catalog/takeout.ts";
import type { Library } from "../../library/mod.ts";
import type { TakeoutSet } from "./sets.ts";
import { relativePathInside } from "../../library/disk/paths.ts";
import { hashFile } from "../../library/disk/files.ts";
import type { LearnedEntries } from "./source.ts";

/** Records each part of `set` with what it holds; `imported` when all of it is in the library. */
export async function recordParts(
  library: Library,
  set: TakeoutSet,
  entries: Pick<LearnedEntries, "of"> | undefined,
  imported: boolean,
): Promise<void> {
  if (set.kind === "folder" || !entries) return;
  const now = new Date();
  for (const part of set.parts) {
    // A part removed by hand during the run is simply not recorded; the next run sees it gone.
    const info = await Deno.stat(part).catch(() => null);
    if (!info) continue;
    library.index.parts.observe(part, set.key, info.size, info.mtime?.getTime() ?? 0, now);
    library.index.parts.recordEntries(part, entries.of(part), imported);
  }
}

/** Why a part must stay, or undefined when every entry of it is in the library and verified. */
async function whyKept(
  library: Library,
  entries: readonly PartEntry[],
  hashes: Map<number, boolean>,
): Promise<string | undefined> {
  let missing = 0, orphans = 0;
  // Counted per library file: an album copy and its year-folder copy are one item.
  const provisional = new Set<number>(), changed = new Set<number>();
  for (const entry of entries) {
    if (entry.role === "sidecar" && !entry.used) orphans++;
    if (entry.role !== "media") continue;
    const file = entry.sourceId === undefined
      ? undefined
      : library.index.items.findItemFile(["takeout"], entry.sourceId);
    if (!file || file.state !== "done") {
      missing++;
      continue;
    }
    if (file.provisional) provisional.add(file.id);
    if (!hashes.has(file.id)) {
      const path = relativePathInside(library.dest, file.relPath);
      const onDisk = await hashFile(path).catch(() => undefined);
      hashes.set(file.id, onDisk?.sha256 === file.sha256 && onDisk?.size === file.size);
    }
    if (!hashes.get(file.id)) changed.add(file.id);
  }
  const reasons = [
    missing && `${missing} media file(s) not in the library`,
    changed.size &&
    `${changed.size} library file(s) missing or not matching the index (run verify)`,
    provisional.size && `${provisional.size} item(s) placed without their sidecar yet`,
    orphans && `${orphans} sidecar(s) whose media has not arrived`,
  ].filter(Boolean);
  return reasons.length ? reasons.join(", ") : undefined;
}

/**
 * `--delete-after` for one export read in this run: deletes each part whose entries are all in the
 * library and verified, and says in one line why each other part stays. Resolves to the deleted
 * parts' names.
 */
export async function deleteSettledParts(
  library: Library,
  set: TakeoutSet,
  unsettled: boolean,
  log: { info(line: string): void; warn(line: string): void },
): Promise<string[]> {
  if (set.kind === "folder") return [];
  if (unsettled) {
    log.info(
      `import: kept the parts of ${set.key} (--delete-after): a part of it is missing, ` +
        "downloading or not quiet yet",
    );
    return [];
  }
  const deleted: string[] = [];
  const hashes = new Map<number, boolean>();
  for (const part of set.parts) {
    const reason = library.index.parts.part(part)?.importedAt
      ? await whyKept(library, library.index.parts.entries(part), hashes)
      : "it was not read completely";
    if (reason) {
      log.info(`import: kept ${basename(part)} (--delete-after): ${reason}`);
      continue;
    }
    try {
      await Deno.remove(part);
    } catch (error) {
      log.warn(
        `Cannot delete ${part}: ${(error as Error).message}; check the inbox's permissions ` +
          "(the part stays, and the next run tries again)",
      );
      continue;
    }
    library.index.parts.markDeleted(part);
    deleted.push(basename(part));
    log.info(`import: deleted ${basename(part)} (--delete-after): every entry is in the library`);
  }
  return deleted;
}
