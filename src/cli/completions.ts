/**
 * `gphotos-nas completions bash|zsh|fish`: shell completion scripts generated from the command
 * table (commands, each command's flags and global flags, the values a flag takes).
 *
 * @module
 */
import { COMMAND_TABLE, type CommandName, type FlagSpec, GLOBAL_FLAGS } from "./table.ts";

const names = Object.keys(COMMAND_TABLE) as CommandName[];
const flagsOf = (name: CommandName): Record<string, FlagSpec> => ({
  ...COMMAND_TABLE[name].flags,
  ...GLOBAL_FLAGS,
});

/** A bash script defining `_gphotos_nas` and registering it (`source <(gphotos-nas completions bash)`). */
function bash(): string {
  const cases = names.map((name) => {
    const flags = flagsOf(name);
    const values = Object.entries(flags).filter(([, f]) => f.type === "string").map(([flag, f]) => {
      const action = f.complete === "dir"
        ? 'compgen -d -- "$cur"'
        : Array.isArray(f.complete)
        ? `compgen -W "${f.complete.join(" ")}" -- "$cur"`
        : 'compgen -f -- "$cur"';
      return `      --${flag}) COMPREPLY=($(${action})); return;;`;
    }).join("\n");
    const positionals = COMMAND_TABLE[name] as { positionals?: "file" | readonly string[] };
    const words = Array.isArray(positionals.positionals)
      ? `compgen -W "${positionals.positionals.join(" ")}" -- "$cur"`
      : positionals.positionals === "file"
      ? 'compgen -f -- "$cur"'
      : "";
    return `    ${name})
      case "$prev" in
${values}
      esac
      if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "${Object.keys(flags).map((f) => `--${f}`).join(" ")}" -- "$cur"))
      ${words ? `else\n        COMPREPLY=($(${words}))\n      ` : ""}fi;;`;
  }).join("\n");
  return `# bash completion for gphotos-nas: source <(gphotos-nas completions bash)
_gphotos_nas() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" i
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      --account|--config-dir|--log-file) ((i++));;
      -*) ;;
      *) command="\${COMP_WORDS[i]}"; break;;
    esac
  done
  case "$command" in
    "")
      if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "${
    Object.keys(GLOBAL_FLAGS).map((f) => `--${f}`).join(" ")
  }" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "${names.join(" ")}" -- "$cur"))
      fi;;
${cases}
  esac
}
complete -o default -F _gphotos_nas gphotos-nas
`;
}

const quote = (text: string) => text.replace(/'/g, "'\\''");

/** A zsh script (`source <(gphotos-nas completions zsh)` after `compinit`). */
function zsh(): string {
  const spec = (flag: string, f: FlagSpec) => {
    const value = f.type === "boolean"
      ? ""
      : f.complete === "dir"
      ? ":dir:_files -/"
      : Array.isArray(f.complete)
      ? `:value:(${f.complete.join(" ")})`
      : f.complete === "file"
      ? ":file:_files"
      : `:${f.arg ?? "value"}:`;
    return `'${f.multiple ? "*" : ""}--${flag}[${quote(f.help.replace(/[[\]]/g, ""))}]${value}'`;
  };
  const cases = names.map((name) =>
    `    ${name}) _arguments ${
      Object.entries(flagsOf(name)).map(([flag, f]) => spec(flag, f)).join(" ")
    } '*:file:_files';;`
  ).join("\n");
  return `#compdef gphotos-nas
# zsh completion for gphotos-nas: source <(gphotos-nas completions zsh)
_gphotos_nas() {
  local -a commands
  commands=(${
    names.map((n) => `'${n}:${quote(COMMAND_TABLE[n].summary.replace(/:/g, "\\:"))}'`).join(" ")
  })
  if (( CURRENT == 2 )); then
    _describe command commands
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
compdef _gphotos_nas gphotos-nas
`;
}

/** A fish script (`gphotos-nas completions fish > ~/.config/fish/completions/gphotos-nas.fish`). */
function fish(): string {
  const lines = ["# fish completion for gphotos-nas", "complete -c gphotos-nas -f"];
  for (const name of names) {
    lines.push(
      `complete -c gphotos-nas -n __fish_use_subcommand -a ${name} -d '${
        quote(COMMAND_TABLE[name].summary)
      }'`,
    );
    for (const [flag, f] of Object.entries(COMMAND_TABLE[name].flags as Record<string, FlagSpec>)) {
      const values = Array.isArray(f.complete)
        ? ` -xa '${f.complete.join(" ")}'`
        : f.type === "string"
        ? " -r -F"
        : "";
      lines.push(
        `complete -c gphotos-nas -n '__fish_seen_subcommand_from ${name}' -l ${flag}${values} -d '${
          quote(f.help)
        }'`,
      );
    }
  }
  for (const [flag, f] of Object.entries(GLOBAL_FLAGS as Record<string, FlagSpec>)) {
    lines.push(
      `complete -c gphotos-nas -l ${flag}${f.type === "string" ? " -r -F" : ""} -d '${
        quote(f.help)
      }'`,
    );
  }
  return lines.join("\n") + "\n";
}

/** The completion script for `shell`, or `undefined` for a shell we do not write one for. */
export function completionScript(shell: string): string | undefined {
  return shell === "bash"
    ? bash()
    : shell === "zsh"
    ? zsh()
    : shell === "fish"
    ? fish()
    : undefined;
}
