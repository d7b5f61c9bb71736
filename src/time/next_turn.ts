/**
 * One turn of the event loop, for a loop that would otherwise never leave the microtask queue
 * (synchronous file calls, reads a stream answers from its queue): timers, signal listeners
 * (SIGTERM) and finished I/O run before it resolves.
 *
 * @example
 * ```ts
 * for (const page of pages) {
 *   handle(page); // synchronous
 *   await nextTurn(); // a stop can come in
 * }
 * ```
 *
 * @module
 */

/** Resolves after one turn of the event loop. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
