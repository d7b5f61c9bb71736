import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { runCli } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";

interface VerifyJson {
  checked: number;
  ok: number;
  missing: string[];
  changed: string[];
  unknown: string[];
  danglingLinks: { path: string; target: string }[];
}

async function put(dest: string, rel: string, text = "x") {
  await Deno.mkdir(dirname(join(dest, rel)), { recursive: true });
  await Deno.writeTextFile(join(dest, rel), text);
}

/** A backed-up library of `itemCount` simulated items, and its files. */
async function backedUp(itemCount = 12) {
  const t = await testLibrary({ itemCount, seed: 21 });
  const backup = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(backup.code, 0, backup.stderr);
  return Object.assign(t, { files: await libraryFiles(t.dest) });
}

Deno.test("verify: what Synology, QNAP, macOS, Windows and Linux drop in the folders is not unknown", async () => {
  await using t = await backedUp();
  const day = dirname(t.files[0].path);
  const name = t.files[0].path.slice(day.length + 1);
  // What each system really writes: Synology indexes every folder into @eaDir/<file>/…
  for (
    const rel of [
      `${day}/@eaDir/${name}/SYNOPHOTO_THUMB_XL.jpg`,
      `@eaDir/SYNOINDEX_MEDIA_INFO`,
      `#recycle/2024/old.jpg`,
      `#snapshot/GMT+01-2026.11.29-03.00.00/2024/a.jpg`,
      `@Recycle/b.jpg`,
      `@Recently-Snapshot/GMT+01_2026-11-29_0300/c.jpg`,
      `${day}/.@__thumb/s100${name}`,
      `${day}/.streams/${name}/com.apple.metadata`,
      `${day}/.DS_Store`,
      `.DS_Store`,
      `${day}/._${name}`,
      `${day}/Thumbs.db`,
      `${dirname(day)}/thumbs.db`,
      `${day}/desktop.ini`,
      `lost+found/#123456`,
      `.Trash-1000/files/d.jpg`,
      `albums/@eaDir/SYNOINDEX_MEDIA_INFO`,
    ]
  ) await put(t.dest, rel);
  const clean = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(clean.code, 0, clean.stderr);
  assert.deepEqual(clean.json<VerifyJson>().unknown, []);
  assert.equal(clean.json<VerifyJson>().ok, t.files.length);

  // A real stray file beside the junk is still reported, and so is one named like junk but not it.
  await put(t.dest, `${day}/holiday-scan.jpg`);
  await put(t.dest, `${day}/eaDir.jpg`);
  const found = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(found.code, 1);
  assert.deepEqual(found.json<VerifyJson>().unknown, [
    `${day}/eaDir.jpg`,
    `${day}/holiday-scan.jpg`,
  ]);
  assert.match(found.stderr, /unknown to the index: .*holiday-scan\.jpg/);
});

Deno.test("verify: --ignore globs and the config.json ignore list leave out the user's own files", async () => {
  await using t = await backedUp(6);
  const day = dirname(t.files[0].path);
  await put(t.dest, "Scans/2019/letter.pdf");
  await put(t.dest, `${day}/IMG_1.jpg.tmp`);
  const reported = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(reported.code, 1);
  assert.deepEqual(
    reported.json<VerifyJson>().unknown.sort(),
    [
      `${day}/IMG_1.jpg.tmp`,
      "Scans/2019/letter.pdf",
    ].sort(),
  );
  const flags = await runCli(
    ["verify", "--dest", t.dest, "--ignore", "Scans/**", "--ignore", "*.tmp"],
    { env: t.env },
  );
  assert.equal(flags.code, 0, flags.stderr);
  const one = await runCli(["verify", "--dest", t.dest, "--ignore", "*.tmp", "--json"], {
    env: t.env,
  });
  assert.equal(one.code, 1);
  assert.deepEqual(one.json<VerifyJson>().unknown, ["Scans/2019/letter.pdf"]);

  const config = join(t.configDir, "config.json");
  await Deno.writeTextFile(config, JSON.stringify({ ignore: ["/Scans", "*.tmp"] }));
  const fromConfig = await runCli(["verify", "--dest", t.dest], { env: t.env });
  assert.equal(fromConfig.code, 0, fromConfig.stderr);

  await Deno.writeTextFile(config, JSON.stringify({ ignore: "*.tmp" }));
  const notList = await runCli(["verify", "--dest", t.dest], { env: t.env });
  assert.equal(notList.code, 2);
  assert.match(notList.stderr, /"ignore" must be a list of globs/);
  await Deno.writeTextFile(config, JSON.stringify({ ignore: ["*.tmp", ""] }));
  const empty = await runCli(["verify", "--dest", t.dest], { env: t.env });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /Cannot use the ignore pattern "" from .*config\.json/);
});

