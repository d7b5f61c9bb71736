/**
 * Network failures in the user's words: which host could not be reached and why (refused, DNS,
 * TLS, timeout), from Deno's fetch and from Node-style clients (gaxios), as an
 * {@linkcode UnreachableError} that the retry policy retries and `errorLine` prints with advice.
 *
 * @module
 */
import { UnreachableError } from "../errors.ts";

// Node-style codes (gaxios, node:net) in words.
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "DNS lookup failed",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

// Deno's fetch explains itself in words ("… client error (Connect): tcp connect error: Connection
// refused (os error 111)"): each pattern names one cause. A missing resolver and a name that does
// not exist are one cause to the user (the name did not resolve), whichever the resolver said.
const NETWORK_TEXTS: [RegExp, string | ((detail: string) => string)][] = [
  [/dns error|lookup address|name or service not known|name resolution/i, "DNS lookup failed"],
  [/connection refused/i, "connection refused"],
  [/connection reset/i, "connection reset"],
  [/network is unreachable/i, "network unreachable"],
  [/no route to host|host is unreachable/i, "host unreachable"],
  [/timed out/i, "timed out"],
  [
    /certificate|tls|ssl|handshake|corrupt message|alert/i,
    (detail) => `TLS handshake failed (${detail})`,
  ],
];

/** The cause of a network failure in a few words, from Deno's or a Node-style client's error. */
export function networkCause(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: unknown } | null;
  const coded = NETWORK_CODES[e?.code ?? ""];
  if (coded) return coded;
  const causeText = (e?.cause as { message?: string } | undefined)?.message ?? "";
  const text = `${causeText} ${e?.message ?? ""}`;
  // The words after the last "(Connect): " (or the last clause) are the network's own.
  const detail = (/\(Connect\): (.*)$/.exec(causeText)?.[1] ?? causeText.split(": ").at(-1) ??
    e?.message ?? "network error").replace(/\s*\(os error \d+\)$/, "").trim();
  for (const [pattern, cause] of NETWORK_TEXTS) {
    if (pattern.test(text)) return typeof cause === "string" ? cause : cause(detail);
  }
  const words = detail || e?.message || "network error";
  return words.charAt(0).toLowerCase() + words.slice(1);
}

/**
 * Maps a failed request to `url` into an {@linkcode UnreachableError} when the network is the cause
 * (Deno's fetch rejects with a `TypeError`; Node-style clients set a `code`); else `undefined`.
 */
export function unreachable(error: unknown, url: string | URL): UnreachableError | undefined {
  if (error instanceof UnreachableError) return error;
  const code = (error as { code?: string } | null)?.code ?? "";
  if (!NETWORK_CODES[code] && !(error instanceof TypeError)) return undefined;
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    host = String(url);
  }
  return new UnreachableError(host, networkCause(error), { cause: error });
}
