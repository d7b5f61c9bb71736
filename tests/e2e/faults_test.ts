import assert from "node:assert/strict";
import { join } from "node:path";
import type { SimItemSpec, SimulatorOptions } from "../../src/simulator/mod.ts";
import { runCli, type RunJson } from "../support/cli.ts";
import { assertComplete, isReady, libraryFiles, testLibrary } from "../support/library.ts";

function setup(options: SimulatorOptions = {}) {
  return testLibrary({ itemCount: 40, seed: 11, ...options });
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
  assert.ok(first.json<RunJson>().downloaded < t.sim.items.length);
  // The simulator's log: nothing may reach the API once the quota answer has been sent.
  const api = t.sim.stats.log.filter((r) => r.server === "library" && r.key.includes(" /v1/"));
  const quota = api.find((r) => r.status === 429);
  assert.ok(quota, "the quota answer was given");
  const after = api.filter((r) => r.receivedAt > quota.answeredAt!);
  assert.deepEqual(after.map((r) => r.key), [], "no request after the quota answer");
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

Deno.test("hostile names from the API land safely inside DEST, each under its expected name", async () => {
  // Raw name from Google → the safe name written by hand from the contract ("Names and dates").
  // One day and falling times: listed in this order, so of two names that differ only in case the
  // first keeps its name and the second gets the suffix of its id.
  const cases: [string, string][] = [
    ["../../escape.jpg", ".._.._escape.jpg"],
    ["a/b\\c.jpg", "a_b_c.jpg"],
    ["CON", "CON_"],
    ["con.jpg", "con_.jpg"],
    ["nul.txt", "nul_.txt"],
    ["trailing. . ", "trailing"],
    ["\u0000nul\u0007bell.jpg", "_nul_bell.jpg"],
    ["", "hostile-07.jpg"],
    [".", "hostile-08.jpg"],
    ["..", "hostile-09.jpg"],
    ["e\u0301te\u0301.jpg", "\u00e9t\u00e9.jpg"],
    ["Same.JPG", "Same.JPG"],
    ["same.jpg", "same_gn665fsu.jpg"], // the suffix: collisionSuffix("hostile-12")
    ["x".repeat(300) + ".jpg", "x".repeat(251) + ".jpg"],
    ["é".repeat(200) + ".jpeg", "é".repeat(125) + ".jpeg"],
    ['what<>:"|?*.png', "what_______.png"],
  ];
  const extras: [SimItemSpec, string][] = [
    [{ id: "no-date", filename: "no-date.jpg", creationTime: null }, "unknown-date/no-date.jpg"],
    [
      { id: "bad-date", filename: "bad-date.jpg", creationTime: "yesterday-ish" },
      "unknown-date/bad-date.jpg",
    ],
    [{
      id: "weird",
      filename: "weird-type.bin",
      mimeType: "application/x-unknown",
      creationTime: "2023-06-11T12:00:00Z",
    }, "2023/2023-06-11/weird-type.bin"],
  ];
  const items: SimItemSpec[] = [
    ...cases.map(([filename], i) => ({
      id: `hostile-${String(i).padStart(2, "0")}`,
      filename,
      creationTime: `2023-06-10T12:${String(59 - i).padStart(2, "0")}:00Z`,
    })),
    ...extras.map(([spec]) => spec),
  ];
  await using t = await setup({ items });
  const outside = join(t.dest, "..", "escape.jpg");
  const result = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  const summary = result.json<RunJson>();
  assert.equal(summary.downloaded, t.sim.items.length);
  assert.equal(summary.failed, 0);
  await assert.rejects(Deno.stat(outside), Deno.errors.NotFound);
  const files = await libraryFiles(t.dest);
  const expected = [
    ...cases.map(([, safe]) => `2023/2023-06-10/${safe}`),
    ...extras.map(([, path]) => path),
  ];
  assert.deepEqual(files.map((f) => f.path).sort(), [...expected].sort(), "exactly these files");
  // A 255-byte name leaves no room for "NAME.EXT.xmp": the file is stored, the sidecar skipped.
  const sidecars = (await libraryFiles(t.dest, { sidecars: true })).map((f) => f.path);
  for (const path of expected) {
    const long = new TextEncoder().encode(path.slice(path.lastIndexOf("/") + 1)).length > 251;
    assert.equal(sidecars.includes(`${path}.xmp`), !long, path);
  }
  assert.match(result.stderr, /no room for "\.xmp" within 255 bytes/);
  for (const [i, path] of expected.entries()) {
    const file = files.find((f) => f.path === path)!;
    assert.equal(file.sha256, await t.sim.sha256(t.sim.items[i]), `${path} holds its item's bytes`);
  }
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
});

Deno.test("scoped permissions: net to the API, token and media redirect hosts, read/write to config and dest, env, are enough", async () => {
  await using t = await setup({ itemCount: 10 });
  const hosts = [t.sim.libraryOrigin, t.sim.oauthOrigin, t.sim.mediaRedirectOrigin].map((o) =>
    new URL(o).host
  );
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
