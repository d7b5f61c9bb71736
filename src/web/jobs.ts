/**
 * Runs started from the console: `pick`, `import --inbox` and `verify`, run in this process
 * through the same command code as the CLI (a compiled binary may not start itself: its baked
 * `--allow-run` names only the browser opener). Each job's log lines are parsed into a state
 * (the picker address, picked N, progress) that the pages follow live.
 *
 * @module
 */
import { resolveAccount } from "../auth/accounts.ts";
import type { Command, CommandContext } from "../cli/context.ts";
import { GphotosError, InterruptedError, LockedError } from "../errors.ts";
import { openCatalog } from "../library/catalog/mod.ts";
import { type HomeOptions, indexHome, readableIndexDir } from "../library/guard/index_home.ts";
import { acquireLock } from "../library/guard/lock.ts";
import { redact } from "../ui/log.ts";

/** What the console can start. */
export type JobKind = "pick" | "import" | "verify";

/** A job as the pages and `/api/job` see it. */
export interface JobState {
  /** Increases with every job this server started. */
  id: number;
  /** The command. */
  kind: JobKind;
  /** Where it is. */
  phase: "starting" | "waiting" | "downloading" | "done" | "failed" | "cancelled";
  /** Google's picking page (pick only). */
  pickerUri?: string;
  /** Items done so far. */
  items: number;
  /** Items to do, once known (for pick: how many were picked). */
  total?: number;
  /** Bytes written so far, as the progress line says them. */
  bytes?: string;
  /** The last log lines (redacted). */
  lines: string[];
  /** The exit code, once finished. */
  exitCode?: number;
  /** ISO start time. */
  startedAt: string;
  /** ISO end time. */
  finishedAt?: string;
  /** Until when Google keeps the picking session this pick leaves open (pick only). */
  keptUntil?: string;
  /** The one-line reason it failed. */
  message?: string;
  /** The counts the run recorded in the index, once finished. */
  summary?: Record<string, number>;
}

/** How the console loads each command it can start: `serve` hands them in (web stands below commands). */
export type JobLoaders = Record<JobKind, () => Promise<Command>>;

/** Thrown when a run already holds the library: the page says "a run is in progress". */
export class BusyError extends Error {}

const PROGRESS = /progress: (\d+)(?:\/(\d+))? items, ([^,]+)/;
const KEPT_LINES = 40;

/** The one job slot of a console, and the listeners that follow it. */
export class Jobs {
  #current?: JobState;
  #controller?: AbortController;
  /** Set from the first moment of a start until its job ends: two requests never both start. */
  #busy = false;
  #running: Promise<void> = Promise.resolve();
  #nextId = 1;
  readonly #listeners = new Set<(job: JobState) => void>();

  /** Builds the runner; `options`: the library, the config folder, and the environment commands read. */
  constructor(
    private readonly options: {
      dest: string;
      configDir: string;
      where: HomeOptions;
      env(name: string): string | undefined;
      loaders: JobLoaders;
    },
  ) {}

  /** The current or last job. */
  get current(): JobState | undefined {
    return this.#current;
  }

  /** Calls `listener` on every change until the returned function is called. */
  follow(listener: (job: JobState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Starts `kind` with `args` unless a job of this console or any other run (a scheduled one, a
   * CLI run) holds the library's lock; then throws {@linkcode BusyError}.
   */
  async start(kind: JobKind, args: string[]): Promise<JobState> {
    if (this.#busy) {
      throw new BusyError(
        `a run is in progress: ${this.#current?.kind ?? kind} started from this page`,
      );
    }
    // Taken before the first await: a second request arriving meanwhile is refused above.
    this.#busy = true;
    let job: JobState;
    try {
      // Probe the lock the command will take (beside the index, wherever the CLI keeps it), so a
      // busy library is refused before any work (the command still takes the lock itself, and
      // exits 4 if a run slipped in between).
      const home = await indexHome(this.options.dest, this.options.where);
      try {
        await (await acquireLock(this.options.dest, "serve", { home })).release();
      } catch (error) {
        if (error instanceof LockedError) {
          throw new BusyError(`a run is in progress: ${error.message}`);
        }
        throw error;
      }
      const command = await this.options.loaders[kind]();
      const controller = new AbortController();
      this.#controller = controller;
      job = {
        id: this.#nextId++,
        kind,
        phase: "starting",
        items: 0,
        lines: [],
        startedAt: new Date().toISOString(),
      };
      this.#current = job;
      this.#running = this.#run(command, args, job, controller).finally(() => {
        this.#controller = undefined;
        this.#busy = false;
        this.#emit();
      });
    } catch (error) {
      this.#busy = false;
      throw error;
    }
    this.#emit();
    return job;
  }

