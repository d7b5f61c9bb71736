/**
 * gphotos-nas: back up Google Photos onto your own disks.
 *
 * The entry point: global flags (accepted before or after the command), dispatch, signals, and the
 * mapping of typed errors to one line on stderr and a documented exit code.
 *
 * @module
 */
import denoJson from "../deno.json" with { type: "json" };
import { ENV_VARS, NET_HOSTS, RUN_COMMANDS, SYS_KINDS } from "./permissions.ts";
import {
  ACCOUNT_COMMANDS,
  accountErrorLine,
  DEFAULT_ACCOUNT,
  resolveAccount,
} from "./auth/accounts.ts";
import { resolveConfigDir } from "./cli/config_dir.ts";
import type { Command, CommandContext } from "./cli/context.ts";
import { SCHEMA_VERSION } from "./library/catalog/schema.ts";
import { errorLine, ExitCode, exitCodeOf, InterruptedError, UsageError } from "./errors.ts";
import { parseFlags } from "./cli/args.ts";
import { completionScript } from "./cli/completions.ts";
import { commandHelp, mainHelp } from "./cli/help.ts";
import { closest } from "./cli/suggest.ts";
import { COMMAND_TABLE } from "./cli/table.ts";
import { createLogger, type LogLevel, redact } from "./ui/log.ts";
import { type LogFile, openLogFile } from "./ui/log_file.ts";
import { setLogContext, stderrTerminal } from "./ui/terminal.ts";
import { checkAccountName } from "./config/account_name.ts";

/** The program's version. */
export const VERSION: string = denoJson.version;

const COMMANDS = {
  auth: () => import("./commands/auth.ts"),
  backup: () => import("./commands/backup.ts"),
  pick: () => import("./commands/pick.ts"),
  import: () => import("./commands/import.ts"),
  verify: () => import("./commands/verify.ts"),
  status: () => import("./commands/status.ts"),
  index: () => import("./commands/index_rebuild.ts"),
  gc: () => import("./commands/gc.ts"),
  serve: () => import("./commands/serve.ts"),
} satisfies Record<string, () => Promise<Command>>;

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
    `index schema: ${SCHEMA_VERSION} (opens and upgrades indexes of schema 0 to ${SCHEMA_VERSION})`,
    "permissions:",
    `  net: ${list("net", NET_HOSTS)}`,
    `  env: ${list("env", ENV_VARS)}`,
    `  read: ${path("read")}`,
    `  write: ${path("write")}`,
    `  run: ${list("run", RUN_COMMANDS)}`,
    `  sys: ${list("sys", SYS_KINDS)}`,
  ].join("\n");
}

/** The global flags found in argv, the command's name, and the rest of its arguments. */
export interface GlobalArgs {
  /** The command's name, if one was given. */
  command?: string;
  /** Everything that is not a global flag or the command's name. */
  rest: string[];
  /** `--config-dir`. */
  configDir?: string;
  /** `--account`. */
  account?: string;
  /** `--state-dir`. */
  stateDir?: string;
  /** `--log-file`. */
  logFile?: string;
  /** `--help`. */
  help: boolean;
  /** `--version`. */
  version: boolean;
  /** `--quiet`, `--verbose`, `--debug` (the last one given wins, `--debug` over `--verbose`). */
  level: LogLevel;
}

/** Pulls the global flags (`GLOBAL_FLAGS` of the command table) out of argv wherever they stand. */
export function splitGlobalArgs(argv: string[]): GlobalArgs {
  const out: GlobalArgs = { rest: [], help: false, version: false, level: "normal" };
  const value = (i: number, flag: string) => {
    if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
      throw new UsageError(`${flag} needs a value`);
    }
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.rest.push(...argv.slice(i));
      break;
    }
    if (arg === "--help" || arg === "-h") out.help = true;
    else if (arg === "--version" || arg === "-V") out.version = true;
    else if (arg === "--quiet" || arg === "-q") out.level = "quiet";
    else if (arg === "--verbose") {
      out.level = out.level === "debug" ? "debug" : "verbose";
    } else if (arg === "--debug") out.level = "debug";
    else if (arg === "--account") out.account = value(i++, arg);
    else if (arg.startsWith("--account=")) out.account = arg.slice("--account=".length);
    else if (arg === "--config-dir") out.configDir = value(i++, arg);
    else if (arg.startsWith("--config-dir=")) out.configDir = arg.slice("--config-dir=".length);
    else if (arg === "--log-file") out.logFile = value(i++, arg);
    else if (arg.startsWith("--log-file=")) out.logFile = arg.slice("--log-file=".length);
    else if (arg === "--state-dir") out.stateDir = value(i++, arg);
    else if (arg.startsWith("--state-dir=")) out.stateDir = arg.slice("--state-dir=".length);
    else if (out.command === undefined && !arg.startsWith("-")) out.command = arg;
    else out.rest.push(arg);
  }
  return out;
}

