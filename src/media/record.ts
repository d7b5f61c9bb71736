/**
 * The media record: the one shape every source (Library API, Picker, Takeout) yields and the library
 * writer consumes.
 *
 * @module
 */

/** Where a record came from. */
export type SourceName = "library" | "picker" | "takeout";

/**
 * The sources whose ids name the same media as `source`'s ids: Library API and Picker ids are both
 * Google media ids, so an item fetched through one is known to the other; Takeout keys are its own.
 */
export function sourcesSharingIds(source: SourceName): SourceName[] {
  return source === "takeout" ? ["takeout"] : ["library", "picker"];
}

/** Photo or video. */
export type MediaKind = "photo" | "video";

/**
 * How the library may tell, before fetching anything, that it already holds a record's item. The
 * source decides, because only it knows what its ids and names promise; identical bytes are stored
 * once in any case, after fetching.
 *
 * - `"id"`: only an item the index holds under this source's id is the same item.
 * - `"id-or-name-time-size"`: that, or a done file with the same original filename, capture time and
 *   size. Google hands out a new id when an item is picked again but keeps those three; a Takeout
 *   original must not use this, since Google's re-encoded copy can share all three with it.
 */
export type MatchRule = "id" | "id-or-name-time-size";

/** The bytes of one attempt at reading a record, as a stream. */
export interface StreamedMedia {
  /** The byte stream; the writer consumes it exactly once. */
  body: ReadableStream<Uint8Array>;
  /** The size the source promises (Content-Length, archive entry size), checked after streaming. */
  size?: number;
}

/**
 * All the bytes, already in hand and checked by the source (a small archive entry): written in one
 * step, with no stream per file.
 */
export interface WholeMedia {
  /** The bytes. */
  bytes: Uint8Array;
  /** The size the source promises, checked like a stream's. */
  size?: number;
}

/** The bytes of one attempt, streamed or whole. */
export type OpenedMedia = StreamedMedia | WholeMedia;

/** One media item as a source describes it. */
export interface MediaRecord {
  /** Which source yielded it. */
  source: SourceName;
  /** Google's media id, or for Takeout a stable key of the entry. */
  sourceId: string;
  /** The name the source gives; never trusted as a path. */
  filename: string;
  /** When it was taken; `null` sends it to `unknown-date/`. */
  captureTime: Date | null;
  /**
   * `captureTime` is the UTC instant the source knows (a Takeout sidecar's `photoTakenTime`), not
   * a wall time read from the file: with the file's local EXIF time it gives the capture offset.
   */
  captureInstant?: boolean;
  /** The MIME type the source reports. */
  mimeType: string;
  /** Photo or video. */
  kind: MediaKind;
  /** False for a video Google is still processing: counted pending, fetched on a later run. */
  ready: boolean;
  /** How the library may recognise the item as one it already holds. */
  match: MatchRule;
  /** The size in bytes when known before download. */
  size?: number;
  /**
   * CRC-32 of the bytes when the source's directory declares it (a zip part's central directory):
   * part of the item's identity, so a changed file with the same id is stored, never skipped.
   */
  crc32?: number;
  /** Source metadata worth keeping in the index (sidecar fields, camera, description). */
  metadata?: Record<string, unknown>;
  /**
   * Top-level keys of `metadata` that say where the record was read from, not what the media is
   * (a Takeout export's name): a change in them alone does not rewrite the index or a sidecar.
   */
  provenance?: readonly string[];
  /**
   * Set when the source could not make sense of the item (no id, no URL): the item fails alone with
   * this reason and nothing is written for it.
   */
  invalid?: string;
  /**
   * The source placed the item without the metadata that would date it for sure (a Takeout sidecar
   * in a part not read yet): the library marks the file provisional, and a later record with the
   * same bytes and this metadata moves it to its day.
   */
  provisional?: boolean;
  /**
   * The start every id an earlier version may have given this same file shares (Takeout: its name
   * and size; the rest of the id came from the sidecar an older pairing rule chose). A file the
   * library holds under such an id is moved to where this record belongs.
   */
  earlierIdPrefix?: string;
  /**
   * Which half of a live or motion photo the item is, when its source saw both halves side by
   * side (`IMG_1234.HEIC` and `IMG_1234.MOV` in one Takeout folder).
   */
  liveHalf?: "still" | "video";
  /**
   * Google's edited copy of a photo (Takeout's `IMG-edited.jpg`, which shares its original's
   * sidecar and so its Google id): never the original, so it never replaces Google's copy.
   */
  editedCopy?: boolean;
  /** Album names the item belongs to, where the source knows them. */
  albums?: string[];
  /**
   * Called once the writer is done with the record, whatever the outcome. A sequential source (a
   * `.tgz` stream) waits for it before it moves past the record's bytes.
   */
  release?(): void;
  /**
   * Opens the bytes for one attempt. Called again for each retry, so a source may renew an expired
   * URL here.
   */
  open(signal: AbortSignal): Promise<OpenedMedia>;
}
