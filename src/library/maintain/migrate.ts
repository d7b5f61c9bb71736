/**
 * `--migrate-layout`: moving every file into the folder a new layout gives it, re-pointing the
 * album links at the new places and removing the folders the move emptied. Nothing is ever
 * duplicated, replaced or deleted that held anything else.
 *
 * @module
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Logger } from "../../ui/log.ts";
import type { Catalog } from "../catalog/mod.ts";
import { folderFor, type Layout } from "../layout/template.ts";
import { freeName, nameKey } from "../layout/names.ts";
import { existsSync } from "../disk/place.ts";
import { moveSidecar } from "../sidecars/write.ts";
import { ALBUMS_DIR, relativePathInside } from "../disk/paths.ts";
import { MISSING_IS_EMPTY, walkFolders } from "../disk/walk.ts";
import { removeEmptyFolders } from "../disk/empty_folders.ts";

/** What a migration did. */
export interface MigrationResult {
  /** Files moved. */
  moved: number;
  /** Album links re-pointed at a moved file. */
  relinked: number;
  /** Folders removed because the move left them empty. */
  removedFolders: number;
}

/**
 * Moves every file into the folder the new layout gives it, keeping its name (suffixed by the one
 * free-name rule, from its old path, only if the new folder already has it), never replacing
 * anything. The index is updated file by file, so an interrupted migration resumes where it stopped.
 */
export async function migrateLayout(
  root: string,
  index: Catalog,
  layout: Layout,
  timeZone: string,
  log: Logger,
): Promise<MigrationResult> {
  const result: MigrationResult = { moved: 0, relinked: 0, removedFolders: 0 };
  const links = await albumLinksByTarget(root);
  for (const file of index.items.allFiles()) {
    if (file.state !== "done") continue;
    const name = file.relPath.slice(file.relPath.lastIndexOf("/") + 1);
    // A day chosen by the capture offset ("+09:00") stays that day whatever the run's zone.
    const recorded = index.sidecars.dayZone(file.id);
    const folder = folderFor(
      layout,
      file.captureTime ? new Date(file.captureTime) : null,
      recorded && /^[+-]\d{2}:\d{2}$/.test(recorded) ? recorded : timeZone,
    );
    if (`${folder}/${name}` === file.relPath) continue;
    const from = relativePathInside(root, file.relPath);
    const relPath = freeName(
      folder,
      name,
      file.relPath,
      (path, key) => index.items.isNameTaken(key) || existsSync(join(root, path)),
    );
    if (relPath === undefined) throw new Error(`no free name for ${file.relPath} in ${folder}`);
    const to = relativePathInside(root, relPath);
    const present = existsSync(from);
    if (present) {
      await Deno.mkdir(dirname(to), { recursive: true });
      await Deno.link(from, to).then(() => Deno.remove(from), () => Deno.rename(from, to));
      result.moved++;
    } else {
      // Already gone: its record moves all the same, so a re-fetch puts it in the new layout
      // instead of bringing back an old-layout folder.
      log.warn(
        `not moved: ${file.relPath} is missing; it belongs at ${relPath} now, where the next ` +
          "backup or verify --repair puts it back",
      );
    }
    // The XMP sidecar travels with its file (even one whose file is gone).
    await moveSidecar(from, to);
    index.items.moveFile(file.id, relPath, nameKey(relPath));
    for (const link of links.get(file.relPath) ?? []) {
      if (await repoint(link, file.relPath, root, to)) result.relinked++;
    }
    if (present) {
      result.removedFolders += await removeEmptyFolders(root, [relative(root, dirname(from))]);
    }
  }
  return result;
}

/** `DEST/albums/<Album>/<link>` symbolic links by the DEST-relative path they point at. */
async function albumLinksByTarget(root: string): Promise<Map<string, string[]>> {
  const byTarget = new Map<string, string[]>();
  // DEST/albums/<Album>/<link>: a folder inside an album folder is no link, and not entered.
  const walk = {
    from: ALBUMS_DIR,
    skip: (path: string, entry: Deno.DirEntry) => entry.isDirectory && path.split("/").length > 2,
    unlistable: MISSING_IS_EMPTY,
  };
  for await (const { folder, entries } of walkFolders(root, walk)) {
    if (folder === ALBUMS_DIR) continue;
    for (const entry of entries) {
      if (!entry.isSymlink) continue;
      const link = join(root, folder, entry.name);
      const target = relativeTarget(root, link, await Deno.readLink(link));
      if (target !== undefined) byTarget.set(target, [...byTarget.get(target) ?? [], link]);
    }
  }
  return byTarget;
}

/** The DEST-relative, `/`-separated path a link's target names; undefined outside DEST. */
function relativeTarget(root: string, link: string, target: string): string | undefined {
  const rel = relative(root, resolve(dirname(link), target));
  if (rel === "" || rel.startsWith("..") || rel.startsWith("/")) return undefined;
  return rel.split("\\").join("/");
}

/**
 * Points `link` at `to` (relative, like every album link) if it still points at `oldRel`. A new
 * link is renamed over the old one, so the album never lacks the entry.
 */
async function repoint(link: string, oldRel: string, root: string, to: string): Promise<boolean> {
  const info = await Deno.lstat(link).catch(() => null);
  if (!info?.isSymlink || relativeTarget(root, link, await Deno.readLink(link)) !== oldRel) {
    return false;
  }
  const temp = join(dirname(link), `.${basename(link)}.gphotos-nas-relink`);
  await Deno.remove(temp).catch(() => {});
  await Deno.symlink(relative(dirname(link), to), temp);
  await Deno.rename(temp, link);
  return true;
}
