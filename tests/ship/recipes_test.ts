/**
 * The NAS recipes in contrib/ are run for real with a stub `gphotos-nas` on PATH that records its
 * arguments and exits with a code chosen per subcommand: every step must run, the recipe must exit
 * non-zero when a step really failed, and 0 when the only "failures" are the soft codes 4 and 5.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../support/cli.ts";

const decoder = new TextDecoder();

interface Recipe {
  file: string;
  shell: "sh" | "bash";
  /** Environment that moves the NAS paths into the temp dir. */
  env: (dir: string) => Record<string, string>;
  /** Where the steps' output lands (undefined: stdout). */
  log?: (dir: string) => string;
}

const RECIPES: Recipe[] = [
  { file: "contrib/nightly.sh", shell: "sh", env: (d) => ({ INBOX: join(d, "inbox") }) },
  {
    file: "contrib/nightly.sh",
    shell: "sh",
    env: (d) => ({ INBOX: join(d, "inbox"), LOG: join(d, "cron.log") }),
    log: (d) => join(d, "cron.log"),
  },
  {
    file: "contrib/synology/task-scheduler.sh",
    shell: "sh",
    env: (d) => ({ INBOX: join(d, "inbox"), LOG: join(d, "photos/.gphotos-nas/nightly.log") }),
    log: (d) => join(d, "photos/.gphotos-nas/nightly.log"),
  },
  {
    file: "contrib/qnap/gphotos-nas-nightly.sh",
    shell: "sh",
    env: (d) => ({
      INBOX: join(d, "inbox"),
      LOG: join(d, "Photos/.gphotos-nas/nightly.log"),
      BIN_DIR: join(d, "none"),
      CONFIG_DIR: join(d, "config"),
    }),
    log: (d) => join(d, "Photos/.gphotos-nas/nightly.log"),
  },
  {
    file: "contrib/unraid/user-script.sh",
    shell: "bash",
    env: (d) => ({
      INBOX: join(d, "inbox"),
      APPDATA: join(d, "appdata"),
      NOTIFY: join(d, "notify"),
    }),
  },
];

const STUB = `#!/bin/sh
echo "$*" >> "$STUB_CALLS"
for arg in "$@"; do
  case "$arg" in backup|import|pick) cmd=$arg; break;; esac
done
echo "stub $cmd output"
eval "code=\\\${STUB_$cmd:-0}"
exit "$code"
`;

async function runRecipe(recipe: Recipe, codes: Record<string, number>) {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "bin"));
    await Deno.writeTextFile(join(dir, "bin/gphotos-nas"), STUB, { mode: 0o755 });
    // Unraid's notifier, stubbed: records that a failure was announced.
    await Deno.writeTextFile(join(dir, "notify"), `#!/bin/sh\necho "$*" > "${dir}/notified"\n`, {
      mode: 0o755,
    });
    const env: Record<string, string> = {
      PATH: `${join(dir, "bin")}:/usr/bin:/bin`,
      HOME: dir,
      STUB_CALLS: join(dir, "calls"),
      ...recipe.env(dir),
    };
    for (const [cmd, code] of Object.entries(codes)) env[`STUB_${cmd}`] = String(code);
    const out = await new Deno.Command(recipe.shell, {
      args: [join(ROOT, recipe.file)],
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const read = (path: string) => Deno.readTextFile(path).catch(() => "");
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      calls: (await read(join(dir, "calls"))).trim().split("\n"),
      log: recipe.log ? await read(recipe.log(dir)) : decoder.decode(out.stdout),
      notified: await read(join(dir, "notified")),
      dir,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const recipe of RECIPES) {
  const name = `${recipe.file}${recipe.log ? " (log file)" : ""}`;

  Deno.test(`recipe ${name}: valid ${recipe.shell} syntax`, async () => {
    const check = await new Deno.Command(recipe.shell, { args: ["-n", join(ROOT, recipe.file)] })
      .output();
    assert.equal(check.code, 0, decoder.decode(check.stderr));
  });

  Deno.test(`recipe ${name}: all steps run; exit 0 when all succeed`, async () => {
    const r = await runRecipe(recipe, {});
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.calls.length, 2, r.calls.join("\n"));
    assert.match(r.calls[0], /\bbackup --quiet$/);
    assert.match(r.calls[1], /\bimport --inbox \S+\/inbox --quiet$/);
    assert.match(r.log, /stub backup output[\s\S]*stub import output/);
    if (recipe.log) assert.equal(r.stdout, "", "a quiet success mails nothing");
    assert.equal(r.notified, "");
  });

  Deno.test(`recipe ${name}: a failed first step still runs the import, and fails the recipe`, async () => {
    for (const code of [1, 2, 3, 143]) {
      const r = await runRecipe(recipe, { backup: code });
      assert.equal(r.code, code, `backup ${code}: ${r.stdout}`);
      assert.equal(r.calls.length, 2, `backup ${code}: the import ran too`);
      assert.match(r.log, new RegExp(`gphotos-nas backup: exit ${code}`));
    }
    const last = await runRecipe(recipe, { import: 1 });
    assert.equal(last.code, 1);
    const both = await runRecipe(recipe, { backup: 3, import: 1 });
    assert.equal(both.code, 3, "the first hard failure's code");
    if (recipe.log) {
      assert.match(both.stdout, /stub backup output/, "the mail shows the log's tail");
    }
    if (recipe.file.includes("unraid")) assert.match(both.notified, /exit 3/);
  });

  Deno.test(`recipe ${name}: locked (4) and quota (5) are soft`, async () => {
    const r = await runRecipe(recipe, { backup: 5, import: 4 });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.calls.length, 2);
    assert.match(r.log, /backup: exit 5 \(locked\/quota\), not a failure/);
    if (recipe.log) assert.equal(r.stdout, "");
    const mixed = await runRecipe(recipe, { backup: 4, import: 2 });
    assert.equal(mixed.code, 2);
  });
}

