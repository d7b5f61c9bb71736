/**
 * Every error class of the program. Each one carries the exit code the CLI ends with, so a failure
 * deep in a source or the writer reaches the user as one clear line and a documented code. The
 * mapping of OS failures onto them is the library's (`library/disk/fs_errors.ts`), of network
 * failures the network's (`net/unreachable.ts`).
 *
 * ```
 * GphotosError                 one line + exit code
 * ├── UsageError          2    flags, dates, config, input
 * ├── AuthError           3    no token, revoked token, missing scope
 * ├── LockedError         4    another run holds the lock
 * ├── QuotaError          5    Google's daily quota
 * ├── InterruptedError    130/143
 * ├── RunFailedError      1    the run could not do its job (Picker timeout, corrupt Takeout)
 * ├── FatalIoError        1    disk full, destination unwritable (library/disk/fs_errors.ts)
 * └── ItemError           1    one item or call failed; a run goes on without it
 *     ├── ApiError             Google refused one call (4xx)
 *     └── RetryableError       another attempt may cure it; after the last one, it fails its item
 *         └── UnreachableError "Cannot reach <host>: <cause>" (net/unreachable.ts)
 * ```
 *
 * @module
 */
/** The documented exit codes of every command. */
export const ExitCode = {
  /** Everything was done (pending videos are not failures). */
  Ok: 0,
  /** The run finished but some items failed; they are named on stderr. */
  ItemsFailed: 1,
  /** Bad usage, configuration or input. */
  Usage: 2,
  /** Authorization is missing, revoked or lacks a scope: run `gphotos-nas auth`. */
  Auth: 3,
  /** Another run holds this library's lock. */
  Locked: 4,
  /** Google's daily quota is used up; the next run resumes. */
  Quota: 5,
  /** Stopped by SIGINT (Ctrl-C). */
  Interrupted: 130,
  /** Stopped by SIGTERM. */
  Terminated: 143,
} as const;

/** One of the documented exit codes. */
export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/** Base class: an error the CLI reports as one line and maps to an exit code. */
export class GphotosError extends Error {
  /** The exit code the process ends with when this error stops a command. */
  readonly exitCode: ExitCodeValue;
  /** Builds an error with a one-line message and its exit code. */
  constructor(message: string, exitCode: ExitCodeValue, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad flags, dates, config files or other input from the user (exit 2). */
export class UsageError extends GphotosError {
  /** Builds the error; `message`: what is wrong and how to fix it. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
  }
}

/** No token, a revoked or expired refresh token, or a missing scope (exit 3). */
export class AuthError extends GphotosError {
  /** Builds the error; `message`: what happened and what to run. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Auth, options);
  }
}

/** Another process holds the library lock (exit 4). */
export class LockedError extends GphotosError {
  /** The pid named in the lock file. */
  readonly pid: number;
  /** Builds the error; `pid`: the holder's process id. */
  constructor(message: string, pid: number) {
    super(message, ExitCode.Locked);
    this.pid = pid;
  }
}

/** Google's daily quota is used up; nothing more may be sent to that API today (exit 5). */
export class QuotaError extends GphotosError {
  /** Builds the error; `message`: Google's own message, without any token. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Quota, options);
  }
}

/** The run could not finish its job (a Picker session timed out, a Takeout set is corrupt): exit 1. */
export class RunFailedError extends GphotosError {
  /** Builds the error; `message`: what happened and what to do next. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.ItemsFailed, options);
  }
}

/**
 * A condition that ends the whole run (disk full, destination unwritable) rather than one item.
 * It is reported as one line; completed files and the index stay as they are.
 */
export class FatalIoError extends GphotosError {
  /** Builds the error; `message`: what failed and what to do about it. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.ItemsFailed, options);
  }
}

/** The run was interrupted by a signal; cleanup has been done. */
export class InterruptedError extends GphotosError {
  /** Builds the error; `signal`: the signal that stopped the run. */
  constructor(signal: "SIGINT" | "SIGTERM") {
    super(
      `interrupted by ${signal}: in-flight downloads were removed; run again to continue`,
      signal === "SIGINT" ? ExitCode.Interrupted : ExitCode.Terminated,
    );
  }
}

/** An item (or one call) that failed alone; a run goes on without it (exit 1 if it ends one). */
export class ItemError extends GphotosError {
  /** Builds the error; `message`: what went wrong with this item. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.ItemsFailed, options);
  }
}

/** A non-retryable answer from a Google API. */
export class ApiError extends ItemError {
  /** HTTP status. */
  readonly status: number;
  /** Google's status string, e.g. `INVALID_ARGUMENT`, `FAILED_PRECONDITION`. */
  readonly googleStatus: string | undefined;
  /** Builds an API error. */
  constructor(status: number, googleStatus: string | undefined, message: string) {
    super(message);
    this.status = status;
    this.googleStatus = googleStatus;
  }
}

/** Why an attempt failed in a way worth retrying. */
export type RetryKind =
  | "rate-limit"
  | "server"
  | "network"
  | "truncated"
  | "stall"
  | "expired-url"
  | "unauthorized"
  | "malformed";

/** An error another attempt may cure (see `src/net/retry.ts` for the policy). */
export class RetryableError extends ItemError {
  /** What kind of transient failure this is. */
  readonly kind: RetryKind;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** Builds a retryable error. */
  constructor(kind: RetryKind, message: string, retryAfterMs?: number, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * A host that could not be reached (refused, DNS, TLS, timeout). Retried like any network error;
 * when it outlives its retries it names the host in the one line the user sees.
 */
export class UnreachableError extends RetryableError {
  /** `host[:port]` of the URL that failed. */
  readonly host: string;
  /** Builds the error; `host`: `host[:port]`; @param cause what the network said, in a few words. */
  constructor(host: string, cause: string, options?: ErrorOptions) {
    super("network", `Cannot reach ${host}: ${cause}`, undefined, options);
    this.host = host;
  }
}

/**
 * Whether an error ends the whole run rather than the one item it happened to. A host still
 * unreachable after every retry ends it too: the next item would wait out the same retries for
 * the same host.
 */
export function stopsRun(error: unknown): boolean {
  return error instanceof GphotosError &&
    (!(error instanceof ItemError) || error instanceof UnreachableError);
}

/** What the user can do when Google cannot be reached. */
const UNREACHABLE_ADVICE = "check this machine's network, DNS, proxy and firewall, then run again";

/** The exit code a command ends with when `error` stops it; anything unexpected is 1. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  return error instanceof GphotosError ? error.exitCode : ExitCode.ItemsFailed;
}

/** Whether `error` is a failed system call (Deno names the call and its path in the message). */
export function isOsError(error: unknown): boolean {
  // Deno names most errnos in `code`, the rest only in its message ("… (os error 77)").
  return /^E[A-Z0-9]+$/.test((error as { code?: string })?.code ?? "") ||
    /\(os error \d+\)/.test((error as Error)?.message ?? "");
}

/** The one line a user sees for an error that stopped a command (tokens are redacted later). */
export function errorLine(error: unknown, debug = false): string {
  if (error instanceof UnreachableError) return `${error.message}; ${UNREACHABLE_ADVICE}`;
  if (error instanceof GphotosError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  // A system call that failed where no step said what it meant for us: the disk or the system
  // (the message names the call and the path), not a fault of the program.
  if (isOsError(error)) {
    return `Cannot finish: ${message}; check the disk holding that path and its permissions, ` +
      "then run again";
  }
  return `internal error: ${message}` + (debug ? "" : " (run with --debug for details)");
}
