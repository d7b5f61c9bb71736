import assert from "node:assert/strict";
import { runCli, type RunJson } from "../support/cli.ts";
import {
  expectedByHash,
  isReady,
  libraryFiles,
  type TestLibrary,
  testLibrary,
} from "../support/library.ts";

/**
 * Deno permissions scoped to the config folder, the destination, the token host (every run
 * refreshes its access token there) and the given hosts.
 */
function scoped(t: TestLibrary, hosts: string[]): string[] {
  return [
    `--allow-net=${[new URL(t.sim.oauthOrigin).host, ...hosts].join(",")}`,
    `--allow-read=${t.configDir},${t.dest}`,
    `--allow-write=${t.configDir},${t.dest}`,
    "--allow-env",
  ];
}

/** Every file on disk is a complete, byte-exact copy of a served item; no temp file is left. */
async function assertOnlyCompleteFiles(t: TestLibrary, count: number): Promise<void> {
  const expected = await expectedByHash(t.sim, t.sim.items);
  const files = await libraryFiles(t.dest);
  assert.deepEqual(files.filter((f) => f.path.includes(".part")), [], "no temp file is left");
  assert.equal(files.length, count);
  for (const file of files) assert.ok(expected.has(file.sha256), `${file.path} is not complete`);
}

Deno.test("redirects: a media host outside --allow-net fails its items naming the host and the flag, never a disk problem", async () => {
  await using t = await testLibrary({ itemCount: 30, seed: 3 });
  const api = new URL(t.sim.libraryOrigin).host;
  const videoHost = new URL(t.sim.mediaRedirectOrigin).host;
  const ready = t.sim.items.filter(isReady).length;

  const refused = await runCli(["backup", "--dest", t.dest, "--json"], {
    env: t.env,
    permissions: scoped(t, [api]),
  });
  assert.equal(refused.code, 1, refused.stderr);
  const first = refused.json<RunJson>();
  const videos = t.sim.items.filter((i) => i.kind === "video" && isReady(i)).length;
  assert.ok(videos > 0 && first.failed >= videos, "every ready video went through the redirect");
  assert.equal(first.downloaded + first.failed, ready, "the other items were stored");
  for (const failure of first.failures) {
    assert.equal(
      failure.reason,
      `Cannot download from ${videoHost}: this binary's permissions do not allow that host; ` +
        `add it with --allow-net=…,${videoHost} (deno run), or rebuild the binary with ` +
        `\`deno task compile --allow-host ${videoHost}\``,
    );
  }
  assert.doesNotMatch(refused.stderr, /cannot write|NotCapable|disk/i);
  await assertOnlyCompleteFiles(t, first.downloaded);

  const allowed = await runCli(["backup", "--dest", t.dest, "--json"], {
    env: t.env,
    permissions: scoped(t, [api, videoHost]),
  });
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal(allowed.json<RunJson>().downloaded, first.failed);
  await assertOnlyCompleteFiles(t, ready);
});

Deno.test("media quota: HTML 429s without Retry-After item after item stop the run with exit 5; the next run fetches only what is missing", async () => {
  await using t = await testLibrary({ itemCount: 60, seed: 4, faults: { mediaQuotaRequests: 15 } });
  const ready = t.sim.items.filter(isReady).length;
  const stopped = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(stopped.code, 5, stopped.stderr);
  const mediaHost = new URL(t.sim.libraryOrigin).host;
  assert.match(stopped.stderr, new RegExp(`Cannot download from ${mediaHost}: .*quota`));
  const first = stopped.json<RunJson>();
  assert.equal(first.failed, 0, "nothing is counted as failed: the quota stopped the run");
  assert.ok(first.downloaded > 0 && first.downloaded < ready);
  // 4 items in flight, each refused at most a few times before the verdict; without it every
  // remaining item would be tried 8 times.
  const refusedRequests = t.sim.stats.mediaRequests - 15;
  assert.ok(refusedRequests <= 4 * 4, `${refusedRequests} media requests after the quota`);
  await assertOnlyCompleteFiles(t, first.downloaded);

  t.sim.faults.mediaQuotaRequests = null;
  const next = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(next.code, 0, next.stderr);
  const second = next.json<RunJson>();
  assert.equal(second.downloaded, ready - first.downloaded);
  assert.equal(second.skipped, first.downloaded);
  await assertOnlyCompleteFiles(t, ready);
});

Deno.test("media hosts: HTML 429 pages without Retry-After and HTML 403s, through redirects, end in a complete library", async () => {
  await using t = await testLibrary({
    itemCount: 40,
    seed: 9,
    faults: { mediaRate429: 0.2, retryAfterSeconds: null, mediaRateExpired: 0.1 },
  });
  const result = await runCli(["backup", "--dest", t.dest, "--json"], { env: t.env });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /answered 429 Too Many Requests without Retry-After; retry/);
  await assertOnlyCompleteFiles(t, t.sim.items.filter(isReady).length);
});

Deno.test("ping: a monitoring host the permissions refuse is said once at start, with the flag; the backup succeeds", async () => {
  await using t = await testLibrary({ itemCount: 5, seed: 2 });
  let pings = 0;
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    pings++;
    return new Response("OK");
  });
  const pingHost = `127.0.0.1:${server.addr.port}`;
  const hosts = [t.sim.libraryOrigin, t.sim.mediaRedirectOrigin].map((o) => new URL(o).host);
  const result = await runCli(["backup", "--dest", t.dest, "--ping-url", `http://${pingHost}/p`], {
    env: t.env,
    permissions: scoped(t, hosts),
  });
  assert.equal(result.code, 0, result.stderr);
  const warnings = result.stderr.split("\n").filter((l) => l.includes("Cannot ping"));
  assert.equal(warnings.length, 1, result.stderr);
  assert.match(
    warnings[0],
    new RegExp(
      `Cannot ping ${pingHost}: this binary's permissions do not allow that host; add it with --allow-net=…,${pingHost}`,
    ),
  );
  assert.equal(pings, 0);
});
