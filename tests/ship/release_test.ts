import assert from "node:assert/strict";
import { join } from "node:path";
import { permissionFlags, TARGETS } from "../../scripts/compile.ts";
import { NET_HOSTS } from "../../src/permissions.ts";
import {
  archiveName,
  binaryName,
  denortBinProblem,
  makeArchive,
  RELEASE_TARGETS,
  releaseCompileArgs,
  releaseVersion,
  sha256File,
  sha256sums,
  smokeRun,
  smokeRunner,
} from "../../scripts/release.ts";
import { VERSION } from "../../src/main.ts";
import { ROOT, runCli } from "../support/cli.ts";

const decoder = new TextDecoder();

Deno.test("release: five targets, Linux first, each compiled with the baked permissions", () => {
  assert.deepEqual(RELEASE_TARGETS, [
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
  ]);
  for (const target of RELEASE_TARGETS) {
    const args = releaseCompileArgs(target, ["hc-ping.com"]);
    assert.deepEqual(args.slice(0, 5), [
      "compile",
      "--target",
      target,
      "--output",
      `dist/${TARGETS[target]}`,
    ]);
    for (const flag of permissionFlags(["hc-ping.com"])) assert.ok(args.includes(flag), flag);
    assert.ok(!args.includes("-A") && !args.includes("--allow-all"));
  }
  const net = releaseCompileArgs("x86_64-unknown-linux-gnu").find((a) =>
    a.startsWith("--allow-net=")
  );
  assert.ok(net?.includes("*.googleusercontent.com,"));
  assert.ok(net?.includes("oauth2.googleapis.com") && net.includes("photoslibrary.googleapis.com"));
  assert.ok(
    !/lh\d\.googleusercontent/.test(net ?? ""),
    "the wildcard replaces the listed media hosts",
  );
  assert.throws(() => releaseCompileArgs("riscv64-unknown-linux-gnu"), /unknown target/);
});

Deno.test("release: archive names carry version and target; zip for Windows only", () => {
  assert.equal(
    archiveName("0.2.0", "x86_64-unknown-linux-gnu"),
    "gphotos-nas-v0.2.0-x86_64-unknown-linux-gnu.tar.gz",
  );
  assert.equal(
    archiveName("0.2.0", "aarch64-apple-darwin"),
    "gphotos-nas-v0.2.0-aarch64-apple-darwin.tar.gz",
  );
  assert.equal(
    archiveName("0.2.0", "x86_64-pc-windows-msvc"),
    "gphotos-nas-v0.2.0-x86_64-pc-windows-msvc.zip",
  );
  assert.equal(binaryName("x86_64-pc-windows-msvc"), "gphotos-nas.exe");
  assert.equal(binaryName("aarch64-unknown-linux-gnu"), "gphotos-nas");
  assert.equal(releaseVersion("v0.2.0", "0.2.0"), "0.2.0");
  assert.equal(releaseVersion(undefined, "0.2.0"), "0.2.0");
  assert.throws(
    () => releaseVersion("v0.3.0", "0.2.0"),
    /does not match deno.json's version 0.2.0/,
  );
});

Deno.test("release: Linux binaries run natively or under QEMU; others are not smoke-run", () => {
  const host = "x86_64-unknown-linux-gnu";
  assert.deepEqual(smokeRunner("x86_64-unknown-linux-gnu", host), []);
  assert.deepEqual(smokeRunner("aarch64-unknown-linux-gnu", host), [
    "qemu-aarch64-static",
    "-L",
    "/usr/aarch64-linux-gnu",
  ]);
  assert.equal(smokeRunner("x86_64-pc-windows-msvc", host), null);
  assert.deepEqual(smokeRunner("aarch64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"), []);
});

