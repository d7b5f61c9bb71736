/**
 * The permission set baked into the binary: every host, environment variable, program and kind of
 * system information gphotos-nas uses. `scripts/compile.ts` bakes them in; `--version` reports
 * which of them the running process holds.
 *
 * @module
 */

/**
 * The hosts the program talks to: Google's OAuth, Library and Picker APIs, the media hosts that
 * serve `baseUrl`s, and loopback for the OAuth redirect listener. Since Deno 2.9 `--allow-net`
 * takes wildcard hosts (`*.example.com` grants the domain and every subdomain), so one entry covers
 * every media host, including the `video-downloads.` host that `=dv` redirects to and any `lhN.`
 * host Google adds later. `0.0.0.0` lets `serve --listen 0.0.0.0:PORT` reach a phone on the LAN
 * (it grants listening on every interface, not connecting anywhere new).
 */
export const NET_HOSTS = [
  "accounts.google.com",
  "oauth2.googleapis.com",
  "photoslibrary.googleapis.com",
  "photospicker.googleapis.com",
  "*.googleusercontent.com",
  "127.0.0.1",
  "localhost",
  "0.0.0.0",
];

/**
 * The environment variables read: the program's own, the zone and colour conventions, the desktop
 * check for opening a browser, and those google-auth-library's HTTP client (gaxios) and its logger
 * consult.
 */
export const ENV_VARS = [
  "GPHOTOS_NAS_CONFIG_DIR",
  "GPHOTOS_NAS_LIBRARY_API",
  "GPHOTOS_NAS_PICKER_API",
  "GPHOTOS_NAS_RETRY_SCALE",
  "GPHOTOS_NAS_PROGRESS_INTERVAL",
  "GPHOTOS_NAS_MOUNTINFO",
  "HOME",
  "TZ",
  "NO_COLOR",
  "DISPLAY",
  "WAYLAND_DISPLAY",
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "NO_PROXY",
  "no_proxy",
  "NODE_DEBUG",
  "GOOGLE_SDK_NODE_LOGGING",
];

/** The only programs run: the desktop's URL opener, to show the consent page in a browser. */
export const RUN_COMMANDS = ["xdg-open", "open"];

/**
 * System information read: the OS release (the desktop check), the home folder (config), the
 * host name (the lock file of a library on a network share names its holder's host; the web
 * console's Host check) and the network interfaces (the console's login link names the LAN
 * address a phone can open).
 */
export const SYS_KINDS = ["osRelease", "homedir", "hostname", "networkInterfaces"] as const;
