/**
 * The OAuth client file Google's Cloud console downloads for a "Desktop app" client
 * (`{"installed": {client_id, client_secret, auth_uri, token_uri, …}}`).
 *
 * @module
 */
import { join } from "node:path";
import { UsageError } from "../errors.ts";

/** The fields of the client file the program uses. */
export interface ClientSecret {
  /** OAuth client id. */
  clientId: string;
  /** OAuth client secret (not secret for installed apps, but never printed). */
  clientSecret: string;
  /** Consent page. */
  authUri: string;
  /** Token endpoint. */
  tokenUri: string;
  /** Cloud project id, when present. */
  projectId?: string;
}

/** The client file's place in the config folder. */
export function clientSecretPath(configDir: string): string {
  return join(configDir, "client_secret.json");
}

const HOW = "download it again from Google Cloud console → APIs & Services → Credentials → your " +
  '"Desktop app" OAuth client → Download JSON';

/** Validates the parsed JSON of a client file; `where` names it in messages. */
export function parseClientSecret(data: unknown, where: string): ClientSecret {
  const bad = (why: string) => new UsageError(`${where}: ${why}; ${HOW}`);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw bad("is not a JSON object");
  }
  const record = data as Record<string, unknown>;
  if (!("installed" in record)) {
    if ("web" in record) {
      throw new UsageError(
        `${where}: this is a "Web application" client; gphotos-nas needs a "Desktop app" ` +
          "client: create one under APIs & Services → Credentials → Create credentials → " +
          "OAuth client ID → Desktop app, and download its JSON",
      );
    }
    throw bad('has no "installed" client');
  }
  const installed = record.installed as Record<string, unknown>;
  if (typeof installed !== "object" || installed === null) {
    throw bad('"installed" is not an object');
  }
  const field = (name: string): string => {
    const value = installed[name];
    if (typeof value !== "string" || value.trim() === "") throw bad(`"${name}" is missing`);
    return value;
  };
  const url = (name: string): string => {
    const value = field(name);
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error();
    } catch {
      throw bad(`"${name}" is not an http(s) URL`);
    }
    return value;
  };
  return {
    clientId: field("client_id"),
    clientSecret: field("client_secret"),
    authUri: url("auth_uri"),
    tokenUri: url("token_uri"),
    ...(typeof installed.project_id === "string" ? { projectId: installed.project_id } : {}),
  };
}

/** Reads and validates a client file. */
export async function loadClientSecret(path: string): Promise<ClientSecret> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(
        `${path} does not exist; run \`gphotos-nas auth --client-secret FILE\` with the ` +
          'client JSON of your "Desktop app" OAuth client',
      );
    }
    throw new UsageError(`${path} cannot be read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`${path} is not valid JSON; ${HOW}`);
  }
  return parseClientSecret(data, path);
}
