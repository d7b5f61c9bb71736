/**
 * `DEST/albums/<Album>/`: relative symbolic links into the day folders, one per album member, so
 * albums cost no space and the files stay where the layout puts them. Existing entries are never
 * replaced.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import type { Catalog } from "./catalog/mod.ts";
import { relativePathInside } from "./layout.ts";
import { safeFilename, withSuffix } from "./naming.ts";

/** Creates the missing album links; resolves to how many were made. */
export async function buildAlbumLinks(dest: string, index: Catalog): Promise<number> {
  let made = 0;
  const used = new Map<string, string>();
  for (const { album, relPath } of index.items.albumLinks()) {
    const folder = join(dest, "albums", safeFilename(album, "album"));
    const target = relativePathInside(dest, relPath);
    let name = relPath.slice(relPath.lastIndexOf("/") + 1);
    for (let n = 2;; n++) {
      const link = join(folder, name);
      const wanted = relative(dirname(link), target);
      const claimed = used.get(link);
      if (claimed === undefined) {
        const existing = await Deno.readLink(link).catch(() => undefined);
        const present = existing !== undefined ||
          await Deno.lstat(link).then(() => true, () => false);
        if (!present) {
          await Deno.mkdir(folder, { recursive: true });
          await Deno.symlink(wanted, link);
          made++;
          used.set(link, wanted);
          break;
        }
        if (existing === wanted) {
          used.set(link, wanted);
          break;
        }
      } else if (claimed === wanted) break;
      name = withSuffix(relPath.slice(relPath.lastIndexOf("/") + 1), String(n));
    }
  }
  return made;
}
