/**
 * gphotos-nas: back up Google Photos onto your own disks.
 *
 * The entry point: global flags (accepted before or after the command), dispatch, signals, and the
 * mapping of typed errors to one line on stderr and a documented exit code.
 *
 * @module
 */
import denoJson from "../deno.json" with { type: "json" };
import { ENV_VARS, NET_HOSTS, RUN_COMMANDS, SYS_KINDS } from "../scripts/compile.ts";
import { resolveConfigDir } from "./cli/config_dir.ts";
import type { Command, CommandContext } from "./cli/context.ts";
import { ExitCode, GphotosError, InterruptedError, UsageError } from "./errors.ts";
import { createLogger, redact } from "./ui/log.ts";

/** The program's version. */
export const VERSION: string = denoJson.version;

const COMMANDS: Record<string, () => Promise<Command>> = {
  auth: () => import("./commands/auth.ts"),
  backup: () => import("./commands/backup.ts"),
  pick: () => import("./commands/pick.ts"),
  import: () => import("./commands/import.ts"),
  verify: () => import("./commands/verify.ts"),
  status: () => import("./commands/status.ts"),
  serve: () => import("./commands/serve.ts"),
};

const HELP = `gphotos-nas ${VERSION} — back up Google Photos onto your NAS

Usage: gphotos-nas <command> [options]

Commands:
  auth      authorize with Google once (works over SSH on a headless NAS)
  backup    download media the Library API serves (since 2025 only media this app created)
  pick      back up media you pick in Google Photos (the Picker API: any photo of your library)
  import    import Google Takeout archives (complete, original quality, with locations)
  verify    re-hash every file and report missing, changed or unknown files (--repair)
  status    what the library holds, the last run, pending items, token health
  serve     a web console: health, runs, and picks started from a phone

Global options:
  --config-dir DIR   config folder (default $GPHOTOS_NAS_CONFIG_DIR, else ~/.config/gphotos-nas)
  --quiet            only warnings and errors on stderr
  --help             help for a command: gphotos-nas backup --help
  --version          print the version

Exit codes: 0 done · 1 some items failed · 2 bad usage or config · 3 authorization needed ·
            4 library locked by another run · 5 Google's daily quota used up · 130/143 interrupted

Examples:
  gphotos-nas auth --client-secret ~/client_secret.json --no-browser
  gphotos-nas backup --dest /volume1/photos
  gphotos-nas pick --dest /volume1/photos
  gphotos-nas import --inbox /volume1/takeout --dest /volume1/photos
`;

/**
 * `--version`: the version, the build target, and the permissions this process really holds,
 * asked of `Deno.permissions` for every item compile.ts bakes in. Asking (rather than printing a
 * list generated at build time) means a binary can only report what it was actually given, and a
 * `deno run -A` run honestly says "all".
 */
export function versionText(): string {
  const granted = (d: Deno.PermissionDescriptor) => {
    try {
      return Deno.permissions.querySync(d).state === "granted";
    } catch {
      return false;
    }
  };
  const list = (name: "net" | "env" | "run" | "sys", items: readonly string[]) => {
    if (granted({ name } as Deno.PermissionDescriptor)) return "all";
    const have = items.filter((item) => {
      if (name === "net") {
        // A wildcard is granted only when an arbitrary subdomain is: probe one nobody lists.
        return granted({ name, host: item.replace(/^\*\./, "gphotos-nas-probe.") });
      }
      if (name === "env") return granted({ name, variable: item });
      if (name === "run") return granted({ name, command: item });
      return granted({ name, kind: item as Deno.SysPermissionDescriptor["kind"] });
    });
    return have.length ? have.join(",") : "none";
  };
  const path = (name: "read" | "write") => granted({ name }) ? "all" : "scoped";
  return [
    `gphotos-nas ${VERSION}`,
    `target: ${Deno.build.target}`,
    "permissions:",
    `  net: ${list("net", NET_HOSTS)}`,
    `  env: ${list("env", ENV_VARS)}`,
    `  read: ${path("read")}`,
    `  write: ${path("write")}`,
    `  run: ${list("run", RUN_COMMANDS)}`,
    `  sys: ${list("sys", SYS_KINDS)}`,
  ].join("\n");
}

interface GlobalArgs {
  command?: string;
  rest: string[];
  configDir?: string;
  help: boolean;
  version: boolean;
  quiet: boolean;
}

/** Pulls the global flags out of argv wherever they stand. */
export function splitGlobalArgs(argv: string[]): GlobalArgs {
  const out: GlobalArgs = { rest: [], help: false, version: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.rest.push(...argv.slice(i));
      break;
    }
    if (arg === "--help" || arg === "-h") out.help = true;
    else if (arg === "--version" || arg === "-V") out.version = true;
    else if (arg === "--quiet" || arg === "-q") out.quiet = true;
    else if (arg === "--config-dir") {
      if (i + 1 >= argv.length) throw new UsageError("--config-dir needs a folder");
      out.configDir = argv[++i];
    } else if (arg.startsWith("--config-dir=")) out.configDir = arg.slice("--config-dir=".length);
    else if (out.command === undefined && !arg.startsWith("-")) out.command = arg;
    else out.rest.push(arg);
  }
  return out;
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** Runs the CLI with `argv` and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let quiet = argv.includes("--quiet") || argv.includes("-q");
  const log = () => createLogger({ quiet });
  try {
    const global = splitGlobalArgs(argv);
    quiet = global.quiet;
    const encoder = new TextEncoder();
    if (global.version) {
      console.log(versionText());
      return ExitCode.Ok;
    }
    if (global.command === undefined) {
      Deno.stdout.writeSync(encoder.encode(HELP));
      return global.help ? ExitCode.Ok : ExitCode.Usage;
    }
    const load = COMMANDS[global.command];
    if (!load) {
      throw new UsageError(
        `unknown command "${global.command}"; commands: ${Object.keys(COMMANDS).join(", ")}`,
      );
    }
    const command = await load();
    if (global.help) {
      Deno.stdout.writeSync(encoder.encode(command.help));
      return ExitCode.Ok;
    }
    const controller = new AbortController();
    let signalName: "SIGINT" | "SIGTERM" | undefined;
    const onSignal = (name: "SIGINT" | "SIGTERM") => () => {
      if (signalName) Deno.exit(name === "SIGINT" ? ExitCode.Interrupted : ExitCode.Terminated);
      signalName = name;
      log().warn(`${name}: stopping; removing partial downloads (press Ctrl-C again to force)`);
      controller.abort(new InterruptedError(name));
    };
    const handlers = {
      SIGINT: onSignal("SIGINT"),
      SIGTERM: onSignal("SIGTERM"),
    } as const;
    for (const [name, handler] of Object.entries(handlers)) {
      Deno.addSignalListener(name as Deno.Signal, handler);
    }
    const ctx: CommandContext = {
      configDir: resolveConfigDir(global.configDir, env),
      log: log(),
      writeStdout: (text) => Deno.stdout.writeSync(encoder.encode(text)),
      signal: controller.signal,
      env,
      isTty: Deno.stderr.isTerminal(),
    };
    try {
      const code = await command.run(global.rest, ctx);
      return signalName ? new InterruptedError(signalName).exitCode : code;
    } finally {
      for (const [name, handler] of Object.entries(handlers)) {
        Deno.removeSignalListener(name as Deno.Signal, handler);
      }
    }
  } catch (error) {
    if (error instanceof GphotosError) {
      log().error(error.message);
      return error.exitCode;
    }
    log().error(`unexpected error: ${redact((error as Error)?.stack ?? String(error))}`);
    return ExitCode.ItemsFailed;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