Deno.test("release: archives and a SHA256SUMS that sha256sum -c accepts", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const names: { name: string; sha256: string }[] = [];
    for (const target of ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc"]) {
      const name = archiveName("0.2.0", target);
      const stage = join(dir, name.replace(/\.(zip|tar\.gz)$/, ""));
      await Deno.mkdir(stage);
      await Deno.writeTextFile(join(stage, binaryName(target)), `#!/bin/sh\necho ${target}\n`);
      const path = await makeArchive(stage, name);
      names.push({ name, sha256: await sha256File(path) });
    }
    const sums = sha256sums(names);
    assert.match(
      sums,
      /^[0-9a-f]{64} {2}gphotos-nas-v0\.2\.0-x86_64-pc-windows-msvc\.zip\n[0-9a-f]{64} {2}/,
    );
    await Deno.writeTextFile(join(dir, "SHA256SUMS"), sums);
    const check = await new Deno.Command("sha256sum", { args: ["-c", "SHA256SUMS"], cwd: dir })
      .output();
    assert.equal(check.code, 0, decoder.decode(check.stderr));
    assert.match(decoder.decode(check.stdout), /x86_64-unknown-linux-gnu\.tar\.gz: OK/);
    const list = await new Deno.Command("tar", {
      args: ["-tzf", names.find((n) => n.name.endsWith(".tar.gz"))!.name],
      cwd: dir,
    }).output();
    assert.equal(
      decoder.decode(list.stdout),
      "gphotos-nas-v0.2.0-x86_64-unknown-linux-gnu/\ngphotos-nas-v0.2.0-x86_64-unknown-linux-gnu/gphotos-nas\n",
    );
    await Deno.writeTextFile(join(dir, names[0].name), "tampered");
    const bad = await new Deno.Command("sha256sum", { args: ["-c", "SHA256SUMS"], cwd: dir })
      .output();
    assert.notEqual(bad.code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function release(env: Record<string, string>, args: string[] = []) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/release.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", GITHUB_REF_NAME: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: decoder.decode(out.stderr) };
}

Deno.test("release: a missing denort gives one clear line and exit 1", async () => {
  assert.match(
    denortBinProblem("/nonexistent/denort") ?? "",
    /^DENORT_BIN=\/nonexistent\/denort is not a file/,
  );
  assert.equal(denortBinProblem(undefined), undefined);
  const named = await release({ DENORT_BIN: "/nonexistent/denort" });
  assert.equal(named.code, 1);
  assert.equal(named.stderr.trim().split("\n").length, 1, named.stderr);
  assert.match(named.stderr, /^release: DENORT_BIN=\/nonexistent\/denort is not a file/);
  const badTag = await release({}, ["--tag", "v9.9.9"]);
  assert.equal(badTag.code, 2);
  assert.match(badTag.stderr, /tag v9\.9\.9 does not match/);
});

Deno.test("release: where denort cannot be downloaded, one line and exit 1", async () => {
  // A dead proxy makes the download fail on any machine, online or not (CI included).
  const result = await release(
    { HTTPS_PROXY: "http://127.0.0.1:9" },
    ["--target", "aarch64-unknown-linux-gnu", "--no-smoke"],
  );
  if (result.code === 0) return; // a denort cached by an earlier compile needs no download
  assert.equal(result.code, 1);
  const lines = result.stderr.trim().split("\n");
  assert.deepEqual(lines.slice(0, 1), ["release: compiling aarch64-unknown-linux-gnu"]);
  assert.equal(lines.length, 2, result.stderr);
  assert.match(lines[1], /^release: cannot build aarch64-unknown-linux-gnu: .*DENORT_BIN=/);
});

Deno.test("--allow-net takes a wildcard host: subdomains granted, other hosts refused", async () => {
  const probe =
    `for (const h of ["lh3.googleusercontent.com", "video-downloads.googleusercontent.com",
    "a.b.googleusercontent.com", "evil.example.com", "googleusercontent.com.evil.example"])
    console.log(h, Deno.permissions.querySync({ name: "net", host: h }).state);`;
  // `deno eval` grants everything, so the probe runs as a file under `deno run`.
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, probe);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--allow-net=*.googleusercontent.com", file],
    stdout: "piped",
  }).output();
  await Deno.remove(file);
  assert.equal(
    decoder.decode(out.stdout),
    "lh3.googleusercontent.com granted\nvideo-downloads.googleusercontent.com granted\n" +
      "a.b.googleusercontent.com granted\nevil.example.com prompt\n" +
      "googleusercontent.com.evil.example prompt\n",
  );
  assert.ok(NET_HOSTS.includes("*.googleusercontent.com"));
});

