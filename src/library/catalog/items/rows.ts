/**
 * The shapes of the index's item and file rows as the rest of the library sees them: a file row
 * (`reserved` until its bytes are on disk, then `done`), what a check of its bytes needs, what the
 * writer records when a file is complete or reserves a name, and the reading of a raw row.
 *
 * @module
 */
import type { MediaKind } from "../../../media/record.ts";
import type { Row } from "../statements.ts";

/** A file the library holds or has reserved a name for. */
export interface FileRow {
  /** Row id. */
  id: number;
  /** Path relative to DEST, with `/` separators. */
  relPath: string;
  /** `reserved` until the bytes are on disk under `relPath`, then `done`. */
  state: "reserved" | "done";
  /** Size in bytes (done files). */
  size: number | null;
  /** Hex SHA-256 of the content (done files). */
  sha256: string | null;
  /** Capture time as ISO-8601, or null when unknown. */
  captureTime: string | null;
  /** MIME type. */
  mimeType: string | null;
  /** Photo or video. */
  kind: MediaKind | null;
  /** When the bytes were written, ISO-8601. */
  fetchedAt: string | null;
  /** Placed without its sidecar: a sidecar seen later may move it to its day. */
  provisional: boolean;
}

/** A done file as a check of its bytes sees it. */
export type StoredFile = Pick<FileRow, "id" | "relPath" | "sha256"> & { size: number };

/** What the writer records when a file is complete. */
export interface DoneFile {
  /** Size in bytes. */
  size: number;
  /** Hex SHA-256. */
  sha256: string;
}

/** Fields the writer needs to reserve a name. */
export interface Reservation {
  /** Which source brought the item. */
  source: string;
  /** The source's id for it. */
  sourceId: string;
  /** The raw filename from the source. */
  filename: string;
  /** Chosen path relative to DEST. */
  relPath: string;
  /** Case-insensitive key of `relPath`, unique in the index. */
  nameKey: string;
  /** ISO-8601 capture time or null. */
  captureTime: string | null;
  /** MIME type. */
  mimeType: string;
  /** Photo or video. */
  kind: MediaKind;
  /** Source metadata to keep. */
  metadata?: Record<string, unknown>;
  /** Placed without its sidecar. */
  provisional?: boolean;
  /** CRC-32 of the bytes as the source's archive declares it. */
  crc32?: number;
}

/** A known item: its file, and its row's CRC-32 and metadata (JSON) where recorded. */
export interface KnownItem {
  /** The file it maps to. */
  file: FileRow;
  /** The CRC-32 recorded for its bytes. */
  crc32?: number;
  /** Its source metadata, as stored. */
  metadata?: string;
}

/** A file row as the index returns it, typed. */
export function toFileRow(row: Row): FileRow {
  return {
    id: Number(row.id),
    relPath: String(row.rel_path),
    state: row.state as FileRow["state"],
    size: row.size === null ? null : Number(row.size),
    sha256: row.sha256 as string | null,
    captureTime: row.capture_time as string | null,
    mimeType: row.mime_type as string | null,
    kind: row.kind as MediaKind | null,
    fetchedAt: row.fetched_at as string | null,
    provisional: Number(row.provisional ?? 0) === 1,
  };
}

/** {@linkcode toFileRow} of a row, if there is one. */
export function fileOrUndefined(row: unknown): FileRow | undefined {
  return row ? toFileRow(row as Row) : undefined;
}
