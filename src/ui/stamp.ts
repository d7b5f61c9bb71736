/**
 * The prefix of every line a scheduler keeps (docs/CONTRACT.md): an ISO-8601 local time with its
 * offset and the command, `2026-11-30T02:00:01+01:00 import: …`, so that a log file or a mail read
 * days later says when and which job said what.
 *
 * @module
 */

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `date` as local ISO-8601 with seconds and the zone's offset (the zone is `TZ`'s). */
export function localTimestamp(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Prefixes every line of `text` (whole lines, ending in a newline) with the time and command. */
export function stampLines(text: string, command: string, date: Date): string {
  const prefix = `${localTimestamp(date)} ${command}: `;
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return body.split("\n").map((line) => prefix + line).join("\n") + "\n";
}
