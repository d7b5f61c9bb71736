/**
 * Takeout's own small files (sidecars, album `metadata.json`) read within a cap: a real one is a
 * few KB, so an entry that holds more (whatever its header says) is not read into memory at all
 * beyond the cap. Such an entry, or a damaged one, fails alone as a record of its own, so that the
 * run names it and its media file is still imported (dated from EXIF, as without a sidecar).
 *
 * @module
 */
import { ItemError } from "../../../errors.ts";
import type { MediaRecord } from "../../../media/record.ts";
import type { ArchiveEntry } from "./mod.ts";
import { EntryError } from "./zip.ts";

/** The most a sidecar or album `metadata.json` is read for. */
export const SIDECAR_CAP = 4 * 1024 * 1024;

/** A Takeout file that could not be read, and why. */
export interface Unreadable {
  /** The entry. */
  entry: ArchiveEntry;
  /** Why (its message names the entry and the part). */
  error: ItemError;
}

/**
 * The text of a sidecar entry, or undefined when it is larger than `cap` or damaged: it is then
 * added to `unreadable`, to fail alone.
 */
export async function readSidecarText(
  entry: ArchiveEntry,
  unreadable: Unreadable[],
  cap = SIDECAR_CAP,
): Promise<string | undefined> {
  try {
    return await readCapped(entry, cap);
  } catch (error) {
    if (!(error instanceof ItemError)) throw error;
    unreadable.push({ entry, error });
  }
}

async function readCapped(entry: ArchiveEntry, cap: number): Promise<string> {
  const unreadable = (problem: string) =>
    new ItemError(
      `Cannot read ${entry.path} from ${entry.part}: ${problem}; its metadata was left out — ` +
        "download this part again",
    );
  const tooLarge = () =>
    unreadable(`it holds more than ${cap / 2 ** 20} MiB, which no Takeout sidecar does`);
  if (entry.size > cap) throw tooLarge();
  const whole = await entry.readWhole?.().catch((error) => {
    throw error instanceof EntryError ? unreadable(error.problem) : error;
  });
  if (whole) return new TextDecoder().decode(whole);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = entry.open().getReader();
  for (;;) {
    const { done, value } = await reader.read().catch((error) => {
      throw error instanceof EntryError ? unreadable(error.problem) : error;
    });
    if (done) break;
    size += value.length;
    if (size > cap) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(bytes);
}

/** One record per unreadable file, each failing alone with its error's message. */
export function* unreadableRecords(setKey: string, list: Unreadable[]): Generator<MediaRecord> {
  for (const { entry, error } of list) yield unreadableRecord(setKey, entry, error);
}

function unreadableRecord(setKey: string, entry: ArchiveEntry, error: Error): MediaRecord {
  const name = entry.path.slice(entry.path.lastIndexOf("/") + 1);
  return {
    source: "takeout",
    sourceId: `unreadable:${setKey}:${entry.path}`,
    filename: name,
    captureTime: null,
    mimeType: "application/json",
    kind: "photo",
    ready: true,
    match: "id",
    invalid: error.message,
    open: () => Promise.reject(error),
  };
}
