import { firstExport, simItemsOf, writeExport } from "../../src/simulator/takeout/mod.ts";
import { testLibrary } from "./library.ts";

/** The zone the same-photos tests run in. */
export const SAME_PHOTOS_ZONE = "Europe/Berlin";

/**
 * A simulated Google library holding the same photos as the Takeout fixture, and that fixture
 * written as one zip part: what a pick followed by a Takeout import meets.
 */
export async function sameLibrary() {
  const first = await firstExport(SAME_PHOTOS_ZONE);
  const items = simItemsOf(first);
  const t = await testLibrary({ items });
  const env = { ...t.env, TZ: SAME_PHOTOS_ZONE };
  const exportDir = await Deno.makeTempDir({ prefix: "gphotos-nas-export-" });
  const parts = await writeExport(exportDir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 1,
  });
  return {
    t,
    env,
    first,
    items,
    parts,
    async [Symbol.asyncDispose]() {
      await Deno.remove(exportDir, { recursive: true });
      await t[Symbol.asyncDispose]();
    },
  };
}
