/**
 * Removing the folders a move or a download left empty, and their parents that are then empty, up
 * to the library root: the one rule the writer, `gc` and `--migrate-layout` share.
 *
 * @module
 */
import { join } from "node:path";

/**
 * Removes each of `folders` (DEST-relative) and then its parents, as long as they are empty; a
 * folder with anything in it stays, and so does DEST. Returns how many folders went.
 *
 * @example
 * ```ts
 * // 2024/2024-03-15 lost its last file: it goes, and 2024 too if nothing else is in it.
 * await removeEmptyFolders("/volume1/photos", ["2024/2024-03-15"]);
 * ```
 */
export async function removeEmptyFolders(dest: string, folders: Iterable<string>): Promise<number> {
  let removed = 0;
  for (const folder of folders) {
    const parts = folder.split("/").filter((part) => part !== "" && part !== ".");
    for (let n = parts.length; n > 0; n--) {
      // Without `recursive`, removing a folder that holds anything fails: that is the check.
      const gone = await Deno.remove(join(dest, ...parts.slice(0, n))).then(
        () => true,
        () => false,
      );
      if (!gone) break;
      removed++;
    }
  }
  return removed;
}
