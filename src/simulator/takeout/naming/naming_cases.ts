/**
 * The shape of the naming corpus: real Takeout file names gathered from peers' public tests,
 * listings and issues (immich-go, Google Photos Takeout Helper and its fork "GPTH neo", ente), each
 * with its source and whether the peers agree on which sidecar belongs to which file. Facts only
 * (names, pairings), never their code. `naming_corpus.ts` turns the cases into an export.
 *
 * @module
 */

/** Whether the peers that cover a case agree on its pairing, or some pair it differently. */
export type Verdict = "agreed" | "disputed";

/** One case: a folder of media files and sidecars, and which sidecar each file must meet. */
export interface NamingCase {
  /** Where it comes from: `owner/repo path` or `owner/repo#issue`. */
  source: string;
  /** Agreed by the peers, or disputed (then `note` says who pairs it how, and what we do). */
  verdict: Verdict;
  /** Why it is disputed, or what it shows. */
  note?: string;
  /** Each sidecar file name and the `title` it carries (the original upload name). */
  sidecars: Record<string, string>;
  /** Each media file name and the sidecar it must meet (null: none, the file stays undated). */
  media: Record<string, string | null>;
}

/**
 * A case of one media file and the sidecar it meets (`null` for a sidecar it must not take).
 * The title defaults to the media name, without its duplicate number when the sidecar carries it.
 */
export function pair(
  source: string,
  media: string,
  sidecar: string,
  options: { title?: string; verdict?: Verdict; note?: string; refused?: boolean } = {},
): NamingCase {
  const numbered = /\(\d+\)\.json$/.test(sidecar) && /\(\d+\)(\.[^.]*)?$/.test(media);
  const title = options.title ?? (numbered ? media.replace(/\(\d+\)(\.[^.]*)?$/, "$1") : media);
  return {
    source,
    verdict: options.verdict ?? "agreed",
    note: options.note,
    sidecars: { [sidecar]: title },
    media: { [media]: options.refused ? null : sidecar },
  };
}

/** A case of a media file that must not take the sidecar beside it (another file's). */
export function refuse(
  source: string,
  media: string,
  sidecar: string,
  title: string,
  options: { verdict?: Verdict; note?: string } = {},
): NamingCase {
  return pair(source, media, sidecar, { ...options, title, refused: true });
}

/** A case of several files and sidecars, written out. */
export function folder(
  source: string,
  sidecars: Record<string, string>,
  media: Record<string, string | null>,
  options: { verdict?: Verdict; note?: string } = {},
): NamingCase {
  return { source, verdict: options.verdict ?? "agreed", note: options.note, sidecars, media };
}
