/**
 * What `verify` does not count as an unknown file: what NAS systems and desktops drop into every
 * shared folder (Synology's `@eaDir`, QNAP's `.@__thumb`, macOS `._*` files, Windows `Thumbs.db`,
 * recycle bins and snapshots), plus the user's own `--ignore` globs and config.json `ignore` list.
 *
 * @module
 */
import { UsageError } from "../errors.ts";

/**
 * Names that NAS systems and desktop clients create beside the photos. Each one matches a file or
 * folder of that name at any depth; a matching folder is skipped whole.
 */
export const BUILTIN_IGNORES: readonly string[] = [
  "@eaDir", // Synology Photos / indexing thumbnails
  "#recycle", // Synology recycle bin
  "#snapshot", // Synology snapshots shown in the share
  "@Recycle", // QNAP recycle bin
  "@Recently-Snapshot", // QNAP snapshots shown in the share
  ".@__thumb", // QNAP thumbnails
  ".streams", // macOS SMB alternate data streams
  ".DS_Store", // macOS Finder
  "._*", // macOS AppleDouble resource forks
  "Thumbs.db", // Windows Explorer thumbnails
  "desktop.ini", // Windows Explorer folder settings
  "lost+found", // fsck on ext4 volumes
  ".Trash-*", // Linux desktop trash on removable volumes
];

/** Decides whether a path of the library is something to leave out of the unknown files. */
export interface IgnoreRules {
  /** `relPath` is `/`-separated and relative to DEST. */
  ignores(relPath: string): boolean;
}

/** `*`, `?`, `[…]` and `**` (any number of folders) to a regular expression over `/` paths. */
function globToRegExp(glob: string, flags: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) source += "\\[";
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, flags);
}

/** Checks one `--ignore` or config.json pattern; `where` names its origin in the message. */
export function validateIgnoreGlob(glob: unknown, where: string): string {
  if (typeof glob !== "string" || glob.trim() === "" || glob.includes("\0")) {
    throw new UsageError(
      `Cannot use the ignore pattern ${JSON.stringify(glob)} from ${where}: ` +
        'give a non-empty glob such as "*.tmp" or "Scans/**"',
    );
  }
  return glob;
}

/**
 * The built-in list plus `globs`. A glob without `/` matches a file or folder name at any depth
 * (like `.gitignore`); one with `/` (a leading one anchors a name) matches the path from DEST
 * (`**` spans folders). Built-in names
 * match case-insensitively, since SMB clients write them in any case.
 */
export function ignoreRules(globs: readonly string[] = []): IgnoreRules {
  const byName = BUILTIN_IGNORES.map((g) => globToRegExp(g, "i"));
  const byPath: RegExp[] = [];
  for (const glob of globs) {
    const trimmed = glob.replace(/^\/+/, "").replace(/\/+$/, "");
    if (glob.startsWith("/") || trimmed.includes("/")) byPath.push(globToRegExp(trimmed, ""));
    else byName.push(globToRegExp(trimmed, ""));
  }
  return {
    ignores(relPath) {
      const parts = relPath.split("/");
      if (parts.some((part) => byName.some((re) => re.test(part)))) return true;
      for (let i = 1; i <= parts.length; i++) {
        const prefix = parts.slice(0, i).join("/");
        if (byPath.some((re) => re.test(prefix))) return true;
      }
      return false;
    },
  };
}