Deno.test("--version: version first, then the target and the permissions the process holds", async () => {
  const all = await runCli(["--version"]);
  assert.equal(all.code, 0);
  const lines = all.stdout.trim().split("\n");
  assert.match(lines[0], /^gphotos-nas \d+\.\d+\.\d+$/);
  assert.equal(lines[1], `target: ${Deno.build.target}`);
  assert.ok(lines.includes("  net: all"));
  const baked = await runCli(["--version"], { permissions: permissionFlags() });
  assert.equal(baked.code, 0, baked.stderr);
  assert.match(
    baked.stdout,
    /\n {2}net: accounts\.google\.com,.*\*\.googleusercontent\.com,127\.0\.0\.1,localhost,0\.0\.0\.0\n/,
  );
  assert.match(baked.stdout, /\n {2}env: GPHOTOS_NAS_CONFIG_DIR,/);
  assert.match(baked.stdout, /\n {2}sys: osRelease,homedir,hostname,networkInterfaces\n$/);
});

Deno.test("workflows: CI runs the README's test command; a v* tag runs the release and the image", async () => {
  const ci = await Deno.readTextFile(join(ROOT, ".github/workflows/ci.yml"));
  assert.match(ci, /^on:\n {2}push:\n {2}pull_request:\n/m);
  assert.match(ci, /^ {6}- run: bash \.ci\/run$/m);
  const release = await Deno.readTextFile(join(ROOT, ".github/workflows/release.yml"));
  assert.match(release, /^ {4}tags: \["v\*"\]$/m);
  assert.match(release, /deno-version: 2\.9\.6/);
  assert.match(release, /qemu-user-static/);
  assert.match(release, /^ {6}- run: deno task release --tag "\$GITHUB_REF_NAME"$/m);
  assert.match(release, /sha256sum -c SHA256SUMS/);
  assert.match(release, /gh release create/);
  assert.match(release, /docker\/setup-buildx-action@v3/);
  assert.match(release, /docker\/build-push-action@v6/);
  assert.match(release, /platforms: linux\/amd64,linux\/arm64/);
  assert.match(release, /images: ghcr\.io\//);
  assert.ok(!release.includes("\t") && !ci.includes("\t"), "YAML has no tabs");
});

Deno.test("release: the smoke run (--version, Takeout import, verify) passes on a working binary", async () => {
  // No denort here: a wrapper around `deno run` with the baked permissions stands in for the binary.
  const dir = await Deno.makeTempDir();
  try {
    const wrapper = join(dir, "gphotos-nas");
    await Deno.writeTextFile(
      wrapper,
      `#!/bin/sh\nexec "${Deno.execPath()}" run --quiet ${
        permissionFlags().map((f) => `'${f}'`).join(" ")
      } ` +
        `"${join(ROOT, "src/main.ts")}" "$@"\n`,
      { mode: 0o755 },
    );
    await smokeRun([], wrapper, VERSION, Deno.build.target);
    await assert.rejects(
      smokeRun([], wrapper, "9.9.9", Deno.build.target),
      /smoke: --version printed/,
    );
    await Deno.writeTextFile(
      wrapper,
      `#!/bin/sh\n[ "$1" = --version ] && exec printf 'gphotos-nas 9.9.9\\ntarget: ${Deno.build.target}\\n'\nexit 2\n`,
    );
    await assert.rejects(
      smokeRun([], wrapper, "9.9.9", Deno.build.target),
      /smoke: import exited 2/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
