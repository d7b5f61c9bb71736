/**
 * Which hosts may receive the Bearer token after a redirect, whether the program's own permissions
 * reach a host, and the one line that tells a user which host those permissions refuse.
 *
 * @module
 */

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

/** The advice for a host the running program's permissions refuse: which flag gets it in. */
export function permissionAdvice(host: string): string {
  return `add it with --allow-net=…,${host} (deno run), or rebuild the binary with ` +
    `\`deno task compile --allow-host ${host}\``;
}

/** A request the program's own `--allow-net` permissions refused (Deno's `NotCapable`). */
export class HostNotPermittedError extends Error {
  /** The refused host (with port when it is not the default). */
  readonly host: string;
  /** Builds the error; `action`: what was attempted, e.g. "download from". */
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
