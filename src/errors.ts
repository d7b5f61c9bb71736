/**
 * Typed errors. Each one carries the exit code the CLI ends with, so a failure deep in a source or the
 * writer reaches the user as one clear line and a documented code.
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
  /** @param message what is wrong and how to fix it */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
  }
}

/** No token, a revoked or expired refresh token, or a missing scope (exit 3). */
export class AuthError extends GphotosError {
  /** @param message what happened and what to run */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Auth, options);
  }
}

/** Another process holds the library lock (exit 4). */
export class LockedError extends GphotosError {
  /** The pid named in the lock file. */
  readonly pid: number;
  /** @param pid the holder's process id */
  constructor(message: string, pid: number) {
    super(message, ExitCode.Locked);
    this.pid = pid;
  }
}

/** Google's daily quota is used up; nothing more may be sent to that API today (exit 5). */
export class QuotaError extends GphotosError {
  /** @param message Google's own message, without any token */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Quota, options);
  }
}

/** The run could not finish its job (a Picker session timed out, a Takeout set is corrupt): exit 1. */
export class RunFailedError extends GphotosError {
  /** @param message what happened and what to do next */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.ItemsFailed, options);
  }
}

/**
 * A condition that ends the whole run (disk full, destination unwritable) rather than one item.
 * It is reported as one line; completed files and the index stay as they are.
 */
export class FatalIoError extends GphotosError {
  /** @param message what failed and what to do about it */
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.ItemsFailed, options);
  }
}

/** The run was interrupted by a signal; cleanup has been done. */
export class InterruptedError extends GphotosError {
  /** @param signal the signal that stopped the run */
  constructor(signal: "SIGINT" | "SIGTERM") {
    super(
      `interrupted by ${signal}: in-flight downloads were removed; run again to continue`,
      signal === "SIGINT" ? ExitCode.Interrupted : ExitCode.Terminated,
    );
  }
}
