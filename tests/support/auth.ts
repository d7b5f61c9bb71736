/**
 * Helpers for tests of `auth`: the CLI started as a subprocess that prints its consent URL, the
 * browser's consent played against the simulator, and a disposable simulator + config folder.
 *
 * @module
 */
import { unstamp } from "./cli.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { type SimulatorOptions, startSimulator } from "../../src/simulator/mod.ts";
import { ROOT } from "./cli.ts";

/**
 * Runs `auth` as a subprocess and hands back the consent URL it prints (`secretFile` undefined:
 * no `--client-secret`).
 */
export async function startAuth(
  configDir: string,
  secretFile: string | undefined,
  extra: string[] = [],
) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "src/main.ts",
      "--config-dir",
      configDir,
      "auth",
      ...(secretFile === undefined ? [] : ["--client-secret", secretFile]),
      "--no-browser",
      ...extra,
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1", GPHOTOS_NAS_RETRY_SCALE: "0.001" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let stderr = "";
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let consentUrl = "";
  while (!consentUrl) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`auth ended early: ${stderr}`);
    stderr += value;
    consentUrl = /(http:\/\/\S+\/o\/oauth2\/auth\?\S+)/.exec(stderr)?.[1] ?? "";
  }
  const rest = (async () => {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      stderr += value;
    }
  })();
  const stdin = child.stdin.getWriter();
  return {
    consentUrl,
    async paste(line: string) {
      await stdin.write(new TextEncoder().encode(line + "\n"));
    },
    async finish() {
      await stdin.close().catch(() => {});
      const [status] = await Promise.all([child.status, rest, child.stdout.cancel()]);
      return { code: status.code, stderr: unstamp(stderr) };
    },
  };
}

/** Plays the browser: Google's consent page answers with a redirect to the loopback listener. */
export async function consent(url: string): Promise<string> {
  const response = await fetch(url, { redirect: "manual" });
  await response.body?.cancel();
  assert.equal(response.status, 302);
  return response.headers.get("location")!;
}

/** A simulator, a temp folder with the downloaded client file, and a config folder inside it. */
export async function setup(options: SimulatorOptions = { itemCount: 3 }) {
  const sim = await startSimulator(options);
  const base = await Deno.makeTempDir();
  const configDir = join(base, "config");
  const secretFile = join(base, "client_secret_download.json");
  await sim.writeClientSecret(secretFile);
  return {
    sim,
    base,
    configDir,
    secretFile,
    async [Symbol.asyncDispose]() {
      await sim.close();
      await Deno.remove(base, { recursive: true });
    },
  };
}
