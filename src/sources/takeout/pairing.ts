/**
 * The one rule that says which JSON sidecar of a folder belongs to a Takeout media file, as a pure
 * function of names and the sidecars' `title` fields (where sidecars are kept is the caller's
 * business: it hands over the candidates of one folder). Google's naming, as peers' tests and users'
 * exports show it (docs/TAKEOUT.md lists the sources):
 *
 * - the sidecar is named after the media, `NAME.EXT.json` or `NAME.EXT.supplemental-metadata.json`,
 *   the whole name cut to 51 UTF-16 units (`….supple.json`, `….s.json`, `…..json`, or the media
 *   name itself cut: `…_(494).json` for `…_m(494).jpg`);
 * - a duplicate's number moves to the end (`IMG(1).jpg` ↔ `IMG.jpg(1).json`,
 *   `IMG.jpg.supplemental-metadata(1).json`), or stays where it was (`skytree (2).jpg.….json`);
 * - a file uploaded without an extension has a sidecar without one (`NAME.json`,
 *   `NAME.supplemental-metadata.json`, `NAME.supplemental-metadata(1).json`);
 * - edited and "creation" copies (`-edited` in the account's language, `-effects`, `-smile`, …)
 *   have none of their own and share their original's, even when the copy's name was cut;
 * - a live or motion photo's video has none of its own and borrows its still's, even when the still
 *   is not in the export (`PXL_….MP` ↔ `PXL_….MP.jpg.json`).
 *
 * A cut name can fit several files, so a cut match needs the sidecar's `title` to agree, and a
 * numbered copy never takes an unnumbered cut sidecar unless the title names the numbered file.
 * Where two sidecars fit equally and disagree on the capture time, none is taken: the file stays
 * undated and is reported, rather than dated by another photo's sidecar.
 *
 * @module
 */
import { mediaTypeOfName } from "../../media/mime.ts";
import { halfKey } from "../../media/live_halves.ts";
import { extensionOf, stemOf } from "../../media/stem.ts";

/** The longest name Google writes, in UTF-16 units, for sidecars and media alike. */
export const MAX_NAME = 51;

const SUFFIX = "supplemental-metadata";

/**
 * Copies Google makes besides the original, with no sidecar of their own: edited copies in each
 * language Takeout writes and the "creations" (from GPTH's list, immich-go's tests and issues).
 */
export const CREATION_SUFFIXES = [
  "edited",
  "effects",
  "smile",
  "mix",
  "motion",
  "animation",
  "collage",
  "bearbeitet",
  "modifié",
  "ha editado",
  "editado",
  "modificato",
  "bewerkt",
  "edytowane",
  "отредактировано",
  "編集済み",
  "编辑",
  "editat",
  "redigerad",
  "muokattu",
  "redigeret",
  "편집됨",
] as const;

/** A sidecar as the rule sees it: its parsed name, its `title`, and the time it gives. */
export interface SidecarName {
  /** The media name it describes, possibly cut short. */
  stem: string;
  /** Its duplicate number, 0 for none. */
  n: number;
  /** Whether Google cut its name to 51 units. */
  cut: boolean;
  /** Its `title` field (the original upload name), if any. */
  title?: string;
  /** Its `photoTakenTime.timestamp`, to tell whether two fitting sidecars disagree. */
  taken?: string;
}

/** What the rule decided for one media file. */
export type Pairing =
  | { kind: "sidecar"; index: number }
  | { kind: "ambiguous"; candidates: number[] }
  | { kind: "none" };

/** Splits `name(3).ext` into `name.ext` and 3 (0 when there is no number). */
export function splitDuplicate(name: string): { name: string; n: number } {
  const m = /^(.*)\((\d+)\)(\.[^.]*)?$/.exec(name);
  if (!m) return { name, n: 0 };
  return { name: m[1] + (m[3] ?? ""), n: Number(m[2]) };
}

