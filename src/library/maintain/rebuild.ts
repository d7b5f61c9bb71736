/**
 * Rebuilding the index from the files on disk (`gphotos-nas index rebuild`, and any writing run
 * that finds the index missing or empty while the folder holds files). Each media file is hashed
 * and recorded under the name and day folder it has, its capture time taken from its mtime (the
 * writer sets it so), its sidecar recorded as ours when gphotos-nas wrote it (`sidecars/adopt.ts`),
 * and motion and live photos are paired again as the writer paired them. The Google ids that led
 * to the files are gone with the old index, so a later run recognises an item by its content: the
 * body is downloaded to a temp file, found to match an adopted file, and discarded — no second
 * copy, and from then on the id is known.
 *
 * @module
 */
import { join } from "node:path";
import { mediaTypeOfName } from "../../media/mime.ts";
import type { Catalog } from "../catalog/mod.ts";
import { nameKey } from "../layout/names.ts";
import { type AdoptedFile, recordAdoptedPairs } from "../layout/pairs.ts";
import { fileHead } from "../../metadata/head.ts";
import type { Logger } from "../../ui/log.ts";
import { formatBytes } from "../../ui/progress.ts";
import { UNKNOWN_DATE_FOLDER } from "../disk/paths.ts";
import { contentFolders } from "../disk/walk.ts";
import { hashFile } from "../disk/files.ts";
import { ownSidecar } from "../sidecars/adopt.ts";

/** What a rebuild found. */
export interface RebuildSummary {
  /** Files looked at (the state folder and album links excluded). */
  scanned: number;
  /** Files newly recorded in the index. */
  adopted: number;
  /** Their bytes. */
  adoptedBytes: number;
  /** Files the index already recorded. */
  known: number;
  /** Files that are not photos or videos by their extension: left alone, not recorded. */
  notMedia: string[];
}

/** A media file of a folder, hashed, and the SHA-256 of its sidecar when that is ours. */
interface Found {
  file: Parameters<Catalog["items"]["adoptFile"]>[0];
  sidecar?: string;
}

/** Progress of a rebuild: files hashed so far of `total`, and their bytes. */
export type RebuildProgress = (done: number, total: number, bytes: number) => void;

/**
 * Records in `index` every media file under `root` that it does not record yet. Files already
 * recorded (by path, case-insensitively) are counted and left as they are.
 */
export async function adoptFiles(
  root: string,
  index: Catalog,
  onProgress?: RebuildProgress,
): Promise<RebuildSummary> {
  const summary: RebuildSummary = {
    scanned: 0,
    adopted: 0,
    adoptedBytes: 0,
    known: 0,
    notMedia: [],
  };
  // Counted first, for the progress lines; then adopted folder by folder, pairs included (a still
  // and its video share a folder), so memory does not grow with the library.
  let total = 0;
  for await (const files of contentFolders(root)) total += files.length;
  let bytes = 0;
  for await (const files of contentFolders(root)) {
    const found: Found[] = [];
    // A name differing only in case from another of the folder is that file's (nameKey).
    const keys = new Set<string>();
    for (const relPath of files) {
      summary.scanned++;
      const key = nameKey(relPath);
      const type = mediaTypeOfName(relPath);
      if (keys.has(key) || index.items.isNameTaken(key)) summary.known++;
      else if (!type) summary.notMedia.push(relPath);
      else {
        keys.add(key);
        const path = join(root, relPath);
        const { size, sha256 } = await hashFile(path);
        const mtime = (await Deno.stat(path)).mtime;
        const undated = relPath.startsWith(`${UNKNOWN_DATE_FOLDER}/`) || !mtime;
        const captureTime = undated ? null : mtime.toISOString();
        const file = { relPath, nameKey: key, size, sha256, captureTime, mimeType: type.mime };
        found.push({ file: { ...file, kind: type.kind }, sidecar: ownSidecar(path) });
        summary.adopted++;
        summary.adoptedBytes += size;
        bytes += size;
      }
      onProgress?.(summary.scanned, total, bytes);
    }
    // Deferred: a commit (and its sync) per file was most of a rebuild's time. Each folder is one
    // savepoint, whole or not there; the next durable commit (the last one below) syncs them.
    const adopted: AdoptedFile[] = index.deferred(() =>
      found.map(({ file, sidecar }) => {
        const id = index.items.adoptFile(file);
        if (sidecar) index.sidecars.record(id, sidecar);
        return { id, relPath: file.relPath, kind: file.kind, captureTime: file.captureTime };
      })
    );
    await recordAdoptedPairs(index, adopted, (relPath) => fileHead(join(root, relPath)));
  }
  await index.durable([]);
  return summary;
}

/**
 * Progress lines of a rebuild on stderr: one when it starts, then one every 500 files or 30 s
 * (hashing a large library takes hours, and a scheduler's mail should show it moving).
 */
export function logRebuildProgress(log: Logger, root: string): RebuildProgress {
  let lastFiles = 0;
  let lastTime = Date.now();
  return (done, total, bytes) => {
    if (done === 1) log.info(`index: recording the ${total} file(s) found in ${root}`);
    if (done - lastFiles >= 500 || Date.now() - lastTime >= 30_000) {
      log.info(`index: ${done}/${total} file(s) looked at, ${formatBytes(bytes)} hashed`);
      lastFiles = done;
      lastTime = Date.now();
    }
  };
}
