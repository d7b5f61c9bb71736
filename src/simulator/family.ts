/**
 * A household's Google accounts in one simulator. Each account has its own library; the photos one
 * member shared with another (a shared album saved to the library, partner sharing) are in both,
 * with the same bytes, file name and capture time, but each account knows them under its own media
 * id, as Google's APIs do: a media item id belongs to the account that lists it
 * (developers.google.com/photos/library/guides/access-media-items: ids are per user and
 * application). A token names its account, so an account's runs see its library only.
 *
 * @module
 */
import { generateLibrary, makeId } from "./library_gen.ts";
import { MAIN_ACCOUNT } from "./api/oauth.ts";
import { hashString, Prng } from "./prng.ts";
import type { FamilyAccountSpec, SimItem, SimulatorOptions } from "./types.ts";

/** Every account's library, by name; the main account's is `main`. */
export function familyLibraries(
  main: SimItem[],
  options: SimulatorOptions,
): Map<string, SimItem[]> {
  const libraries = new Map<string, SimItem[]>([[MAIN_ACCOUNT, main]]);
  for (const [name, spec] of Object.entries(options.family ?? {})) {
    if (name === MAIN_ACCOUNT) throw new Error(`family: "${MAIN_ACCOUNT}" is the main account`);
    libraries.set(name, memberLibrary(name, spec, main, options));
  }
  return libraries;
}

function memberLibrary(
  name: string,
  spec: FamilyAccountSpec,
  main: SimItem[],
  options: SimulatorOptions,
): SimItem[] {
  const own = generateLibrary({
    ...options,
    items: undefined,
    itemCount: spec.itemCount ?? 20,
    seed: spec.seed ?? hashString(`family:${name}`),
  });
  const prng = new Prng(`family:${name}`);
  const shareable = main.filter((item) => item.kind === "photo" && !item.archived);
  const shared = shareable.slice(0, spec.sharedFromMain ?? 0).map((item) => ({
    ...item,
    id: makeId(prng),
    contentId: item.contentId ?? item.id,
  }));
  const items = [...own, ...shared];
  return items.sort((a, b) => {
    const x = a.creationTime ?? "", y = b.creationTime ?? "";
    return x < y ? 1 : x > y ? -1 : 0;
  });
}