/** The command's module; `help` and `completions` are answered by main itself. */
function isModuleCommand(name: string): name is keyof typeof COMMANDS {
  return name in COMMANDS;
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
  let level: LogLevel = argv.includes("--quiet") || argv.includes("-q") ? "quiet" : "normal";
  if (argv.includes("--debug")) level = "debug";
  const log = () => createLogger({ level });
  const write = (text: string) => Deno.stdout.writeSync(new TextEncoder().encode(text));
  let logFile: LogFile | undefined;
  let account = DEFAULT_ACCOUNT;
  try {
    const global = splitGlobalArgs(argv);
    level = global.level;
    setLogContext(
      global.command && global.command in COMMAND_TABLE ? global.command : "gphotos-nas",
    );
    // Checked before anything is read or written: the name becomes a folder name.
    if (global.account !== undefined) account = checkAccountName(global.account);
    if (global.logFile) {
      logFile = openLogFile(global.logFile, { onError: (line) => log().warn(line) });
      setLogContext(global.command ?? "gphotos-nas", logFile);
    }
    if (global.version) {
      console.log(versionText());
      return ExitCode.Ok;
    }
    if (global.command === undefined) {
      write(mainHelp(VERSION));
      return global.help ? ExitCode.Ok : ExitCode.Usage;
    }
    const name = global.command;
    if (!(name in COMMAND_TABLE)) {
      const hint = closest(name, Object.keys(COMMAND_TABLE));
      throw new UsageError(
        `Cannot run "${name}": there is no such command; ` +
          (hint ? `did you mean "${hint}"? ` : "") +
          `commands: ${Object.keys(COMMAND_TABLE).join(", ")} (see gphotos-nas --help)`,
      );
    }
    if (name === "help" || name === "completions") {
      return await answer(name, global.help ? ["--help"] : global.rest, write);
    }
    if (!isModuleCommand(name)) throw new Error(`command ${name} has no module`);
    if (global.account !== undefined && !ACCOUNT_COMMANDS.includes(name)) {
      throw new UsageError(
        `Cannot use --account with ${name}: it works on the whole library; --account is for ` +
          `${ACCOUNT_COMMANDS.join(", ")}`,
      );
    }
    const command = await COMMANDS[name]();
    if (global.help) {
      write(commandHelp(name, command.help));
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
    const configDir = resolveConfigDir(global.configDir, env);
    const ctx: CommandContext = {
      configDir,
      account: resolveAccount(configDir, account),
      stateDir: global.stateDir,
      log: log(),
      writeStdout: write,
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
    log().error(accountErrorLine(errorLine(error, level === "debug"), account));
    if (level === "debug") stderrTerminal().print(redact(stackOf(error)) + "\n");
    return exitCodeOf(error);
  } finally {
    logFile?.close();
  }
}

/** `help [command]` and `completions bash|zsh|fish`. */
async function answer(
  name: "help" | "completions",
  args: string[],
  write: (text: string) => void,
): Promise<number> {
  const { positionals } = parseFlags(name, args.filter((a) => a !== "--help"));
  if (args.includes("--help")) {
    write(commandHelp(name, `gphotos-nas ${name} — ${COMMAND_TABLE[name].summary}\n`));
    return ExitCode.Ok;
  }
  const word = positionals[0];
  if (name === "help") {
    if (word === undefined) write(mainHelp(VERSION));
    else if (isModuleCommand(word)) write(commandHelp(word, (await COMMANDS[word]()).help));
    else if (word === "help" || word === "completions") {
      return await answer(word, ["--help"], write);
    } else {
      const hint = closest(word, Object.keys(COMMAND_TABLE));
      throw new UsageError(
        `Cannot show help for "${word}": there is no such command` +
          (hint ? `; did you mean "${hint}"?` : "; see gphotos-nas --help"),
      );
    }
    return ExitCode.Ok;
  }
  const script = word === undefined ? undefined : completionScript(word);
  if (script === undefined) {
    throw new UsageError(
      `Cannot print completions for "${
        word ?? ""
      }": name a shell: gphotos-nas completions bash|zsh|fish`,
    );
  }
  write(script);
  return ExitCode.Ok;
}

/** The stack of an error and of each of its causes, for `--debug`. */
function stackOf(error: unknown): string {
  const lines: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 5; depth++) {
    lines.push((depth > 0 ? "caused by: " : "") + ((e as Error)?.stack ?? String(e)));
    e = (e as Error)?.cause;
  }
  return lines.join("\n");
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
