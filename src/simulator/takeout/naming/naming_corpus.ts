/**
 * The naming corpus as a Takeout export: every case of `naming_corpus_*.ts` in a folder of its own
 * (every fifth one an album), each sidecar giving its own capture day, so a file paired with the wrong sidecar (or with none)
 * lands in a wrong folder. Sidecars are written before and after all media, so split parts hold
 * sidecars apart from their media.
 *
 * @module
 */
import { mediaTypeOfName } from "../../../media/mime.ts";
import { photoBytesSync, videoBytes } from "../../media.ts";
import { dayFolder, type FixtureFile } from "../exports.ts";
import type { NamingCase, Verdict } from "./naming_cases.ts";
import { albumMetadataJson, sha256, sidecarJson } from "../sidecar.ts";
import { ENTE_CASES } from "./naming_corpus_ente.ts";
import { GPTH_CASES } from "./naming_corpus_gpth.ts";
import { IMMICH_GO_CASES } from "./naming_corpus_immich.ts";

/** Every case of the corpus. */
export const NAMING_CASES: readonly NamingCase[] = [
  ...IMMICH_GO_CASES,
  ...GPTH_CASES,
  ...ENTE_CASES,
];

/** Where one media file of the corpus must land. */
export interface CorpusExpectation {
  /** Its case's number (1-based) and folder in the export. */
  caseNumber: number;
  /** Its file name. */
  name: string;
  /** SHA-256 of its bytes. */
  sha256: string;
  /** `YYYY/YYYY-MM-DD` (UTC) of the sidecar it must meet, or `unknown-date`. */
  folder: string;
  /** The case's verdict. */
  verdict: Verdict;
  /** The case's source. */
  source: string;
}

/** The corpus export: its files and where each media file must land. */
export interface CorpusExport {
  /** Files in archive order. */
  files: FixtureFile[];
  /** One per media file. */
  expected: CorpusExpectation[];
  /** Sidecars no file of their case may take. */
  unmatchedSidecars: number;
}

const FIRST_DAY = Date.UTC(2001, 0, 1, 12);
const DAY_MS = 86_400_000;

/** The folder of case `n` (1-based) in the export. */
export function corpusFolder(n: number): string {
  return `Takeout/Google Photos/Corpus ${String(n).padStart(3, "0")}`;
}

/** The corpus written as an export; `seed` varies the media bytes. */
export async function namingCorpusExport(seed = "corpus"): Promise<CorpusExport> {
  const early: FixtureFile[] = [];
  const media: FixtureFile[] = [];
  const late: FixtureFile[] = [];
  const expected: CorpusExpectation[] = [];
  let day = 0;
  let unmatchedSidecars = 0;
  for (const [i, c] of NAMING_CASES.entries()) {
    const n = i + 1;
    const dir = corpusFolder(n);
    const days = new Map<string, Date>();
    // Every fifth case is an album: a file moved to another day takes its album link along.
    if (n % 5 === 0) {
      early.push({ path: `${dir}/metadata.json`, bytes: albumMetadataJson(`Corpus ${n}`) });
    }
    for (const [sidecar, title] of Object.entries(c.sidecars)) {
      const taken = new Date(FIRST_DAY + day++ * DAY_MS);
      days.set(sidecar, taken);
      (n % 2 ? late : early).push({ path: `${dir}/${sidecar}`, bytes: sidecarJson(title, taken) });
    }
    const used = new Set(Object.values(c.media));
    unmatchedSidecars += [...days.keys()].filter((s) => !used.has(s)).length;
    for (const [j, [name, sidecar]] of Object.entries(c.media).entries()) {
      // Sizes differ from case to case: two undated files of one name are two items.
      const size = 2_000 + n * 16 + j;
      const kind = mediaTypeOfName(name)?.kind;
      const bytes = kind === "video"
        ? new Uint8Array(await new Response(videoBytes(`${seed}:${n}:${name}`, size)).arrayBuffer())
        : photoBytesSync(`${seed}:${n}:${name}`, size);
      media.push({ path: `${dir}/${name}`, bytes });
      const taken = sidecar === null ? undefined : days.get(sidecar);
      if (sidecar !== null && !taken) throw new Error(`case ${n}: no sidecar ${sidecar}`);
      expected.push({
        caseNumber: n,
        name,
        sha256: sha256(bytes),
        folder: taken ? dayFolder(taken, "UTC") : "unknown-date",
        verdict: c.verdict,
        source: c.source,
      });
    }
  }
  return { files: [...early, ...media, ...late], expected, unmatchedSidecars };
}
