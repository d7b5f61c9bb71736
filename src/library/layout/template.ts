/**
 * Where an item's file goes: a folder template (`{yyyy}/{yyyy}-{mm}-{dd}` by default) filled with
 * the capture day in the library's zone, or `unknown-date` for items without a usable time.
 *
 * @module
 */
import { isAbsolute } from "node:path";
import { UsageError } from "../../errors.ts";
import { localDay } from "../../time/zones.ts";
import { UNKNOWN_DATE_FOLDER } from "../disk/paths.ts";

/** The default folder template. */
export const DEFAULT_LAYOUT = "{yyyy}/{yyyy}-{mm}-{dd}";

/** A parsed template. */
export interface Layout {
  /** The template text. */
  template: string;
  /** Its `/`-separated segments. */
  segments: string[];
}

const TOKEN = /\{([a-z]+)\}/g;
const KNOWN = new Set(["yyyy", "mm", "dd"]);

/** Parses and validates a folder template. */
export function parseLayout(template: string): Layout {
  const bad = (why: string) =>
    new UsageError(
      `--layout: "${template}" ${why}; e.g. {yyyy}/{yyyy}-{mm}-{dd} or {yyyy}/{mm}/{dd}`,
    );
  if (template.startsWith("/") || isAbsolute(template)) throw bad("must be a relative template");
  const segments = template.split("/");
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === "..") {
      throw bad("has an empty or dot segment");
    }
    // deno-lint-ignore no-control-regex
    if (/[\\<>:"|?*\u0000-\u001f]/.test(segment.replace(TOKEN, ""))) {
      throw bad("has characters not allowed in folder names");
    }
    for (const [, token] of segment.matchAll(TOKEN)) {
      if (!KNOWN.has(token)) {
        throw bad(`has the unknown token {${token}} (known: {yyyy} {mm} {dd})`);
      }
    }
  }
  if (!template.includes("{yyyy}")) throw bad("must contain {yyyy}");
  return { template, segments };
}

/** The folder (relative, `/`-separated) of an item taken at `captureTime`. */
export function folderFor(layout: Layout, captureTime: Date | null, timeZone: string): string {
  if (!captureTime || Number.isNaN(captureTime.getTime())) return UNKNOWN_DATE_FOLDER;
  const day = localDay(captureTime, timeZone);
  const values: Record<string, string> = {
    yyyy: String(day.year).padStart(4, "0"),
    mm: String(day.month).padStart(2, "0"),
    dd: String(day.day).padStart(2, "0"),
  };
  return layout.segments.map((s) => s.replace(TOKEN, (_, t: string) => values[t])).join("/");
}
