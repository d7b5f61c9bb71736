/**
 * The container's files, checked without Docker (no daemon here): the entrypoint is run with a
 * stub binary (as root it really drops to PUID:PGID, in a temp config folder), the Dockerfile and
 * compose.yaml are checked for what the README promises, and the Unraid template is parsed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../support/cli.ts";

const decoder = new TextDecoder();
const ENTRYPOINT = join(ROOT, "docker/entrypoint.sh");
const isRoot = Deno.uid() === 0;

const STUB = `#!/bin/sh
echo "$(id -u):$(id -g) TZ=$TZ HOME=$HOME $*" >> "$STUB_CALLS"
eval "code=\\\${STUB_$1:-0}"
exit "$code"
`;

async function withStub(fn: (dir: string, env: Record<string, string>) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    // The dropped user must reach the stub and its call log.
    await Deno.chmod(dir, 0o777);
    await Deno.writeTextFile(join(dir, "gphotos-nas"), STUB, { mode: 0o755 });
    await Deno.writeTextFile(join(dir, "calls"), "", { mode: 0o666 });
    await Deno.chmod(join(dir, "calls"), 0o666);
    await fn(dir, {
      PATH: "/usr/bin:/bin:/usr/sbin:/sbin",
      GPHOTOS_NAS_BIN: join(dir, "gphotos-nas"),
      GPHOTOS_NAS_CONFIG_DIR: join(dir, "config"),
      PHOTOS: join(dir, "photos"),
      INBOX: join(dir, "inbox"),
      STUB_CALLS: join(dir, "calls"),
      PUID: "1234",
      PGID: "2345",
      TZ: "Europe/Berlin",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function entrypoint(args: string[], env: Record<string, string>) {
  const out = await new Deno.Command("sh", {
    args: [ENTRYPOINT, ...args],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

const calls = async (dir: string) =>
  (await Deno.readTextFile(join(dir, "calls"))).trim().split("\n").filter(Boolean);

Deno.test("entrypoint: POSIX sh syntax", async () => {
  const out = await new Deno.Command("sh", { args: ["-n", ENTRYPOINT] }).output();
  assert.equal(out.code, 0, decoder.decode(out.stderr));
});

Deno.test("entrypoint: commands run as PUID:PGID with TZ and HOME, and keep their exit code", async () => {
  await withStub(async (dir, env) => {
    const ok = await entrypoint(["status", "--dest", "/photos"], env);
    assert.equal(ok.code, 0, ok.stderr);
    const who = isRoot ? "1234:2345" : `${Deno.uid()}:${Deno.gid()}`;
    assert.deepEqual(await calls(dir), [
      `${who} TZ=Europe/Berlin HOME=${dir}/config status --dest /photos`,
    ]);
    if (isRoot) {
      const config = await Deno.stat(join(dir, "config"));
      assert.equal(`${config.uid}:${config.gid}`, "1234:2345", "the config folder is PUID's");
    } else {
      assert.match(ok.stderr, /not started as root: running as uid \d+, PUID=1234 ignored/);
    }
    for (const code of [1, 2, 3, 4, 5]) {
      const r = await entrypoint(["pick"], { ...env, STUB_pick: String(code) });
      assert.equal(r.code, code);
    }
  });
});

Deno.test("entrypoint: a bad TZ, PUID or schedule is refused in one line with exit 2", async () => {
  await withStub(async (dir, env) => {
    for (
      const [change, args, message] of [
        [{ TZ: "Europe/Berlinn" }, ["nightly"], /TZ=Europe\/Berlinn is not a known time zone/],
        [{ PUID: "abc" }, ["nightly"], /PUID must be a number/],
        [{ PGID: "-1" }, ["nightly"], /PGID must be a number/],
        [{}, ["schedule", "--every", "soon"], /--every takes 24h, 30m, 90s/],
        [{ SCHEDULE_AT: "25:00" }, ["schedule"], /SCHEDULE_AT takes HH:MM/],
      ] as const
    ) {
      const r = await entrypoint([...args], { ...env, ...change });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, message);
    }
    assert.deepEqual(await calls(dir), [], "nothing ran");
  });
});

Deno.test("entrypoint nightly: import the inbox, then the pick reminder; 4 and 5 are soft", async () => {
  await withStub(async (dir, env) => {
    const ok = await entrypoint(["nightly"], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      (await calls(dir))[0],
      new RegExp(`import --inbox ${dir}/inbox --dest ${dir}/photos$`),
    );
    assert.match(
      ok.stderr,
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d entrypoint: reminder: .*pick/m,
    );
    for (const [code, expected] of [[4, 0], [5, 0], [1, 1], [3, 3]]) {
      const r = await entrypoint(["nightly"], { ...env, STUB_import: String(code) });
      assert.equal(r.code, expected, `import exit ${code}: ${r.stderr}`);
    }
  });
});

Deno.test("entrypoint schedule: runs the job every interval; SIGTERM stops it with 143", async () => {
  await withStub(async (dir, env) => {
    const child = new Deno.Command("sh", {
      args: [ENTRYPOINT, "schedule", "--every", "1s"],
      env: { ...env, STUB_import: "1" },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    child.kill("SIGTERM");
    const out = await child.output();
    const stderr = decoder.decode(out.stderr);
    assert.equal(out.code, 143, stderr);
    assert.ok((await calls(dir)).length >= 2, stderr);
    assert.match(stderr, /schedule: every 1s/);
    assert.match(stderr, /nightly job exited 1 \(next: in 1s\)/, "a failed night does not stop it");
  });
});

Deno.test("entrypoint health: healthy before the first run, then whatever status says", async () => {
  await withStub(async (dir, env) => {
    assert.equal((await entrypoint(["health"], { ...env, STUB_status: "1" })).code, 0);
    assert.deepEqual(await calls(dir), []);
    await Deno.mkdir(join(dir, "photos/.gphotos-nas"), { recursive: true });
    await Deno.writeTextFile(join(dir, "photos/.gphotos-nas/index.sqlite"), "");
    assert.equal((await entrypoint(["health"], { ...env, STUB_status: "1" })).code, 1);
    assert.equal((await entrypoint(["health"], env)).code, 0);
    assert.match((await calls(dir))[0], new RegExp(`status --dest ${dir}/photos --quiet$`));
  });
});

Deno.test("Dockerfile: multi-stage from deno 2.9.6 to a glibc base, volumes, healthcheck", async () => {
  const docker = await Deno.readTextFile(join(ROOT, "Dockerfile"));
  const froms = docker.match(/^FROM .*$/gm) ?? [];
  assert.deepEqual(froms, [
    "FROM --platform=$BUILDPLATFORM denoland/deno:2.9.6 AS build",
    "FROM debian:bookworm-slim",
  ]);
  assert.match(docker, /scripts\/compile\.ts --target "\$target"/);
  assert.match(docker, /^VOLUME \["\/config", "\/photos", "\/inbox"\]$/m);
  assert.match(
    docker,
    /^HEALTHCHECK .*\n\s+CMD \["\/usr\/local\/bin\/entrypoint\.sh", "health"\]$/m,
  );
  assert.match(docker, /^ENTRYPOINT \["\/usr\/local\/bin\/entrypoint\.sh"\]$/m);
  assert.match(docker, /^ENV PUID=1000 PGID=1000 TZ=UTC/m);
  assert.match(docker, /COPY --chmod=0755 docker\/entrypoint\.sh/);
  const ignore = await Deno.readTextFile(join(ROOT, ".dockerignore"));
  for (const path of ["deno.json", "deno.lock", "src/", "scripts/", "docker/"]) {
    assert.ok(ignore.includes(`!${path}`), path);
  }
});

Deno.test("compose.yaml: the schedule service with the three volumes, PUID/PGID/TZ", async () => {
  const compose = await Deno.readTextFile(join(ROOT, "compose.yaml"));
  assert.match(compose, /^services:\n {2}gphotos-nas:\n/m);
  assert.match(compose, /^ {4}command: \["schedule"\]$/m);
  for (const key of ["PUID", "PGID", "TZ", "SCHEDULE_AT"]) {
    assert.match(compose, new RegExp(`^ {6}${key}: \\S`, "m"));
  }
  for (const target of ["/config", "/photos", "/inbox"]) {
    assert.match(compose, new RegExp(`^ {6}- \\S+:${target} `, "m"));
  }
  assert.match(compose, /^ {4}restart: unless-stopped$/m);
  assert.ok(!compose.includes("\t"), "YAML has no tabs");
});

/** A small XML reader: elements with attributes and text, enough for a flat template. */
function parseXml(xml: string): { name: string; attrs: Record<string, string>; text: string }[] {
  const body = xml.replace(/^<\?xml[^>]*\?>/, "").replace(/<!--[\s\S]*?-->/g, "");
  const stack: string[] = [];
  const elements: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let parsed = 0;
  while ((m = tag.exec(body)) !== null) {
    parsed = tag.lastIndex;
    if (m[5] !== undefined) {
      assert.ok(!/[&]/.test(m[5].replace(/&(amp|lt|gt|quot|apos);/g, "")), `bare & in ${m[5]}`);
      if (stack.length && m[5].trim()) elements.at(-1)!.text += m[5];
      else assert.equal(m[5].trim(), "", `text outside elements: ${m[5]}`);
      continue;
    }
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
      continue;
    }
    const attrs = Object.fromEntries(
      [...attrText.matchAll(/([\w.-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]),
    );
    elements.push({ name, attrs, text: "" });
    if (!selfClose) stack.push(name);
  }
  assert.equal(parsed, body.length, `not XML at: ${body.slice(parsed, parsed + 40)}`);
  assert.deepEqual(stack, [], "unclosed elements");
  return elements;
}

Deno.test("Unraid template: well-formed, the image, the schedule mode, paths and variables", async () => {
  const elements = parseXml(await Deno.readTextFile(join(ROOT, "contrib/unraid/gphotos-nas.xml")));
  assert.equal(elements[0].name, "Container");
  const text = (name: string) => elements.find((e) => e.name === name)?.text;
  assert.equal(text("Repository"), "ghcr.io/gphotos-nas/gphotos-nas:latest");
  assert.equal(text("PostArgs"), "schedule");
  const configs = elements.filter((e) => e.name === "Config");
  const paths = configs.filter((c) => c.attrs.Type === "Path").map((c) => c.attrs.Target);
  assert.deepEqual(paths, ["/config", "/photos", "/inbox"]);
  for (const c of configs.filter((c) => c.attrs.Type === "Path")) {
    assert.match(c.text, /^\/mnt\/user\//, "on the array, never /boot");
  }
  const vars = Object.fromEntries(
    configs.filter((c) => c.attrs.Type === "Variable").map((c) => [c.attrs.Target, c.text]),
  );
  assert.deepEqual(vars, { PUID: "99", PGID: "100", TZ: "UTC", SCHEDULE_AT: "02:00" });
  assert.throws(() => parseXml("<a><b></a>"), /closes the wrong element/);
  assert.throws(() => parseXml('<a x="1></a>'), /not XML at/);
});
