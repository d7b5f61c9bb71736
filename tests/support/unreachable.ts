/**
 * Helpers for tests of unreachable hosts: a closed port, the advice every such stop ends with, and
 * the error lines of a run.
 *
 * @module
 */

/** An origin on 127.0.0.1 whose port nothing listens on. */
export function closedOrigin(): string {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return `http://127.0.0.1:${port}`;
}

/** What every unreachable-host stop tells the user to do. */
export const ADVICE = "; check this machine's network, DNS, proxy and firewall, then run again";

/** The error lines of a run's stderr. */
export function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("error:"));
}
