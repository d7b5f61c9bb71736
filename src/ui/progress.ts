/**
 * Progress while a run works. On a terminal: a live bar (items, bytes, rate, ETA) drawn by
 * `cli-progress`. Off a terminal (a scheduler's log or mail): one plain line every interval, no
 * escape codes. `--quiet`: nothing.
 *
 * @module
 */
import process from "node:process";
import cliProgress from "cli-progress";

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
  /** Where lines go (default stderr). */
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

/** Builds the display for the current output. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  const state: { items: number; total?: number; bytes: number } = { items: 0, bytes: 0 };
  if (options.quiet) {
    return { setTotal() {}, itemDone() {}, bytesProgress() {}, stop() {} };
  }
  if (!options.isTty) {
    const encoder = new TextEncoder();
    const write = options.write ?? ((text: string) => Deno.stderr.writeSync(encoder.encode(text)));
    const timer = setInterval(
      () => write(progressLine(state, now() - started) + "\n"),
      options.intervalMs ?? 30_000,
    );
    return {
      setTotal(items) {
        state.total = items;
      },
      itemDone() {
        state.items++;
      },
      bytesProgress(delta) {
        state.bytes += delta;
      },
      stop() {
        clearInterval(timer);
      },
    };
  }
  const bar = new cliProgress.SingleBar({
    // Listing streams page by page, so the total is unknown while items download: the live line
    // shows counts, bytes and rate, and switches to a bar with an ETA once a total is set.
    format: (
      _options: unknown,
      params: { value: number; progress?: number; eta: number },
      payload: { total?: number; size: string; speed: string },
    ) => {
      const counts = `${params.value} items | ${payload.size} | ${payload.speed}/s`;
      if (payload.total === undefined) return counts;
      const width = 30;
      const filled = Math.round((params.progress ?? 0) * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      const eta = params.eta > 0 ? ` | ETA ${formatDuration(params.eta * 1000)}` : "";
      const text =
        `${bar} ${params.value}/${payload.total} items | ${payload.size} | ${payload.speed}/s${eta}`;
      return options.noColor ? text : `\x1b[36m${text}\x1b[0m`;
    },
    hideCursor: true,
    clearOnComplete: true,
    stream: process.stderr,
  }, cliProgress.Presets.shades_classic);
  bar.start(1, 0, { size: "0 B", speed: "0 B" });
  const refresh = () => {
    const elapsed = (now() - started) / 1000;
    bar.setTotal(state.total ?? Math.max(state.items + 1, 1));
    bar.update(state.items, {
      total: state.total,
      size: formatBytes(state.bytes),
      speed: formatBytes(elapsed > 0 ? state.bytes / elapsed : 0),
    });
  };
  return {
    setTotal(items) {
      state.total = items;
      refresh();
    },
    itemDone() {
      state.items++;
      refresh();
    },
    bytesProgress(delta) {
      state.bytes += delta;
    },
    stop() {
      bar.stop();
    },
  };
}
