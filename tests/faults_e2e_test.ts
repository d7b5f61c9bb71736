import assert from "node:assert/strict";
import { join } from "node:path";
import type { SimulatorOptions } from "../src/simulator/mod.ts";
import { runCli, type RunJson, spawnCli } from "./support/cli.ts";
import { expectedByHash, isReady, libraryFiles, testLibrary } from "./support/library.ts";

function setup(options: SimulatorOptions = {}) {
  return testLibrary({ itemCount: 40, seed: 11, ...options });
}

/** The library holds exactly the ready items, byte for byte, and no temp file. */
async function assertComplete(t: Awaited<ReturnType<typeof setup>>) {
  const expected = await expectedByHash(t.sim, t.sim.items);
  const files = await libraryFiles(t.dest);
  assert.deepEqual(files.filter((f) => f.path.endsWith(".part")), [], "no temp file is left");
  assert.equal(files.length, t.sim.items.filter(isReady).length);
  for (const file of files) assert.ok(expected.has(file.sha256), `${file.path} is corrupt`);
  const verify = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(verify.code, 0, verify.stderr);
}

Deno.test("faults: 429s, 5xx, resets, truncated and stalled bodies at realistic rates end in a byte-correct library", async () => {
  await using t = await setup({
    faults: {
      apiRate429: 0.08,
      apiRate5xx: 0.08,
      retryAfterSeconds: 0,
      mediaRate429: 0.05,
      mediaRate5xx: 0.05,
      mediaRateReset: 0.05,
      mediaRateTruncate: 0.05,
      mediaRateStall: 0.03,
      stallMs: 5000,
      malformedJsonRate: 0.03,
    },
  });
  const result = await runCli(["backup", "--dest", t.dest, "--stall-timeout", "1", "--json"], {
    env: t.env,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<RunJson>().failed, 0);
  assert.match(result.stderr, /retry/i, "the retries are visible on stderr");
  await assertComplete(t);
});

Deno.test("faults: expired media URLs are renewed through batchGet", async () => {
  await using t = await setup({ faults: { mediaRateExpired: 0.3 } });
  const result = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.ok(t.sim.stats.requests["GET /v1/mediaItems:batchGet"] >= 1, "batchGet renewed URLs");
  assert.equal(result.code, 0, result.stderr);
  await assertComplete(t);
});

Deno.test("faults: the daily quota stops the run at once with exit 5; the next run resumes", async () => {
  await using t = await setup({ itemCount: 250 });
  t.sim.faults.dailyQuotaRequests = 1;
  const first = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(first.code, 5, first.stderr);
  assert.match(first.stderr, /quota/);
  const requestsAfterStop = t.sim.stats.apiRequests;
  assert.ok(first.json<RunJson>().downloaded < t.sim.items.length);
  assert.equal(t.sim.stats.apiRequests, requestsAfterStop, "no request after the quota answer");
  t.sim.faults.dailyQuotaRequests = null;
  const second = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(second.code, 0, second.stderr);
  await assertComplete(t);
});

Deno.test("faults: a revoked refresh token exits 3 and says to run auth again", async () => {
  await using t = await setup({ itemCount: 5 });
  t.sim.revokeAllTokens();
  const result = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /gphotos-nas auth/);
  assert.doesNotMatch(result.stderr, /1\/\/|ya29\./, "no token text is printed");
});

Deno.test("faults: insufficient scopes exit 3 and explain Google's 2025 change", async () => {
  await using t = await setup({ itemCount: 5 });
  t.sim.faults.insufficientScope = true;
  const result = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /2025-03-31/);
  assert.match(result.stderr, /gphotos-nas pick/);
  assert.match(result.stderr, /gphotos-nas import/);
});

