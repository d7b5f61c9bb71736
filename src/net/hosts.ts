/**
 * The hosts gphotos-nas talks to, and the rules that follow from them: which hosts may receive the
 * Bearer token after a redirect, what a permission list (`--allow-net`) lets through, and the one
 * line that tells a user which host their permissions refuse.
 *
 * @module
 */

/** Hosts a `backup` or `pick` run reaches: token refresh, the two APIs and every media host. */
export const RUN_HOSTS = [
  "oauth2.googleapis.com",
  "photoslibrary.googleapis.com",
  "photospicker.googleapis.com",
  // Base URLs live on lh3…lh6, and `=dv` redirects to video-downloads; Google adds hosts at will.
  "*.googleusercontent.com",
] as const;

/** Hosts only `auth` needs besides {@linkcode RUN_HOSTS} (the consent page; loopback aside). */
export const AUTH_HOSTS = ["accounts.google.com"] as const;

/** Domains whose hosts are Google's own: a redirect there may carry the Bearer token. */
const GOOGLE_DOMAINS = ["googleusercontent.com", "googleapis.com"];

/** Whether `hostname` is `domain` or one of its subdomains. */
function within(hostname: string, domain: string): boolean {
  return hostname === domain || hostname.endsWith(`.${domain}`);
}

/**
 * Whether a request to `target` may carry the token that `origin` was given: the same origin, or
 * a Google-owned host over HTTPS. Anything else (a CDN, a captive portal, an attacker's open
 * redirect) never sees it.
 */
export function mayCarryToken(target: URL, origin: string): boolean {
  if (target.origin === origin) return true;
  const hostname = target.hostname.toLowerCase();
  return target.protocol === "https:" && GOOGLE_DOMAINS.some((d) => within(hostname, d));
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

/** The advice for a host the running program's permissions refuse: which flag gets it in. */
export function permissionAdvice(host: string): string {
  return `add it with --allow-net=…,${host} (deno run), or rebuild the binary with ` +
    `\`deno task compile --allow-host ${host}\``;
}

/** A request the program's own `--allow-net` permissions refused (Deno's `NotCapable`). */
export class HostNotPermittedError extends Error {
  /** The refused host (with port when it is not the default). */
  readonly host: string;
  /** @param action what was attempted, e.g. "download from" */
  constructor(action: string, host: string, options?: ErrorOptions) {
    super(
      `Cannot ${action} ${host}: this binary's permissions do not allow that host; ` +
        permissionAdvice(host),
      options,
    );
    this.name = "HostNotPermittedError";
    this.host = host;
  }
}

/** Whether the running program's permissions let it reach `host` (asks Deno, never prompts). */
export async function netPermitted(host: string): Promise<boolean> {
  return (await Deno.permissions.query({ name: "net", host })).state === "granted";
}
