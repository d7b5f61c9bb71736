/**
 * What an import could not date or match, said in one line so that nothing is silent: the files it
 * placed in `unknown-date/`, the sidecars that matched no file, and the files two sidecars fitted
 * equally (left undated rather than dated by another photo's sidecar). Names follow: the ambiguous
 * files always, the unmatched sidecars with `--verbose`.
 *
 * @module
 */
import { join } from "node:path";
import type { RunSummary } from "../run/pool.ts";
import type { Logger } from "../ui/log.ts";
import { UNKNOWN_DATE_FOLDER } from "../library/disk/paths.ts";

/** Collects, set by set, what the Takeout source left unpaired. */
export class UnpairedReport {
  readonly #sidecars: string[] = [];
  readonly #ambiguous: string[] = [];

  /** Adds what one set left unpaired (paths inside its archives). */
  add(setKey: string, unpaired: { sidecars: string[]; ambiguous: string[] }): void {
    this.#sidecars.push(...unpaired.sidecars.map((path) => `${setKey}: ${path}`));
    this.#ambiguous.push(...unpaired.ambiguous.map((path) => `${setKey}: ${path}`));
  }

  /** Sidecars that matched no file, in every set of the run. */
  get unmatchedSidecars(): number {
    return this.#sidecars.length;
  }

  /** Logs the one line (`dest`: the library, to name the folder to list), and the names. */
  report(log: Logger, summary: RunSummary, dest: string): void {
    log.info(
      `import: ${summary.undated} file(s) went to ${UNKNOWN_DATE_FOLDER}/, ` +
        `${this.#sidecars.length} sidecar(s) matched no file` +
        (this.#ambiguous.length
          ? `, ${this.#ambiguous.length} file(s) left undated because two sidecars fit them`
          : "") +
        (summary.redated
          ? `, ${summary.redated} file(s) moved to the day their sidecar gives`
          : "") +
        (summary.undated || this.#sidecars.length
          ? ` (names: ls ${join(dest, UNKNOWN_DATE_FOLDER)}/; unmatched sidecars with --verbose)`
          : ""),
    );
    for (const name of this.#ambiguous) log.info(`import: two sidecars fit ${name}: left undated`);
    for (const name of this.#sidecars) log.verbose(`import: sidecar matched no file: ${name}`);
  }
}