Deno.test("faults: an access token that expires mid-run is refreshed without the user noticing", async () => {
  await using t = await setup({ itemCount: 20 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  t.sim.expireAccessTokens();
  await Deno.remove(join(t.dest, (await libraryFiles(t.dest))[0].path));
  const result = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<RunJson>().downloaded, 1);
  assert.doesNotMatch(result.stderr, /error|warning: .*401/i);
});

Deno.test("lock: a second run exits 4 naming the holder; SIGTERM stops the first cleanly", async () => {
  await using t = await setup({ itemCount: 30, bandwidthBytesPerSec: 20_000 });
  const first = spawnCli(["backup", "--dest", t.dest], { env: t.env });
  const lockFile = join(t.dest, ".gphotos-nas", "lock");
  for (let i = 0; i < 200; i++) {
    const text = await Deno.readTextFile(lockFile).catch(() => "");
    if (text.includes("pid=")) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const second = await runCli(["backup", "--dest", t.dest], { env: t.env });
  assert.equal(second.code, 4, second.stderr);
  assert.match(second.stderr, new RegExp(`pid ${first.pid}`));

  first.kill("SIGTERM");
  const status = await first.output();
  assert.equal(status.code, 143);
  const files = await libraryFiles(t.dest);
  assert.deepEqual(files.filter((f) => f.path.endsWith(".part")), [], "temp files removed");
  const verify = await runCli(["verify", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(verify.code, 0, "every recorded file is on disk and intact: " + verify.stdout);
});

Deno.test("crash: SIGKILL at random moments, then one more run, yields a complete library", async () => {
  await using t = await setup({ itemCount: 60, bandwidthBytesPerSec: 60_000 });
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 6; round++) {
    const child = spawnCli(["backup", "--dest", t.dest], { env: t.env });
    await new Promise((r) => setTimeout(r, 300 + random() * 1500));
    try {
      child.kill("SIGKILL");
    } catch {
      // It finished before the kill; the next round starts another.
    }
    await child.output();
  }
  const final = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(final.code, 0, final.stderr);
  await assertComplete(t);
});

Deno.test("hostile names from the API land safely inside DEST or fail alone", async () => {
  const names = [
    "../../escape.jpg",
    "a/b\\c.jpg",
    "CON",
    "con.jpg",
    "nul.txt",
    "trailing. . ",
    "\u0000nul\u0007bell.jpg",
    "",
    ".",
    "..",
    "e\u0301te\u0301.jpg",
    "Same.JPG",
    "same.jpg",
    "x".repeat(300) + ".jpg",
    "é".repeat(200) + ".jpeg",
    'what<>:"|?*.png',
  ];
  await using t = await setup({
    items: [
      ...names.map((filename, i) => ({
        filename,
        creationTime: `2023-06-${String(10 + (i % 3)).padStart(2, "0")}T12:00:00Z`,
      })),
      { filename: "no-date.jpg", creationTime: null },
      { filename: "bad-date.jpg", creationTime: "yesterday-ish" },
      { filename: "weird-type.bin", mimeType: "application/x-unknown" },
    ],
  });
  const outside = join(t.dest, "..", "escape.jpg");
  const result = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.ok(result.code === 0 || result.code === 1, result.stderr);
  const summary = result.json<RunJson>();
  assert.equal(summary.downloaded + summary.failed, t.sim.items.length);
  await assert.rejects(Deno.stat(outside), Deno.errors.NotFound);
  const files = await libraryFiles(t.dest);
  assert.equal(files.length, summary.downloaded);
  const encoder = new TextEncoder();
  for (const file of files) {
    const name = file.path.split("/").pop()!;
    assert.ok(encoder.encode(name).length <= 255, name);
    // deno-lint-ignore no-control-regex
    assert.doesNotMatch(name, /[<>:"\\|?*\u0000-\u001f]/);
    assert.equal(name, name.normalize("NFC"));
    assert.doesNotMatch(name, /^(con|nul|prn|aux)(\.|$)/i);
  }
  const lower = files.map((f) => f.path.toLowerCase());
  assert.equal(new Set(lower).size, lower.length, "no two names differ only in case");
  assert.ok(files.some((f) => f.path.startsWith("unknown-date/")), "undated items are kept");
});

Deno.test("scoped permissions: net to the API host and the media redirect host, read/write to config and dest, env, are enough", async () => {
  await using t = await setup({ itemCount: 10 });
  const hosts = [t.sim.libraryOrigin, t.sim.mediaRedirectOrigin].map((o) => new URL(o).host);
  const result = await runCli(["backup", "--dest", t.dest, "--json"], {
    env: t.env,
    permissions: [
      `--allow-net=${hosts.join(",")}`,
      `--allow-read=${t.configDir},${t.dest}`,
      `--allow-write=${t.configDir},${t.dest}`,
      "--allow-env",
    ],
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.json<RunJson>().downloaded, t.sim.items.filter(isReady).length);
});
