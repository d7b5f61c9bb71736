/**
 * The addresses of the console: the login link a person opens (on a phone, the LAN address when
 * serve listens on every interface: 127.0.0.1 would be the phone itself) and the host names the
 * `Host` check accepts (the listen address, this machine's names, and the configured ones).
 *
 * @module
 */

const WILDCARDS = new Set(["0.0.0.0", "::", ""]);

/**
 * This machine's first private-range IPv4 address (192.168/16, 10/8, 172.16/12, else any
 * non-loopback, non-link-local one): what a phone on the same LAN can open. Undefined when there
 * is none, or the interfaces may not be read.
 */
export function lanAddress(
  interfaces: () => Deno.NetworkInterfaceInfo[] = Deno.networkInterfaces,
): string | undefined {
  let found: Deno.NetworkInterfaceInfo[];
  try {
    found = interfaces().filter((i) =>
      i.family === "IPv4" && !i.address.startsWith("127.") && !i.address.startsWith("169.254.")
    );
  } catch {
    return undefined;
  }
  const rank = (a: string) =>
    /^(192\.168|10)\./.test(a) || /^172\.(1[6-9]|2\d|3[01])\./.test(a) ? 0 : 1;
  return found.map((i) => i.address).sort((a, b) => rank(a) - rank(b))[0];
}

/** The host a browser should use for `hostname` (the listen address), bracketed when IPv6. */
export function browsableHost(hostname: string): string {
  const host = WILDCARDS.has(hostname) ? lanAddress() ?? "127.0.0.1" : hostname;
  return host.includes(":") ? `[${host}]` : host;
}

/** The login link: `http://HOST:PORT/?token=…`. */
export function loginUrl(hostname: string, port: number, token: string): string {
  return `http://${browsableHost(hostname)}:${port}/?token=${token}`;
}

/** This machine's own names (`nas`, `nas.local` as mDNS announces it), when they may be read. */
function machineNames(): string[] {
  try {
    const name = Deno.hostname().toLowerCase();
    return name.endsWith(".local") ? [name] : [name, `${name}.local`];
  } catch {
    return [];
  }
}

/** The names the `Host` check accepts besides IP literals and `localhost`. */
export function consoleHosts(hostname: string, configured: readonly string[]): string[] {
  const listen = WILDCARDS.has(hostname) || /^[\d.]+$|:/.test(hostname) ? [] : [hostname];
  return [...new Set([...listen, ...machineNames(), ...configured].map((h) => h.toLowerCase()))];
}
