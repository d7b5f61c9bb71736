/**
 * Input checks before an import writes anything: a folder of Takeout archives named without
 * `--inbox`, and archives or folders that are no Google Photos Takeout (a zip of a source tree, a
 * Drive export) are refused, or in the inbox left alone. Only names are read: a zip's central
 * directory, a folder's first levels, or a tgz up to its first Google Photos entry.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { openZip, partKind, tgzEntries } from "./archive/mod.ts";
import { isPhotosRoot, isYearFolder } from "./folders.ts";
import type { TakeoutSet } from "./sets.ts";
import { PASS_OVER, readFolder } from "../../library/disk/walk.ts";

/** A sidecar's file name: `NAME.EXT.json`, `NAME.EXT.supplemental-metadata.json` or a cut form. */
const SIDECAR_NAME = /\.[a-z0-9]{2,4}(\.[a-z-]*)?(\(\d+\))?\.json$/i;

/**
 * Whether an entry path lies in a Google Photos folder of a Takeout: `Takeout/<Photos>/…`, where
 * `<Photos>` is the Google Photos folder in a language we know, or any folder holding a year
 * folder or sidecars (a language we do not know).
 */
export function isGooglePhotosPath(path: string): boolean {
  const parts = path.split("/");
  const at = parts.indexOf("Takeout");
  if (at < 0 || parts.length < at + 3) return false;
  if (isPhotosRoot(parts[at + 1])) return true;
  const inner = parts.slice(at + 2);
  return (inner.length > 1 && isYearFolder(inner[0])) || SIDECAR_NAME.test(inner[inner.length - 1]);
}

/** The names of the folders and files directly inside `dir` (none when it cannot be read). */
async function children(dir: string): Promise<{ dirs: string[]; files: string[] }> {
  const out = { dirs: [] as string[], files: [] as string[] };
  // An unreadable folder holds nothing we can import.
  for (const entry of await readFolder(dir, PASS_OVER)) {
    (entry.isDirectory ? out.dirs : out.files).push(entry.name);
  }
  return out;
}

/** Whether `dir` (a folder inside `Takeout/`) is a Google Photos folder. */
async function isPhotosFolder(dir: string): Promise<boolean> {
  if (isPhotosRoot(basename(dir))) return true;
  const { dirs } = await children(dir);
  if (dirs.some(isYearFolder)) return true;
  for (const album of dirs) {
    const { files } = await children(join(dir, album));
    if (files.some((name) => SIDECAR_NAME.test(name))) return true;
  }
  return false;
}

/**
 * Whether an extracted folder holds a Google Photos Takeout: it is `Takeout/`, its Photos folder,
 * or holds `Takeout/` one or two levels down (parts extracted side by side). Only those few levels
 * are read, so naming a large unrelated folder (a home folder) is refused quickly.
 */
async function folderHasTakeout(root: string): Promise<boolean> {
  const full = resolve(root);
  if (basename(dirname(full)) === "Takeout" || isPhotosRoot(basename(full))) {
    return await isPhotosFolder(full);
  }
  const roots = basename(full) === "Takeout" ? [full] : [];
  const top = await children(full);
  if (top.dirs.includes("Takeout")) roots.push(join(full, "Takeout"));
  for (const sub of top.dirs) {
    if ((await children(join(full, sub))).dirs.includes("Takeout")) {
      roots.push(join(full, sub, "Takeout"));
    }
  }
  for (const takeout of roots) {
    for (const folder of (await children(takeout)).dirs) {
      if (await isPhotosFolder(join(takeout, folder))) return true;
    }
  }
  return false;
}

/**
 * Whether a tgz part holds a Google Photos entry, reading only up to the first one (Takeout's
 * come first). A part that cannot be read counts as yes: the import itself reports it as broken.
 */
async function tgzHasGooglePhotos(path: string): Promise<boolean> {
  try {
    // Leaving the walk early closes the archive: nothing past the first Photos entry is read.
    for await (const entry of tgzEntries(path)) {
      if (isGooglePhotosPath(entry.path)) return true;
    }
    return false;
  } catch {
    return true;
  }
}

/** Whether any part of the set holds Google Photos content in Takeout's layout. */
export async function hasTakeoutLayout(set: TakeoutSet): Promise<boolean> {
  for (const part of set.parts) {
    if (set.kind === "folder") {
      if (await folderHasTakeout(part)) return true;
    } else if (set.kind === "zip") {
      let zip;
      try {
        zip = await openZip(part);
      } catch {
        return true; // unreadable: the import itself reports the broken archive
      }
      let found = false;
      try {
        for await (const entry of zip.entries()) {
          if ((found = isGooglePhotosPath(entry.path))) break;
        }
      } catch {
        found = true; // unreadable: the import itself reports the broken archive
      } finally {
        await zip.close().catch(() => {});
      }
      if (found) return true;
    } else if (await tgzHasGooglePhotos(part)) {
      return true;
    }
  }
  return false;
}

/** The Takeout archives (`takeout-….zip`/`.tgz`) directly inside a folder. */
export async function takeoutArchivesIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readFolder(dir)) {
    if (entry.isFile && partKind(entry.name) && /^takeout-/i.test(entry.name)) {
      found.push(entry.name);
    }
  }
  return found.sort();
}