/** Reads a sidecar file name: the media name it describes, its duplicate number, whether cut. */
export function parseSidecarName(fileName: string): { stem: string; n: number; cut: boolean } {
  let stem = fileName.normalize("NFC").replace(/\.json$/i, "");
  let n = 0;
  const number = () => {
    const dup = /\((\d+)\)$/.exec(stem);
    if (!dup) return;
    n = Number(dup[1]);
    stem = stem.slice(0, -dup[0].length);
  };
  number();
  const cut = stem.length + ".json".length >= MAX_NAME;
  const dot = stem.lastIndexOf(".");
  const tail = dot >= 0 ? stem.slice(dot + 1) : undefined;
  // ".supplemental-metadata", or what the cut left of it ("suppl", "s", "").
  if (
    tail !== undefined &&
    (tail === SUFFIX || (SUFFIX.startsWith(tail) && (cut || tail.length >= 2)))
  ) {
    stem = stem.slice(0, dot);
    // `IMG.HEIC(1).supplemental-metadata.json`: the number before the suffix.
    if (n === 0) number();
  }
  return { stem, n, cut };
}

/** Whether a sidecar's title names `name` (extension aside: Google may convert the file). */
function titleNames(title: string | undefined, name: string): boolean {
  if (title === undefined) return false;
  const t = title.normalize("NFC").toLowerCase();
  const m = name.toLowerCase();
  return t === m || stemOf(t) === stemOf(m) || t === stemOf(m);
}

/** A title that does not contradict `name`: absent, or naming it. */
function titleAllows(title: string | undefined, name: string): boolean {
  return title === undefined || titleNames(title, name);
}

/** One media name, taken apart once. */
interface Named {
  /** The whole name. */
  full: string;
  /** The name without its duplicate number. */
  plain: string;
  /** The duplicate number, 0 for none. */
  n: number;
}

function named(full: string): Named {
  const { name, n } = splitDuplicate(full);
  return { full, plain: name, n };
}

/**
 * A folder's sidecars as the rule looks them up: by index, by the name they describe, and by the
 * "other half" key of the photo they describe. {@linkcode folderLookup} builds one from a list; a
 * caller that keeps sidecars elsewhere (an index table) may answer the same questions its own way.
 */
export interface SidecarLookup {
  /** The sidecar at `index`. */
  at(index: number): SidecarName;
  /** The sidecars whose (possibly cut) stem is exactly `stem`, in the order they were added. */
  withStem(stem: string): readonly number[];
  /** The sidecars describing a photo whose {@linkcode halfKey} is `key`. */
  withHalfKey(key: string): readonly number[];
}

/** A lookup over `all` (maps built once: matching a folder stays linear in its size). */
export function folderLookup(all: readonly SidecarName[]): SidecarLookup {
  const byStem = new Map<string, number[]>();
  const byHalf = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  all.forEach((s, i) => {
    push(byStem, s.stem, i);
    if (mediaTypeOfName(s.stem)?.kind === "photo") push(byHalf, halfKey(s.stem), i);
  });
  return {
    at: (i) => all[i],
    withStem: (stem) => byStem.get(stem) ?? [],
    withHalfKey: (key) => byHalf.get(key) ?? [],
  };
}

/** The cut stems (8 units or more) that start `name`: every prefix looked up, not every sidecar. */
function cutPrefixesOf(name: string, lookup: SidecarLookup): number[] {
  const found: number[] = [];
  for (let end = 8; end <= name.length; end++) {
    for (const i of lookup.withStem(name.slice(0, end))) if (lookup.at(i).cut) found.push(i);
  }
  return found.sort((x, y) => x - y);
}

/** Sidecars describing the file by its own name: exact, numbered, or its title without extension. */
function ownTiers(m: Named, lookup: SidecarLookup): (() => number[])[] {
  const exact = () =>
    [
      ...lookup.withStem(m.full).filter((i) => lookup.at(i).n === 0),
      ...(m.n > 0 ? lookup.withStem(m.plain).filter((i) => lookup.at(i).n === m.n) : []),
    ].sort((x, y) => x - y);
  const cut = () =>
    [
      ...new Set([
        ...cutPrefixesOf(m.plain, lookup),
        ...(m.full === m.plain ? [] : cutPrefixesOf(m.full, lookup)),
      ]),
    ].filter((i) => {
      const s = lookup.at(i);
      // Same number: the cut stem must start the name and the title must not name another file.
      if (s.n === m.n && m.plain.startsWith(s.stem)) return titleAllows(s.title, m.plain);
      // A numbered file and an unnumbered cut sidecar: only a title naming the numbered file
      // itself says the number is part of its real name (`…_m(1).jpg` is another photo otherwise).
      return m.n > 0 && s.n === 0 && m.full.startsWith(s.stem) && titleNames(s.title, m.full);
    }).sort((x, y) => x - y);
  const plainBare = stemOf(m.plain);
  const bare = () =>
    plainBare === m.plain ? [] : lookup.withStem(plainBare).filter((i) => {
      const s = lookup.at(i);
      return s.n === m.n && !s.cut && titleAllows(s.title, plainBare);
    });
  return [exact, cut, bare];
}

