/**
 * Safe file names from names nobody sanitized (contract: "Names and dates"). A name that is already
 * safe is kept exactly; otherwise path separators, control characters and Windows-reserved
 * characters become `_`, trailing dots and spaces go, Windows device names get a `_` after the base
 * name, empty names are built from the item id, the result is NFC and at most 255 bytes with its
 * extension kept.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { extensionForMime } from "../../media/mime.ts";
import { extensionOf, stemOf } from "../../media/stem.ts";

/** The longest name, in UTF-8 bytes, that Linux, SMB and Windows clients all accept. */
export const MAX_NAME_BYTES = 255;

// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
const DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** Splits `name.ext` (a leading dot is part of the base, not an extension). */
function splitExtension(name: string): [string, string] {
  const extension = extensionOf(name);
  // Longer than any extension: the name merely has a dot in it.
  if (extension === "" || extension.length > 16) return [name, ""];
  return [stemOf(name), extension];
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character or a combining mark. */
function cutBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  const segments = new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text);
  let out = "";
  let bytes = 0;
  for (const { segment } of segments) {
    const size = byteLength(segment);
    if (bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

function idName(id: string): string {
  const cleaned = id.normalize("NFC").replace(UNSAFE, "_").replace(/[. ]+$/, "");
  return cleaned === "" ? "item" : cleaned;
}

/** Fits `base + ext` into {@linkcode MAX_NAME_BYTES}, shortening the base. */
function fit(base: string, ext: string): string {
  const room = MAX_NAME_BYTES - byteLength(ext);
  return cutBytes(base, Math.max(1, room)) + ext;
}

/**
 * A name safe on Linux, SMB and Windows for `raw`. `fallbackId` names items whose name is empty,
 * `.` or `..`; `mimeType` then gives the extension.
 */
export function safeFilename(raw: string, fallbackId: string, mimeType?: string): string {
  let name = raw.normalize("NFC").replace(UNSAFE, "_").replace(/[. ]+$/, "");
  if (name === "" || /^\.+$/.test(name) || /^_*$/.test(name) && raw.trim() === "") {
    name = idName(fallbackId) + (mimeType ? extensionForMime(mimeType) ?? "" : "");
  }
  const [base, ext] = splitExtension(name);
  const safeBase = DEVICE.test(base) ? `${base}_` : base;
  return fit(safeBase, ext);
}

/** The case-insensitive key under which names (or relative paths) must be unique. */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLowerCase().normalize("NFC");
}

/** `name` with `_suffix` before its extension, still within 255 bytes. */
export function withSuffix(name: string, suffix: string): string {
  const [base, ext] = splitExtension(name);
  return fit(base, `_${suffix}${ext}`);
}

/** A short, deterministic suffix from an item id: 8 characters of base-36 SHA-256. */
export function collisionSuffix(id: string): string {
  const digest = createHash("sha256").update(id).digest();
  return digest.readBigUInt64BE(0).toString(36).padStart(8, "0").slice(-8);
}

/** How many names {@linkcode freeName} tries before it gives up: a folder is never that crowded. */
const NAME_TRIES = 100;

/**
 * The one rule for a free name in a folder, used wherever the library gives a name (the writer, album
 * links, layout migration): `wanted` itself; else `_<collisionSuffix(id)>` before the extension, so
 * that the name depends on the item and not on how many others came first; else that suffix with
 * `-2`, `-3`, … (a foreign file already holds the suffixed name).
 *
 * `taken(path, key)` gets each candidate `folder/name` and its case-insensitive key (compare keys,
 * not paths, so that `IMG.JPG` and `img.jpg` never both exist) and answers whether the name belongs
 * to something else. Returns the first candidate path that is not taken, or `undefined` when 100
 * candidates are all taken.
 */
export function freeName(
  folder: string,
  wanted: string,
  id: string,
  taken: (path: string, key: string) => boolean,
): string | undefined {
  // Computed only for a name that is taken (a hash per file cost the common case ~50 µs).
  let suffix = "";
  for (let n = 0; n < NAME_TRIES; n++) {
    if (n === 1) suffix = collisionSuffix(id);
    const name = n === 0 ? wanted : withSuffix(wanted, n === 1 ? suffix : `${suffix}-${n}`);
    const path = `${folder}/${name}`;
    if (!taken(path, nameKey(path))) return path;
  }
  return undefined;
}
