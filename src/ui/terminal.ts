/**
 * The one writer of stderr. On a terminal it keeps a live region at the bottom (the progress bar,
 * the picker's spinner) and prints every other line above it, so that nothing printed (a URL, a QR
 * code, a warning, the Ctrl-C notice, the summary) is ever overwritten. Off a terminal it writes
 * text as it comes, each line stamped with the time and the command, and has no live region, so a
 * log never holds an escape code. Printed lines are also copied, stamped, to `--log-file`.
 *
 * @module
 */
import type { LogFile } from "./log_file.ts";
import { stampLines } from "./stamp.ts";

/** One part of the live region, e.g. the progress bar or the spinner. */
export interface LiveSlot {
  /** Replaces this slot's lines and redraws the region. */
  set(lines: string[]): void;
  /** Removes this slot's lines from the region. */
  clear(): void;
}

/** Where every human-readable byte goes. */
export interface Terminal {
  /** Whether a live region is drawn (stderr is a terminal). */
  readonly isTty: boolean;
  /** Prints whole lines above the live region; they are never erased. */
  print(text: string): void;
  /** A new slot at the bottom of the live region (drawn only on a terminal). */
  slot(): LiveSlot;
  /** Erases the live region for good (the process is exiting). */
  end(): void;
}

/** Options of {@linkcode createTerminal}. */
export interface TerminalOptions {
  /** Draw the live region. */
  isTty: boolean;
  /** Writes bytes out. */
  write(text: string): void;
  /** The terminal's width (default 80). */
  columns?(): number;
  /** Off a terminal, printed lines get this command's name and the time in front (docs/CONTRACT.md). */
  command?(): string | undefined;
  /** Also receives every printed line, stamped (the `--log-file`). */
  tee?(text: string): void;
  /** The clock (tests). */
  now?(): Date;
}

// deno-lint-ignore no-control-regex -- escape codes are what it matches
const ESCAPE = /\x1b\[[0-9;?]*[A-Za-z]/y;

/**
 * Cuts a line to `width` visible characters, escape codes not counted. A live line must never
 * wrap: the region is erased by moving up one row per line, and a wrapped line would leave a row
 * behind (or erase a printed one).
 */
export function fitLine(line: string, width: number): string {
  let out = "";
  let visible = 0;
  let i = 0;
  while (i < line.length) {
    ESCAPE.lastIndex = i;
    const escape = ESCAPE.exec(line);
    if (escape) {
      out += escape[0];
      i += escape[0].length;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(i)!);
    if (visible === width) return out + "\x1b[0m";
    out += char;
    visible++;
    i += char.length;
  }
  return out;
}

/** Builds a terminal over `write`; tests use it with a fake sink. */
export function createTerminal(options: TerminalOptions): Terminal {
  const slots: string[][] = [];
  let drawn = 0;
  // The cursor rests at the end of the region's last line: erasing clears that line, then each line
  // above it, and leaves the cursor at the start of the region's first row.
  const erase = () => drawn === 0 ? "" : "\r\x1b[2K" + "\x1b[1A\x1b[2K".repeat(drawn - 1);
  const draw = () => {
    // One column kept free: a line filling the last column would leave the cursor pending a wrap.
    const width = Math.max((options.columns?.() ?? 80) - 1, 10);
    const lines = slots.flat().map((line) => fitLine(line, width));
    drawn = lines.length;
    return lines.join("\n");
  };
  return {
    isTty: options.isTty,
    print(text) {
      const command = options.command?.();
      if (command !== undefined && (!options.isTty || options.tee)) {
        const stamped = stampLines(text, command, options.now?.() ?? new Date());
        options.tee?.(stamped);
        if (!options.isTty) text = stamped;
      }
      if (!options.isTty || drawn === 0) {
        options.write(text);
        return;
      }
      const whole = text.endsWith("\n") ? text : text + "\n";
      options.write(erase() + whole + draw());
    },
    slot() {
      const lines: string[] = [];
      slots.push(lines);
      const replace = (next: string[]) => {
        const same = next.length === lines.length && next.every((line, i) => line === lines[i]);
        if (!options.isTty || same) return;
        lines.splice(0, lines.length, ...next);
        const out = erase() + draw();
        if (out) options.write(out);
      };
      return { set: replace, clear: () => replace([]) };
    },
    end() {
      for (const lines of slots) lines.length = 0;
      const out = erase();
      drawn = 0;
      if (out) options.write(out);
    },
  };
}

let stderr: Terminal | undefined;
const context: { command?: string; logFile?: LogFile } = {};

/**
 * Names the command whose lines follow (main.ts, once it knows it) and the `--log-file` they are
 * copied to.
 */
export function setLogContext(command: string, logFile?: LogFile): void {
  context.command = command;
  context.logFile = logFile;
}

/** The process's stderr terminal, shared by the logger, the progress display and the prompts. */
export function stderrTerminal(): Terminal {
  if (stderr) return stderr;
  const encoder = new TextEncoder();
  const isTty = Deno.stderr.isTerminal();
  const terminal = createTerminal({
    isTty,
    write(text) {
      const bytes = encoder.encode(text);
      for (let done = 0; done < bytes.length;) done += Deno.stderr.writeSync(bytes.subarray(done));
    },
    columns() {
      try {
        return Deno.consoleSize().columns;
      } catch {
        return 80;
      }
    },
    command: () => context.command,
    tee: (text) => context.logFile?.append(text),
  });
  if (isTty) {
    // A forced exit (a second Ctrl-C) may leave the region drawn: erase it so that the shell's
    // prompt starts on a line of its own.
    globalThis.addEventListener("unload", () => terminal.end());
  }
  stderr = terminal;
  return terminal;
}