/** `IMG-edited.jpg` → `IMG.jpg` (number kept); a name cut inside its suffix counts when at 51. */
function originalOf(m: Named): Named | undefined {
  const ext = extensionOf(m.plain);
  const base = stemOf(m.plain).normalize("NFC");
  const lower = base.toLowerCase();
  for (const suffix of CREATION_SUFFIXES) {
    let cutAt = -1;
    if (lower.endsWith(`-${suffix}`)) cutAt = base.length - suffix.length - 1;
    else if (m.plain.length >= MAX_NAME) {
      // Google cut the copy's name: `…_001-ha edi.JPG`.
      const dash = lower.lastIndexOf("-");
      const rest = lower.slice(dash + 1);
      if (dash > 0 && rest.length > 0 && suffix.startsWith(rest)) cutAt = dash;
    }
    if (cutAt > 0) {
      const plain = base.slice(0, cutAt) + ext;
      return { full: m.n ? `${base.slice(0, cutAt)}(${m.n})${ext}` : plain, plain, n: m.n };
    }
  }
  return undefined;
}

/**
 * Whether `name` is a copy Google made besides an original (`IMG-edited.jpg` in any language, or a
 * creation such as `IMG-effects.jpg`): such a copy never stands in for the original.
 */
export function isCreationCopy(name: string): boolean {
  return originalOf(named(name.normalize("NFC"))) !== undefined;
}

/** A video's still: sidecars describing a photo of the same other-half key and number. */
function stillTier(m: Named, lookup: SidecarLookup, siblings: ReadonlySet<string>): number[] {
  if (mediaTypeOfName(m.plain)?.kind !== "video") return [];
  const found = lookup.withHalfKey(halfKey(m.plain)).filter((i) => {
    const s = lookup.at(i);
    return s.n === m.n && titleAllows(s.title, s.stem);
  });
  // A still in the export is the likelier half than one only its sidecar tells of.
  const present = found.filter((i) => siblings.has(lookup.at(i).stem));
  return present.length ? present : found;
}

/** The tier's one answer: a single fit, or fits whose titles or times leave no doubt. */
function decide(tier: number[], lookup: SidecarLookup, name: string): Pairing | undefined {
  if (tier.length === 0) return undefined;
  if (tier.length === 1) return { kind: "sidecar", index: tier[0] };
  const named = tier.filter((i) => titleNames(lookup.at(i).title, name));
  const pool = named.length ? named : tier;
  const times = new Set(pool.map((i) => lookup.at(i).taken));
  if (pool.length === 1 || times.size === 1) return { kind: "sidecar", index: pool[0] };
  return { kind: "ambiguous", candidates: pool };
}

/**
 * Which of a folder's sidecars (`sidecars`) belongs to the media file `fileName`; `siblings` are the
 * media names of that folder. Tiers from the surest: its own name, its original's (edited and
 * creation copies), its still's (the video half of a live or motion photo).
 */
export function pairSidecar(
  fileName: string,
  sidecars: SidecarLookup | readonly SidecarName[],
  siblings: ReadonlySet<string> = new Set(),
): Pairing {
  const lookup = "withStem" in sidecars ? sidecars : folderLookup(sidecars);
  const m = named(fileName.normalize("NFC"));
  // Tiers are built one at a time: most files stop at the first.
  const tiers = function* (): Generator<[number[], string]> {
    for (const tier of ownTiers(m, lookup)) yield [tier(), m.plain];
    const original = originalOf(m);
    if (original) { for (const tier of ownTiers(original, lookup)) yield [tier(), original.plain]; }
    yield [stillTier(m, lookup, siblings), ""];
  };
  for (const [tier, name] of tiers()) {
    const decided = decide(tier, lookup, name);
    if (decided) return decided;
  }
  return { kind: "none" };
}
