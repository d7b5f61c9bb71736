/**
 * The one rule that splits a file name into its stem and its extension: the extension starts at
 * the name's last dot, unless that dot opens the name (`.hidden` has none), so `A.MP.jpg` is
 * `A.MP` + `.jpg` and `my.photo.jpg` is `my.photo` + `.jpg`. Every comparison of names "without
 * their extension" uses it: an original and its API copy (writer/upgrade.ts), a Takeout sidecar's
 * title and its media file (sources/takeout/pairing.ts), a live photo's halves
 * ({@linkcode halfKey} in live_halves.ts), the part of a name kept when a long one is cut
 * (library/layout/names.ts).
 *
 * @module
 */

/** Where the extension of `name` begins, or -1 when it has none. */
function extensionAt(name: string): number {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? dot : -1;
}

/** `name` without its extension (case kept). */
export function stemOf(name: string): string {
  const at = extensionAt(name);
  return at < 0 ? name : name.slice(0, at);
}

/** The extension of `name` with its dot (case kept), or "" when it has none. */
export function extensionOf(name: string): string {
  const at = extensionAt(name);
  return at < 0 ? "" : name.slice(at);
}

/** The stem of `name` as names are compared: Unicode NFC, lower case. */
export function foldedStem(name: string): string {
  return stemOf(name.normalize("NFC").toLowerCase());
}
