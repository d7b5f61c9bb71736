/**
 * Progress while a run works. On a terminal: a live line at the bottom of the screen (items, bytes,
 * rate; a bar and an ETA once the total is known), redrawn a few times a second under everything
 * printed. Off a terminal (a scheduler's log or mail): one plain line every interval, no escape
 * codes. `--quiet`: nothing.
 *
 * @module
 */
import { createTerminal, stderrTerminal } from "./terminal.ts";

/** What the transfer tells the display. */
export interface Progress {
  /** Items expected, when known (a bar with an ETA appears). */
  setTotal(items: number | undefined): void;
  /** One item finished. */
  itemDone(bytes: number, outcome: "downloaded" | "skipped" | "failed" | "pending"): void;
  /** Bytes arrived. */
  bytesProgress(delta: number): void;
  /** Stops drawing. */
  stop(): void;
}

/** Bytes for people: `512 B`, `3.4 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A duration for people: `850ms`, `42s`, `3m05s`, `2h10m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Options of {@linkcode createProgress}. */
export interface ProgressOptions {
  /** stderr is a terminal. */
  isTty: boolean;
  /** `--quiet`. */
  quiet: boolean;
  /** `NO_COLOR` is set. */
  noColor: boolean;
  /** Off a terminal: how often to print a line (default 30 s). */
  intervalMs?: number;
  /** Where lines go (default the stderr terminal). */
  write?: (text: string) => void;
  /** The clock (tests). */
  now?: () => number;
}

/** The plain progress line. */
export function progressLine(
  state: { items: number; total?: number; bytes: number },
  elapsedMs: number,
): string {
  const rate = elapsedMs > 0 ? state.bytes / (elapsedMs / 1000) : 0;
  const items = state.total === undefined
    ? `${state.items} items`
    : `${state.items}/${state.total} items`;
  let line = `progress: ${items}, ${formatBytes(state.bytes)}, ${formatBytes(rate)}/s`;
  if (state.total !== undefined && state.items > 0 && state.items < state.total) {
    line += `, ETA ${formatDuration((elapsedMs / state.items) * (state.total - state.items))}`;
  }
  return line;
}

/** The live line on a terminal: counts, bytes and rate; a bar and an ETA once the total is known. */
function liveLine(
  state: { items: number; total?: number; bytes: number },
  elapsedMs: number,
  noColor: boolean,
): string {
  const rate = formatBytes(elapsedMs > 0 ? state.bytes / (elapsedMs / 1000) : 0);
  if (state.total === undefined) {
    return `${state.items} items | ${formatBytes(state.bytes)} | ${rate}/s`;
  }
  const width = 30;
  const filled = Math.round(Math.min(state.items / Math.max(state.total, 1), 1) * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const eta = state.items > 0 && state.items < state.total
    ? ` | ETA ${formatDuration((elapsedMs / state.items) * (state.total - state.items))}`
    : "";
  const counts = `${state.items}/${state.total} items | ${formatBytes(state.bytes)}`;
  const text = `${bar} ${counts} | ${rate}/s${eta}`;
  return noColor ? text : `\x1b[36m${text}\x1b[0m`;
}

/** Builds the display for the current output. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const state: { items: number; total?: number; bytes: number } = { items: 0, bytes: 0 };
  if (options.quiet) {
    return { setTotal() {}, itemDone() {}, bytesProgress() {}, stop() {} };
  }
  const terminal = options.write
    ? createTerminal({ isTty: options.isTty, write: options.write })
    : stderrTerminal();
  const counting = (stop: () => void): Progress => ({
    setTotal(items) {
      state.total = items;
    },
    itemDone() {
      state.items++;
    },
    bytesProgress(delta) {
      state.bytes += delta;
    },
    stop,
  });
  if (options.isTty) {
    // Listing streams page by page, so the total is unknown while items download: the live line
    // shows counts, bytes and rate, and becomes a bar with an ETA once a total is set. It is
    // redrawn on a clock, not per item, so that the rate and ETA move while a large file loads.
    const slot = terminal.slot();
    const draw = () => slot.set([liveLine(state, now() - started, options.noColor)]);
    draw();
    const timer = setInterval(draw, 200);
    return counting(() => {
      clearInterval(timer);
      slot.clear();
    });
  }
  const timer = setInterval(
    () => terminal.print(progressLine(state, now() - started) + "\n"),
    options.intervalMs ?? 30_000,
  );
  return counting(() => clearInterval(timer));
}