Deno.test("verify: takes dest from config.json like the other commands", async () => {
  await using t = await backedUp(5);
  await Deno.writeTextFile(
    join(t.configDir, "config.json"),
    JSON.stringify({ dest: t.dest }),
  );
  const result = await runCli(["verify", "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<VerifyJson>().ok, t.files.length);
  await Deno.remove(join(t.configDir, "config.json"));
  const none = await runCli(["verify"], { env: t.env });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Cannot verify: .*--dest DIR or set "dest" in config\.json/);
});

Deno.test("verify --subset: the slices are disjoint, stable, and together read every file", async () => {
  await using t = await backedUp(24);
  // Rot every file without changing its size: only a slice that reads a file can see it.
  for (const file of t.files) {
    const path = join(t.dest, file.path);
    const bytes = await Deno.readFile(path);
    bytes[bytes.length >> 1] ^= 0x01;
    await Deno.writeFile(path, bytes);
  }
  const slices: string[][] = [];
  for (let n = 1; n <= 4; n++) {
    const result = await runCli(["verify", "--dest", t.dest, "--subset", `${n}/4`, "--json"], {
      env: t.env,
    });
    const report = result.json<VerifyJson>();
    assert.equal(result.code, report.changed.length > 0 ? 1 : 0, result.stderr);
    assert.equal(report.checked, report.changed.length);
    assert.deepEqual(report.missing, []);
    slices.push(report.changed);
  }
  const all = slices.flat();
  assert.equal(new Set(all).size, all.length, "no file is in two slices");
  assert.deepEqual(all.sort(), t.files.map((f) => f.path).sort(), "every file is in a slice");
  assert.ok(slices.filter((s) => s.length > 0).length >= 2, "files spread over the slices");
  const again = await runCli(["verify", "--dest", t.dest, "--subset", "2/4", "--json"], {
    env: t.env,
  });
  assert.deepEqual(again.json<VerifyJson>().changed, slices[1], "a slice is the same every night");

  // A missing file is found whatever slice is read: presence costs no reading.
  await Deno.remove(join(t.dest, all[0]));
  for (let n = 1; n <= 4; n++) {
    const result = await runCli(["verify", "--dest", t.dest, "--subset", `${n}/4`, "--json"], {
      env: t.env,
    });
    assert.deepEqual(result.json<VerifyJson>().missing, [all[0]]);
  }
  for (const bad of ["5/4", "0/4", "1/0", "x", "1/4/2"]) {
    const result = await runCli(["verify", "--dest", t.dest, "--subset", bad], { env: t.env });
    assert.equal(result.code, 2, bad);
    assert.match(result.stderr, /Cannot use --subset/);
  }
});

Deno.test("verify: an album link whose file is gone is named and fails the run", async () => {
  await using t = await backedUp(4);
  const album = join(t.dest, "albums", "Trip");
  await Deno.mkdir(album, { recursive: true });
  await Deno.symlink(`../../${t.files[0].path}`, join(album, "good.jpg"));
  const good = await runCli(["verify", "--dest", t.dest], { env: t.env });
  assert.equal(good.code, 0, good.stderr);
  await Deno.symlink("../../2019/2019-01-01/gone.jpg", join(album, "gone.jpg"));
  const result = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(result.code, 1);
  assert.deepEqual(result.json<VerifyJson>().danglingLinks, [
    { path: "albums/Trip/gone.jpg", target: "../../2019/2019-01-01/gone.jpg" },
  ]);
  assert.match(result.stderr, /dangling album link: albums\/Trip\/gone\.jpg -> /);
});

Deno.test("verify: a folder it may not read is named in one line, not a crash, and can be ignored", async () => {
  await using t = await backedUp(4);
  await put(t.dest, "Private/diary.txt");
  // Deno's --deny-read stands in for a folder owned by another user (the tests may run as root).
  const permissions = ["-A", `--deny-read=${join(t.dest, "Private")}`];
  const result = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env, permissions });
  assert.equal(result.code, 1, result.stderr);
  assert.deepEqual(result.json<{ unreadable: string[] }>().unreadable, ["Private"]);
  assert.match(result.stderr, /^error: Cannot read Private: permission denied; .*--ignore$/m);
  assert.doesNotMatch(result.stderr, /unexpected error|\n +at /);
  assert.equal(result.json<VerifyJson>().ok, t.files.length);
  const ignored = await runCli(["verify", "--dest", t.dest, "--ignore", "/Private"], {
    env: t.env,
    permissions,
  });
  assert.equal(ignored.code, 0, ignored.stderr);
});