Deno.test("recipe contrib/nightly.sh: a household's ACCOUNTS each run, a revoked token (3) skips no other account", async () => {
  const family: Recipe = {
    file: "contrib/nightly.sh",
    shell: "sh",
    env: (d) => ({ INBOX: join(d, "inbox"), ACCOUNTS: "default ben" }),
  };
  const r = await runRecipe(family, { backup: 3 });
  assert.equal(r.code, 3, r.stdout);
  assert.deepEqual(r.calls.map((call) => call.replace(/\S*\/inbox/, "INBOX")), [
    "backup --account default --quiet",
    "import --inbox INBOX/default --account default --quiet",
    "backup --account ben --quiet",
    "import --inbox INBOX/ben --account ben --quiet",
  ]);
});

Deno.test("recipe: the QNAP and Unraid scripts name their config folder (cron has no useful HOME)", async () => {
  for (const recipe of RECIPES.filter((r) => /qnap|unraid/.test(r.file))) {
    const r = await runRecipe(recipe, {});
    for (const call of r.calls) {
      assert.match(call, new RegExp(`^--config-dir ${r.dir}/\\S*config `));
    }
  }
});

Deno.test("recipe: systemd units pass systemd-analyze verify (or a parse check without it)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const service = await Deno.readTextFile(join(ROOT, "contrib/systemd/gphotos-nas.service"));
    const timer = await Deno.readTextFile(join(ROOT, "contrib/systemd/gphotos-nas.timer"));
    for (const unit of [service, timer]) {
      let section = "";
      for (const line of unit.split("\n")) {
        if (line === "" || line.startsWith("#")) continue;
        if (/^\[[A-Za-z]+\]$/.test(line)) section = line;
        else assert.match(line, /^[A-Za-z]+=\S/, `${section}: ${line}`);
      }
    }
    assert.match(service, /\nType=oneshot\n/);
    assert.equal(service.match(/^ExecStart=/gm)?.length, 1, "one ExecStart: every step runs");
    assert.match(service, /^ExecStart=\/usr\/local\/bin\/gphotos-nas-nightly$/m);
    assert.match(timer, /\nPersistent=true\n/);
    // verify wants the ExecStart program to exist: point it at a stand-in.
    await Deno.writeTextFile(join(dir, "nightly"), "#!/bin/sh\n", { mode: 0o755 });
    await Deno.writeTextFile(
      join(dir, "gphotos-nas.service"),
      service.replaceAll("/usr/local/bin/gphotos-nas-nightly", join(dir, "nightly")),
    );
    await Deno.writeTextFile(join(dir, "gphotos-nas.timer"), timer);
    let out: Deno.CommandOutput;
    try {
      out = await new Deno.Command("systemd-analyze", {
        args: ["verify", join(dir, "gphotos-nas.service"), join(dir, "gphotos-nas.timer")],
        stdout: "piped",
        stderr: "piped",
      }).output();
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return; // the parse check above has to do
      throw error;
    }
    const stderr = decoder.decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(stderr.trim(), "", stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("recipe: the cron line runs the nightly script with a log", async () => {
  const cron = await Deno.readTextFile(join(ROOT, "contrib/cron/gphotos-nas.cron"));
  const jobs = cron.split("\n").filter((l) => /^[0-9*]/.test(l));
  assert.equal(jobs.length, 1);
  assert.match(jobs[0], /^0 3 \* \* \* +.*LOG=\S+ \/usr\/local\/bin\/gphotos-nas-nightly$/);
});

Deno.test("recipe: docs/SCHEDULING.md shows every contrib file exactly as it is", async () => {
  const doc = await Deno.readTextFile(join(ROOT, "docs/SCHEDULING.md"));
  for (
    const file of [
      "contrib/nightly.sh",
      "contrib/synology/task-scheduler.sh",
      "contrib/qnap/gphotos-nas-nightly.sh",
      "contrib/unraid/user-script.sh",
      "contrib/systemd/gphotos-nas.service",
      "contrib/systemd/gphotos-nas.timer",
      "contrib/cron/gphotos-nas.cron",
    ]
  ) {
    const body = await Deno.readTextFile(join(ROOT, file));
    assert.ok(doc.includes(`[\`${file}\`](../${file}):\n\n\`\`\``), `${file} is introduced`);
    assert.ok(doc.includes(`\n${body}\`\`\`\n`), `${file} appears verbatim`);
  }
});
