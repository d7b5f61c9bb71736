import assert from "node:assert/strict";
import { join } from "node:path";
import { parseFlags } from "../../src/cli/args.ts";
import { COMMAND_TABLE, type CommandName } from "../../src/cli/table.ts";
import { runCli } from "../support/cli.ts";

const names = Object.keys(COMMAND_TABLE) as CommandName[];

/** The `--flag` words of a help text's option lines. */
function helpFlags(text: string): Set<string> {
  return new Set([...text.matchAll(/^\s+(--[a-z][a-z-]*)/gm)].map((m) => m[1]));
}

for (const name of names) {
  Deno.test(`cli table: \`${name} --help\` and \`help ${name}\` list exactly the flags ${name} accepts`, async () => {
    const table = Object.keys(COMMAND_TABLE[name].flags).map((flag) => `--${flag}`);
    const help = await runCli([name, "--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.deepEqual([...helpFlags(help.stdout)].sort(), table.sort(), help.stdout);
    assert.equal((await runCli(["help", name])).stdout, help.stdout);
    for (const flag of table) {
      const spec = COMMAND_TABLE[name].flags[flag.slice(2) as never] as { type: string };
      const args = spec.type === "boolean" ? [flag] : [flag, SAMPLE[flag] ?? "x"];
      assert.doesNotThrow(() => parseFlags(name, args), `${name} ${args.join(" ")}`);
    }
    assert.throws(() => parseFlags(name, ["--no-such-flag"]), /no-such-flag/);
  });
}

/** A valid value for flags that are checked when parsed. */
const SAMPLE: Record<string, string> = {
  "--from": "2024-01-01",
  "--to": "2024-12-31",
  "--year": "2024",
  "--media": "photo",
  "--timezone": "Europe/Berlin",
  "--day-zone": "Asia/Tokyo",
  "--concurrency": "4",
  "--stall-timeout": "60",
  "--ping-url": "https://hc-ping.com/x",
  "--max-items": "10",
  "--settle-seconds": "5",
  "--albums": "links",
  "--live-photos": "still-only",
  "--port": "8080",
  "--subset": "1/30",
  "--superseded-days": "30",
};

Deno.test("cli table: an unknown command gets one line with a suggestion, exit 2", async () => {
  const result = await runCli(["bakcup", "--dest", "/tmp/x"]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(
    result.stderr,
    /Cannot run "bakcup": there is no such command; did you mean "backup"\?/,
  );
});

Deno.test("cli table: an unknown flag gets one line with a suggestion, exit 2, no parseArgs wording", async () => {
  const result = await runCli(["backup", "--dets", "/tmp/x"]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /backup: unknown flag --dets; did you mean --dest\?/);
  assert.doesNotMatch(result.stderr, /Unknown option|ERR_PARSE_ARGS|positional/);
  const missing = await runCli(["backup", "--dest"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /backup: --dest needs a value/);
});

Deno.test("cli table: --ping-url notaurl is refused like pingUrl in config.json", async () => {
  const configDir = await Deno.makeTempDir();
  try {
    const flag = await runCli(["backup", "--dest", configDir, "--ping-url", "notaurl"], {
      env: { GPHOTOS_NAS_CONFIG_DIR: configDir },
    });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--ping-url: "notaurl" must be an http\(s\) URL/);
    await Deno.writeTextFile(join(configDir, "config.json"), '{"pingUrl": "notaurl"}');
    const config = await runCli(["backup", "--dest", configDir], {
      env: { GPHOTOS_NAS_CONFIG_DIR: configDir },
    });
    assert.equal(config.code, 2);
    assert.match(config.stderr, /"pingUrl": "notaurl" must be an http\(s\) URL/);
    for (
      const bad of [["--from", "2024-02-30"], ["--timezone", "Mars/Base"], ["--concurrency", "x"]]
    ) {
      const result = await runCli(["backup", "--dest", configDir, ...bad], {
        env: { GPHOTOS_NAS_CONFIG_DIR: configDir },
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(bad[0]));
    }
  } finally {
    await Deno.remove(configDir, { recursive: true });
  }
});

Deno.test("cli table: bash completion is valid bash and completes commands and flags", async () => {
  const script = await runCli(["completions", "bash"]);
  assert.equal(script.code, 0, script.stderr);
  const file = await Deno.makeTempFile({ suffix: ".bash" });
  try {
    await Deno.writeTextFile(file, script.stdout);
    const check = await new Deno.Command("bash", { args: ["-n", file] }).output();
    assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
    const complete = async (...words: string[]) => {
      const run = await new Deno.Command("bash", {
        args: [
          "-c",
          `source ${file}; COMP_WORDS=(gphotos-nas ${words.join(" ")}); ` +
          `COMP_CWORD=${words.length}; _gphotos_nas; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
      }).output();
      return new TextDecoder().decode(run.stdout).trim().split("\n");
    };
    assert.deepEqual(await complete("ba"), ["backup"]);
    assert.ok((await complete("import", "--in")).includes("--inbox"));
    assert.ok((await complete("pick", "--")).includes("--resume"));
  } finally {
    await Deno.remove(file);
  }
  const zsh = await runCli(["completions", "zsh"]);
  assert.equal(zsh.code, 0, zsh.stderr);
  assert.match(zsh.stdout, /^compdef _gphotos_nas gphotos-nas$/m);
  assert.match(zsh.stdout, /'--inbox\[/);
  const fish = await runCli(["completions", "fish"]);
  assert.equal(fish.code, 0, fish.stderr);
  assert.match(fish.stdout, /__fish_seen_subcommand_from import' -l inbox /);
  const unknown = await runCli(["completions", "tcsh"]);
  assert.equal(unknown.code, 2);
});
