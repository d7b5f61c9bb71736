/**
 * The hosts the program uses, as the tests check them against the baked `--allow-net` list and the
 * README's scoped-run examples, and a reading of `--allow-net` entries that a test holds against
 * Deno's own.
 *
 * @module
 */
import { LIBRARY_API_ORIGIN } from "../../src/sources/library_api/source.ts";
import { PICKER_API_ORIGIN } from "../../src/sources/picker/source.ts";

/**
 * Hosts a `backup` or `pick` run reaches: Google's token endpoint (the one in every Desktop
 * client_secret.json), the two APIs the sources call, and the media hosts (base URLs on lh3…lh6,
 * `=dv` redirected to video-downloads).
 */
export const RUN_HOSTS = [
  "oauth2.googleapis.com",
  new URL(LIBRARY_API_ORIGIN).hostname,
  new URL(PICKER_API_ORIGIN).hostname,
  "lh3.googleusercontent.com",
  "lh6.googleusercontent.com",
  "video-downloads.googleusercontent.com",
];

/** Hosts only `auth` adds: Google's consent page. */
export const AUTH_HOSTS = ["accounts.google.com"];

function within(hostname: string, domain: string): boolean {
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

/**
 * Whether a list of `--allow-net` entries lets `host` through, the way Deno reads them: a plain
 * entry matches that host (any port unless it names one), `*.domain` matches the domain and every
 * subdomain.
 */
export function hostPermitted(entries: readonly string[], host: string): boolean {
  const [hostname, port] = host.toLowerCase().split(":");
  return entries.some((entry) => {
    const [pattern, entryPort] = entry.toLowerCase().split(":");
    if (entryPort !== undefined && entryPort !== port) return false;
    return pattern.startsWith("*.") ? within(hostname, pattern.slice(2)) : pattern === hostname;
  });
}