  /** Resolves once no job runs (after a cancel: once its partial downloads are removed). */
  async settled(): Promise<void> {
    await this.#running;
  }

  /** Stops the running job as Ctrl-C would (partial downloads removed). */
  cancel(): boolean {
    if (!this.#controller) return false;
    this.#controller.abort(new InterruptedError("SIGINT"));
    return true;
  }

  async #run(command: Command, args: string[], job: JobState, controller: AbortController) {
    const line = (text: string) => {
      this.#line(job, redact(text));
      this.#emit();
    };
    const ctx: CommandContext = {
      configDir: this.options.configDir,
      // The console's jobs run the default account (named accounts run from the scheduler).
      account: resolveAccount(this.options.configDir),
      stateDir: this.options.where.stateDir,
      log: {
        quiet: false,
        info: line,
        warn: (text) => line(`warning: ${text}`),
        error: (text) => line(`error: ${text}`),
        verbose: () => {},
      },
      writeStdout: () => {},
      signal: controller.signal,
      env: this.options.env,
      isTty: false,
      progress: { write: (text) => line(text.trimEnd()), intervalMs: 300 },
    };
    try {
      job.exitCode = await command.run(args, ctx);
    } catch (error) {
      job.exitCode = error instanceof GphotosError ? error.exitCode : 1;
      job.message = error instanceof GphotosError
        ? error.message
        : `Cannot finish ${job.kind}: ${redact(String((error as Error)?.message ?? error))}`;
      this.#line(job, `error: ${job.message}`);
    }
    // Read before the phase changes: whoever sees "done" sees its counts too.
    const summary = await this.#recordedSummary(job);
    if (controller.signal.aborted) job.phase = "cancelled";
    else job.phase = job.exitCode === 0 ? "done" : "failed";
    job.message ??= job.exitCode === 0
      ? undefined
      : job.lines.findLast((l) => l.startsWith("error:"))?.slice(7) ??
        `${job.kind} ended with exit code ${job.exitCode}`;
    job.summary = summary;
    job.finishedAt = new Date().toISOString();
  }

  /** The counts the command recorded for its run, if it got as far as recording one. */
  async #recordedSummary(job: JobState): Promise<Record<string, number> | undefined> {
    try {
      const { dest, where } = this.options;
      const dir = await readableIndexDir(dest, await indexHome(dest, where));
      if (!dir) return undefined;
      const index = openCatalog(dest, { readonly: true, dir });
      try {
        const last = index.journal.lastRun();
        return last?.command === job.kind && last.startedAt >= job.startedAt
          ? last.summary
          : undefined;
      } finally {
        index.close();
      }
    } catch {
      return undefined;
    }
  }

  #line(job: JobState, text: string): void {
    const kept = /picking session is kept until (.+?): run /.exec(text);
    if (kept) {
      // The page offers a button for what the CLI says as a command.
      job.keptUntil = kept[1];
      text = `the picking session is kept until ${kept[1]}: press Continue picking to finish it`;
    }
    const progress = PROGRESS.exec(text);
    if (!progress) job.lines.push(text);
    if (job.lines.length > KEPT_LINES) job.lines.shift();
    const uri = /^\s+(https?:\/\/\S+)$/.exec(text);
    if (job.kind === "pick" && uri && !job.pickerUri) {
      job.pickerUri = uri[1];
      job.phase = "waiting";
    }
    if (job.kind === "pick" && /^picked in Google Photos/.test(text)) job.phase = "downloading";
    if (progress) {
      job.items = Number(progress[1]);
      if (progress[2] !== undefined) job.total = Number(progress[2]);
      job.bytes = progress[3];
      // A pick says "picked" when its waiting ends; before that, progress is no sign of it.
      if (job.kind !== "pick" || job.phase !== "waiting") job.phase = "downloading";
    }
  }

  #emit(): void {
    if (!this.#current) return;
    for (const listener of this.#listeners) {
      // A page that went away must never break the run it was watching.
      try {
        listener(this.#current);
      } catch {
        this.#listeners.delete(listener);
      }
    }
  }
}
