/**
 * Checking a library against its index: every recorded file is re-hashed; files that are missing,
 * changed (bit rot, edits) or unknown to the index are reported.
 *
 * @module
 */
import { join, relative } from "node:path";
import type { FileRow } from "./catalog/items.ts";
import { type Catalog, STATE_DIR } from "./catalog/mod.ts";
import { relativePathInside } from "./layout.ts";
import { hashFile } from "./transfer.ts";

/** What `verify` found. */
export interface VerifyReport {
  /** Recorded files checked. */
  checked: number;
  /** Files whose bytes match the index. */
  ok: number;
  /** Recorded files that are gone. */
  missing: FileRow[];
  /** Recorded files whose size or SHA-256 changed. */
  changed: FileRow[];
  /** Files in the library folders that the index does not know. */
  unknown: string[];
}

/** Folders inside DEST that are not library content. */
const NOT_CONTENT = new Set([STATE_DIR, "albums"]);

async function* walk(root: string, dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (dir === root && NOT_CONTENT.has(entry.name)) continue;
    if (entry.isDirectory) yield* walk(root, path);
    else if (entry.isFile) yield relative(root, path).split("\\").join("/");
  }
}

/** Re-hashes every done file of the index and walks the folders for unknown files. */
export async function verifyLibrary(
  dest: string,
  index: Catalog,
  onFile?: (relPath: string) => void,
): Promise<VerifyReport> {
  const report: VerifyReport = { checked: 0, ok: 0, missing: [], changed: [], unknown: [] };
  const known = new Set<string>();
  for (const file of index.items.allFiles()) {
    known.add(file.relPath);
    if (file.state !== "done") continue;
    report.checked++;
    onFile?.(file.relPath);
    let actual: { size: number; sha256: string };
    try {
      actual = await hashFile(relativePathInside(dest, file.relPath));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        report.missing.push(file);
        continue;
      }
      throw error;
    }
    if (actual.size === file.size && actual.sha256 === file.sha256) report.ok++;
    else report.changed.push(file);
  }
  for await (const rel of walk(dest, dest)) {
    if (!known.has(rel)) report.unknown.push(rel);
  }
  return report;
}
