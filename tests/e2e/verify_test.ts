import assert from "node:assert/strict";
import { join } from "node:path";
import { startSimulator } from "../../src/simulator/mod.ts";
import { runCli } from "../support/cli.ts";
import { authorizedConfig, expectedByHash, libraryFiles } from "../support/library.ts";

interface VerifyJson {
  checked: number;
  ok: number;
  missing: string[];
  changed: string[];
  unknown: string[];
  repaired: string[];
}

Deno.test("verify: reports missing, changed and unknown files; --repair fetches them again", async () => {
  const sim = await startSimulator({ itemCount: 15, seed: 9 });
  const { configDir, env } = await authorizedConfig(sim);
  const dest = await Deno.makeTempDir();
  try {
    assert.equal((await runCli(["backup", "--dest", dest], { env })).code, 0);
    const files = await libraryFiles(dest);
    const clean = await runCli(["verify", "--dest", dest, "--json"], { env });
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.json<VerifyJson>().ok, files.length);

    await Deno.remove(join(dest, files[0].path));
    const rotten = join(dest, files[1].path);
    const bytes = await Deno.readFile(rotten);
    bytes[bytes.length >> 1] ^= 0x01;
    await Deno.writeFile(rotten, bytes);
    await Deno.writeTextFile(join(dest, "2020", "stray.txt"), "not from gphotos-nas").catch(
      async () => {
        await Deno.mkdir(join(dest, "2020"), { recursive: true });
        await Deno.writeTextFile(join(dest, "2020", "stray.txt"), "not from gphotos-nas");
      },
    );

    const found = await runCli(["verify", "--dest", dest, "--json"], { env });
    assert.equal(found.code, 1);
    const report = found.json<VerifyJson>();
    assert.deepEqual(report.missing, [files[0].path]);
    assert.deepEqual(report.changed, [files[1].path]);
    assert.deepEqual(report.unknown, ["2020/stray.txt"]);
    assert.match(found.stderr, /missing: /);
    assert.match(found.stderr, /changed: /);

    const repaired = await runCli(["verify", "--dest", dest, "--repair", "--json"], { env });
    assert.deepEqual(
      repaired.json<VerifyJson>().repaired.sort(),
      [files[0].path, files[1].path].sort(),
    );
    assert.equal(repaired.code, 1, "the unknown file is still reported");
    const expected = await expectedByHash(sim, sim.items);
    assert.ok(
      expected.has((await libraryFiles(dest)).find((f) => f.path === files[1].path)!.sha256),
    );
    const quarantine = [...Deno.readDirSync(join(dest, ".gphotos-nas", "quarantine"))];
    assert.equal(quarantine.length, 1, "the damaged copy was moved aside, not overwritten");

    await Deno.remove(join(dest, "2020", "stray.txt"));
    assert.equal((await runCli(["verify", "--dest", dest], { env })).code, 0);
  } finally {
    await sim.close();
    await Deno.remove(configDir, { recursive: true });
    await Deno.remove(dest, { recursive: true });
  }
});

Deno.test("an unwritable destination stops with one clear line and exit 2", async () => {
  const sim = await startSimulator({ itemCount: 3 });
  const { configDir, env } = await authorizedConfig(sim);
  const blocker = await Deno.makeTempFile();
  try {
    const result = await runCli(["backup", "--dest", join(blocker, "photos")], { env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Cannot create the destination/i);
    assert.equal(result.stderr.trim().split("\n").length, 1);
  } finally {
    await sim.close();
    await Deno.remove(configDir, { recursive: true });
    await Deno.remove(blocker);
  }
});
