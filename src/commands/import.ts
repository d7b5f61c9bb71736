/**
 * `gphotos-nas import`: Google Takeout exports into the library, straight from the archives.
 *
 * @module
 */
import { intFlag, parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { UsageError } from "../errors.ts";
import { buildAlbumLinks } from "../library/layout/albums.ts";
import type { Library } from "../library/mod.ts";
import type { MediaRecord } from "../media/record.ts";
import { inScope, type RunSummary } from "../run/pool.ts";
import { executeRun } from "../run/lifecycle.ts";
import { resolveSettings } from "../run/settings.ts";
import { setsFromPaths, type TakeoutSet } from "../sources/takeout/sets.ts";
import { planInbox } from "../sources/takeout/inbox.ts";
import { deleteSettledParts, recordParts } from "../sources/takeout/parts.ts";
import { UnpairedReport } from "./import_unpaired.ts";
import { type LearnedEntries, takeoutRecords } from "../sources/takeout/source.ts";
import { checkInputs, onlyTakeouts } from "../sources/takeout/inputs.ts";
import { leftOutAsLiveVideo, type LivePhotos } from "../library/layout/pairs.ts";
import { loadConfig } from "../config/config_file.ts";
import { relativePathInside } from "../library/disk/paths.ts";
import { statOrNull } from "../library/disk/place.ts";

/** `import --help`. */
export const help = `gphotos-nas import — import Google Takeout exports (original quality, complete)

Usage:
  gphotos-nas import PATH... --dest DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--media TYPE]
                     [--timezone IANA] [--albums links|none] [--delete-after] [--dry-run] [--json]
  gphotos-nas import --inbox DIR --dest DIR [--settle-seconds N] [--delete-after] [...]

PATH is a .zip, .tgz or .tar.gz part (all parts of an export together), or an extracted Takeout
folder, in any language Google exports in; anything else is refused before anything is written. Entries are read straight out of the archives: nothing is extracted to disk. Each file lands
once in its day folder (the sidecar's photoTakenTime, else EXIF DateTimeOriginal, else the upload
time, else unknown-date/), even when Takeout repeats it in album folders or a later export; sidecar
metadata (description, location, people, favourite, archived, trashed) and albums go to the index
and to an XMP sidecar beside each file (NAME.EXT.xmp, unless --no-xmp), and the original file is
never modified. A live photo's still and video (IMG_1234.HEIC + IMG_1234.MOV, PXL_….MP.jpg +
PXL_….MP) land side by side in the still's day folder and are recorded as a pair; with
--live-photos still-only the videos are left out (counted, not failed).

--inbox imports every part in DIR not imported yet, as it arrives: parts of one export (all files
named takeout-<timestamp>-…) may arrive hours apart, and a sidecar in a later part moves a photo
placed without it (in unknown-date/ or its EXIF day) to its day. A part with a .crdownload, .part
or .download sibling, or modified within the quiet period (--settle-seconds), waits for the next
run. Archives that are no Google Photos Takeout are skipped and left in place. Archives are deleted only with --delete-after, part by part, once every entry of the part is
in the library and verified.

Exit codes: 0 done · 1 some items or a corrupt export failed (the others were imported) ·
            2 bad usage · 4 library locked · 130/143 interrupted

Examples:
  gphotos-nas import ~/takeout-20261101T000000Z-001.zip ~/takeout-20261101T000000Z-002.zip --dest /volume1/photos
  gphotos-nas import --inbox /volume1/takeout-inbox --dest /volume1/photos --albums links
`;

/**
 * One export in this run. Of its records only what the after-run check reads is kept, and not in
 * memory: a Takeout key each (with, for a video `--live-photos still-only` may leave out, the few
 * fields the live-photo rule reads) goes to pass 1's temporary database, so memory stays flat
 * however many files the export holds.
 */
interface SetState {
  set: TakeoutSet;
  failure?: string;
  /** What each part holds, read from pass 1's temporary database (closed after the run). */
  entries?: LearnedEntries;
}

/** What {@linkcode leftOutAsLiveVideo} reads of a video record besides its kind. */
type LiveVideo = Pick<MediaRecord, "liveHalf" | "captureTime" | "filename">;

/** A video record's {@linkcode LiveVideo} fields, noted for the after-run check. */
function liveVideoDetail({ liveHalf, captureTime, filename }: MediaRecord): string {
  const video: LiveVideo = { liveHalf, captureTime, filename };
  return JSON.stringify(video);
}

/** Runs `import`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseFlags("import", args);
  const settings = await resolveSettings("import", values, ctx);
  if (values.albums !== undefined && values.albums !== "links" && values.albums !== "none") {
    throw new UsageError(`--albums: "${values.albums}" is not one of links, none`);
  }
  if (!values.inbox && positionals.length === 0) {
    throw new UsageError("import: name the Takeout archives or folder, or --inbox DIR");
  }
  if (values.inbox && positionals.length > 0) {
    throw new UsageError("import: give either archives or --inbox DIR, not both");
  }
  const settleMs = intFlag(
    "settle-seconds",
    values["settle-seconds"] ?? (await loadConfig(ctx.configDir, ctx.account.name)).settleSeconds,
    600,
    0,
    7 * 86400,
  ) * 1000;
  // Refused before the library is opened: nothing is written for input that is not an export.
  if (!values.inbox) await checkInputs(positionals, settings.dest);
  const states: SetState[] = [];
  const unpaired = new UnpairedReport();
  let unsettled = new Set<string>();
  let unchanged: TakeoutSet[] = [];
  let waiting: string[] = [];

  return await executeRun(ctx, settings, {
    command: "import",
    records: (library, _counter, progress) =>
      (async function* () {
        let known = 0;
        let sets: TakeoutSet[];
        if (values.inbox) {
          const plan = await planInbox(values.inbox, {
            settleMs,
            parts: library.index.parts,
            write: !settings.dryRun,
            now: new Date(),
          });
          waiting = plan.waiting;
          for (const line of waiting) ctx.log.info(`inbox: waiting: ${line}`);
          for (const set of plan.unchanged) {
            ctx.log.info(`inbox: ${set.key}: nothing new (its parts here were imported before)`);
          }
          unsettled = plan.unsettled;
          unchanged = plan.unchanged;
          sets = await onlyTakeouts(plan.ready, ctx.log);
        } else {
          sets = await setsFromPaths(positionals);
        }
        for (const set of sets) {
          const state: SetState = { set };
          states.push(state);
          const again = library.index.takeout.isImportSetDone(set.key) ? " again: new part(s)" : "";
          ctx.log.info(`import: reading ${set.key}${again} (${set.parts.length} part(s))`);
          try {
            const records = takeoutRecords(set, {
              timeZone: settings.timeZone,
              includeTrash: values["include-trash"],
              onTrashLeftOut: (n) =>
                ctx.log.info(
                  `import: ${n} item(s) in the trash left out (--include-trash imports them)`,
                ),
              // With a filter, some files of the set are left out: no total to count towards.
              onCount: settings.range || settings.media !== "all"
                ? undefined
                : (items) => progress.setTotal(known += items),
              onEntries: (entries) => state.entries = entries,
              onUnpaired: (found) => unpaired.add(set.key, found),
              signal: ctx.signal,
            });
            for await (const record of records) {
              const open = record.open;
              record.open = (signal) =>
                open(signal).catch((error) => {
                  state.failure ??= `${record.filename}: ${(error as Error).message}`;
                  throw error;
                });
              if (inScope(record, settings.range, settings.timeZone, settings.media)) {
                // The source tells what the set holds before its first record.
                if (!state.entries) throw new Error("its entries were not learned before a record");
                // Videos `--live-photos still-only` may leave out are decided after the run.
                const mayBeLeftOut = settings.livePhotos === "still-only" &&
                  record.kind === "video";
                state.entries.want(
                  record.sourceId,
                  mayBeLeftOut ? liveVideoDetail(record) : undefined,
                );
              }
              yield record;
            }
          } catch (error) {
            state.failure = (error as Error).message;
            // Stopped by a signal: the run says so once, for every set.
            if (ctx.signal.aborted) return;
            ctx.log.error(`import: ${set.key} failed: ${state.failure}; the other exports go on`);
          }
        }
      })(),
    after: async (library, summary) => {
      const imported: string[] = [];
      const deleted: string[] = [];
      // A filtered import leaves part of an export out, so the export is not done yet.
      const filtered = settings.range !== undefined || settings.media !== "all";
      for (const state of states) {
        const wanted = state.entries ? wantedKeys(library, state.entries, settings.livePhotos) : [];
        if (!state.failure && !verified(library, wanted)) {
          state.failure = "some of its files are not in the library";
        }
        // Pass 1's temporary database is closed (and so deleted) once its entries are recorded.
        try {
          if (!settings.dryRun) {
            await recordParts(library, state.set, state.entries, !filtered && !state.failure);
          }
        } finally {
          state.entries?.close();
        }
        if (settings.dryRun) continue;
        if (filtered && !state.failure) continue;
        recordSet(library, state, summary);
        if (state.failure) continue;
        imported.push(state.set.key);
        if (values["delete-after"]) {
          const unsettledSet = unsettled.has(state.set.key);
          deleted.push(...await deleteSettledParts(library, state.set, unsettledSet, ctx.log));
        }
      }
      // A part kept before (say, a library file differed) is looked at again once all is well.
      if (values["delete-after"] && !settings.dryRun && !filtered) {
        for (const set of unchanged) {
          deleted.push(...await deleteSettledParts(library, set, unsettled.has(set.key), ctx.log));
        }
      }
      let links = 0;
      if (values.albums === "links" && !settings.dryRun) {
        links = await buildAlbumLinks(library.dest, library.index);
      }
      if (!settings.dryRun) unpaired.report(ctx.log, summary, library.dest);
      if (summary.recognized > 0) {
        ctx.log.info(
          `import: ${summary.recognized} file(s) recognised as already in the library, ` +
            "without reading them",
        );
      }
      return {
        recognized: summary.recognized,
        unmatchedSidecars: unpaired.unmatchedSidecars,
        sets: states.length,
        importedSets: imported,
        deletedParts: deleted,
        waiting,
        albumLinks: links,
      };
    },
  });
}

/** Takeout keys looked up in the index at once by the after-run check. */
const CHECK_BATCH = 500;

/**
 * The Takeout keys noted for the after-run check; a video `--live-photos still-only` left out is
 * not missing (and its parts are kept).
 */
function* wantedKeys(
  library: Library,
  entries: LearnedEntries,
  livePhotos: LivePhotos,
): Generator<string> {
  for (const { sourceId, detail } of entries.wanted()) {
    if (detail !== undefined) {
      const noted = JSON.parse(detail) as LiveVideo & { captureTime: string | null };
      const video = {
        ...noted,
        kind: "video" as const,
        captureTime: noted.captureTime === null ? null : new Date(noted.captureTime),
      };
      if (leftOutAsLiveVideo(library.index, video, livePhotos)) continue;
    }
    yield sourceId;
  }
}

/** Every Takeout key is in the library: a done file, on disk with its recorded size. */
function verified(library: Library, sourceIds: Iterable<string>): boolean {
  const keys = sourceIds[Symbol.iterator]();
  while (true) {
    const batch: string[] = [];
    for (let next = keys.next(); !next.done; next = keys.next()) {
      if (batch.push(next.value) === CHECK_BATCH) break;
    }
    if (batch.length === 0) return true;
    const files = library.index.takeout.doneFiles(batch);
    for (const sourceId of batch) {
      const file = files.get(sourceId);
      if (!file) return false;
      // Synchronous: an async stat per file handed each to a thread and back.
      const info = statOrNull(relativePathInside(library.dest, file.relPath));
      if (!info?.isFile || info.size !== file.size) return false;
    }
  }
}

function recordSet(library: Library, state: SetState, summary: RunSummary): void {
  if (state.failure) {
    summary.failed++;
    summary.failures.push({ name: state.set.key, reason: state.failure });
  }
  library.index.takeout.recordImportSet(state.set.key, {
    parts: state.set.parts,
    bytes: state.set.bytes,
    status: state.failure ? "failed" : "done",
    detail: state.failure,
  });
}
