/**
 * The photos of a generated Takeout export as items of the simulated Google library, so the two
 * describe the same photos the way Google does: the Picker serves a lesser copy (other bytes, the
 * same file name, capture time to the second and dimensions) of what Takeout exports in original
 * quality. A test picks them, then imports the export.
 *
 * @module
 */
import type { SimItemSpec } from "../types.ts";
import type { FixtureExport } from "./exports.ts";

/** Capture times and Google ids by title, from the export's sidecars (`photoTakenTime`, `url`). */
function takenByTitle(exp: FixtureExport): Map<string, { time: string; id?: string }> {
  const out = new Map<string, { time: string; id?: string }>();
  for (const file of exp.files) {
    if (!file.path.endsWith(".json")) continue;
    try {
      const json = JSON.parse(new TextDecoder().decode(file.bytes));
      const seconds = Number(json?.photoTakenTime?.timestamp);
      if (typeof json?.title === "string" && seconds > 0 && !out.has(json.title)) {
        const id = /\/photo\/([^/?#]+)$/.exec(String(json.url ?? ""))?.[1];
        out.set(json.title, { time: new Date(seconds * 1000).toISOString(), id });
      }
    } catch {
      // Takeout's own JSON files are not sidecars.
    }
  }
  return out;
}

/**
 * The JPEG photos of `exp` that have a sidecar of their own, as simulator items: same file name,
 * capture time and Google id (the one in the sidecar's `url`); the simulator generates other bytes
 * for them (Google's `=d` copy). Their dimensions agree: every generated JPEG is 8×8, and so does
 * the API's `mediaMetadata`.
 */
export function simItemsOf(exp: FixtureExport): SimItemSpec[] {
  const taken = takenByTitle(exp);
  return exp.expected
    .filter((item) => /\.jpe?g$/i.test(item.name) && taken.has(item.name))
    .map((item) => ({
      ...(taken.get(item.name)!.id ? { id: taken.get(item.name)!.id } : {}),
      filename: item.name,
      creationTime: taken.get(item.name)!.time,
      kind: "photo" as const,
      mimeType: "image/jpeg",
      size: 5000,
    }));
}
