import assert from "node:assert/strict";
import { compileArgs, permissionFlags, TARGETS } from "../../scripts/compile.ts";
import { startSimulator } from "../../src/simulator/mod.ts";
import { runCli } from "../support/cli.ts";
import { authorizedConfig, isReady } from "../support/library.ts";

/**
 * Every host the program must reach: OAuth consent and tokens, both APIs, the media hosts of
 * `baseUrl`s (photos on lh3-lh6, videos on video.), and loopback for the OAuth redirect listener.
 */
const REQUIRED_HOSTS = [
  "accounts.google.com",
  "oauth2.googleapis.com",
  "photoslibrary.googleapis.com",
  "photospicker.googleapis.com",
  "lh3.googleusercontent.com",
  "lh4.googleusercontent.com",
  "lh5.googleusercontent.com",
  "lh6.googleusercontent.com",
  "video.googleusercontent.com",
  "video-downloads.googleusercontent.com",
  "127.0.0.1",
];

/** Whether an `--allow-net` entry grants `host`: the same name, or `*.domain` (Deno 2.9+). */
function grants(entry: string, host: string): boolean {
  if (!entry.startsWith("*.")) return entry === host;
  return host === entry.slice(2) || host.endsWith(entry.slice(1));
}

Deno.test("compile: both Linux targets, the permissions baked in, no blanket -A", () => {
  for (const target of ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"]) {
    const args = compileArgs(target);
    assert.deepEqual(args.slice(0, 5), [
      "compile",
      "--target",
      target,
      "--output",
      `dist/${TARGETS[target]}`,
    ]);
    assert.equal(args.at(-1), "src/main.ts");
    assert.ok(args.includes("--v8-flags=--max-semi-space-size=1,--heap-growing-percent=50"));
    assert.ok(!args.includes("-A") && !args.includes("--allow-all"));
    const net = args.filter((a) => a.startsWith("--allow-net="));
    assert.equal(net.length, 1, "one --allow-net flag, with a host list");
    const entries = net[0].slice("--allow-net=".length).split(",");
    for (const host of REQUIRED_HOSTS) {
      assert.ok(entries.some((entry) => grants(entry, host)), `--allow-net grants ${host}`);
    }
    assert.ok(
      args.some((a) => a.startsWith("--allow-env=") && a.includes("GPHOTOS_NAS_CONFIG_DIR")),
    );
  }
  assert.equal(TARGETS["aarch64-unknown-linux-gnu"], "gphotos-nas-aarch64-linux");
  assert.ok(permissionFlags(["hc-ping.com"])[0].endsWith(",hc-ping.com"));
});

Deno.test("compile: the baked permission set is enough for a real backup (against the simulator on loopback)", async () => {
  const sim = await startSimulator({ itemCount: 8 });
  const { configDir, env } = await authorizedConfig(sim);
  const dest = await Deno.makeTempDir();
  try {
    const result = await runCli(["backup", "--dest", dest, "--json"], {
      env,
      permissions: permissionFlags(),
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.json<{ downloaded: number }>().downloaded,
      sim.items.filter(isReady).length,
    );
    const status = await runCli(["status", "--dest", dest], {
      env,
      permissions: permissionFlags(),
    });
    assert.equal(status.code, 0, status.stderr);
  } finally {
    await sim.close();
    await Deno.remove(configDir, { recursive: true });
    await Deno.remove(dest, { recursive: true });
  }
});
