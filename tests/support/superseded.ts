/**
 * A library whose every file has a superseded copy, as a household's would after years of picks and
 * backups followed by the Takeout import of their originals: each done file gets a small copy under
 * `.gphotos-nas/superseded/` (its own bytes, never the original's) recorded in the index with the
 * catalog's own `superseded.record`, as an upgrade records it. Bringing 100,000 originals over
 * 100,000 downloaded copies through the simulator would take hours; the state `gc` reads is the
 * same. Used by the heap-capped `gc` test and the bench's many-files rows.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { openCatalog } from "../../src/library/catalog/mod.ts";
import { SUPERSEDED_DIR } from "../../src/library/writer/upgrade.ts";

/** Files recorded per transaction. */
const PAGE = 1_000;

/**
 * Gives every done file of the library at `dest` `copies` recorded superseded copies (as years of
 * picks and backups of the same photos leave); returns how many.
 */
export async function supersedeEveryFile(dest: string, copies = 1): Promise<number> {
  const index = openCatalog(dest);
  let count = 0;
  try {
    let after = "";
    for (;;) {
      const page = index.items.doneFilesAfter(after, PAGE);
      if (page.length === 0) break;
      const recorded: {
        copy: { relPath: string; size: number; sha256: string };
        fileId: number;
      }[] = [];
      for (const file of page) {
        for (let n = 1; n <= copies; n++) {
          // A further copy of one path gets a suffix, as the upgrade gives one (`upgrade.ts`).
          const relPath = `${SUPERSEDED_DIR}/${file.relPath}${n === 1 ? "" : `.${n}`}`;
          const bytes = new TextEncoder().encode(`Google's copy ${n} of ${file.relPath}\n`);
          await Deno.mkdir(dirname(join(dest, relPath)), { recursive: true });
          await Deno.writeFile(join(dest, relPath), bytes);
          const digest = await crypto.subtle.digest("SHA-256", bytes);
          const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0"))
            .join("");
          recorded.push({ copy: { relPath, size: bytes.length, sha256 }, fileId: file.id });
        }
      }
      const [error] = await index.durable([() => {
        for (const { copy, fileId } of recorded) index.superseded.record(copy, fileId);
      }]);
      if (error) throw error;
      count += recorded.length;
      after = page[page.length - 1].relPath;
    }
  } finally {
    index.close();
  }
  return count;
}
