/**
 * Help texts from the command table: the command list and global options of `gphotos-nas --help`,
 * and the Options of each command's help, so every flag a command accepts is listed (and none it
 * refuses). A command's own prose (what it does, exit codes, examples) stays in its module.
 *
 * @module
 */
import { COMMAND_TABLE, type CommandName, flagLines, GLOBAL_FLAGS } from "./table.ts";

/** `gphotos-nas --help`. */
export function mainHelp(version: string): string {
  const names = Object.keys(COMMAND_TABLE) as CommandName[];
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const commands = names.map((n) => `  ${n.padEnd(width)}${COMMAND_TABLE[n].summary}`).join("\n");
  return `gphotos-nas ${version} — back up Google Photos onto your NAS

Usage: gphotos-nas <command> [options]

Commands:
${commands}

Global options (before or after the command):
${flagLines(GLOBAL_FLAGS)}

Off a terminal every line starts with the time and the command
(2026-11-30T02:00:01+01:00 import: …); a run ends with a line
"summary: listed=… downloaded=… skipped=… failed=… pending=… bytes=… exit=N".

Exit codes: 0 done · 1 some items failed, or a host unreachable · 2 bad usage or config ·
            3 authorization needed · 4 library locked by another run · 5 Google's daily quota used up ·
            130/143 interrupted

Examples:
  gphotos-nas auth --client-secret ~/client_secret.json --no-browser
  gphotos-nas backup --dest /volume1/photos --log-file /volume1/photos/gphotos-nas.log
  gphotos-nas pick --dest /volume1/photos
  gphotos-nas import --inbox /volume1/takeout --dest /volume1/photos
`;
}

const GLOBAL_NOTE = "Global options (see gphotos-nas --help): " +
  Object.keys(GLOBAL_FLAGS).map((f) => `--${f}`).join(", ");

/**
 * A command's help: its prose with the Options block (up to the next blank line) replaced by the
 * table's flags, or the flags inserted before "Exit codes:" when the prose has no such block.
 */
export function commandHelp(name: CommandName, prose: string): string {
  const flags = COMMAND_TABLE[name].flags;
  const options = Object.keys(flags).length
    ? `Options:\n${flagLines(flags)}\n${GLOBAL_NOTE}\n\n`
    : `${GLOBAL_NOTE}\n\n`;
  const block = /^Options:\n(?:.+\n)*\n/m;
  if (block.test(prose)) return prose.replace(block, () => options);
  const exit = prose.indexOf("\nExit codes:");
  if (exit >= 0) return prose.slice(0, exit + 1) + options + prose.slice(exit + 1);
  return prose.replace(/\n*$/, "\n\n") + options.trimEnd() + "\n";
}
