/**
 * Pages that tell the truth, read as the server renders them: a picking session kept across a
 * restart of `serve` is offered with a button (not CLI advice), and a Takeout export whose import
 * failed is listed as failed with its reason (and not proposed for import again as if waiting).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import { testLibrary } from "../support/library.ts";
import { login, startServe } from "../support/web.ts";

async function job(origin: string, token: string) {
  const answer = await fetch(`${origin}/api/job`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return await answer.json();
}

Deno.test("serve restarted during a pick: the page offers the kept session with a Continue picking button", async () => {
  await using t = await testLibrary({
    itemCount: 6,
    seed: 61,
    picker: { pickAfterPolls: 1e9, pollInterval: "0.05s" },
  });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const first = await startServe(t.env, t.dest);
  const auth = { authorization: `Bearer ${first.token}` };
  const started = await fetch(`${first.origin}/api/pick`, { method: "POST", headers: auth });
  assert.equal(started.status, 202);
  await started.body?.cancel();
  let waiting;
  while ((waiting = await job(first.origin, first.token)).phase !== "waiting") {
    await new Promise((r) => setTimeout(r, 50));
  }
  await first.kill("SIGKILL"); // a crash, a reboot: the kept session is all that is left
  await using again = await startServe(t.env, t.dest, ["--listen", `127.0.0.1:${first.port}`]);
  const cookie = await login(again.origin, again.token);
  const html = await (await fetch(`${again.origin}/pick`, { headers: { cookie } })).text();
  assert.match(
    html,
    /data-post="\/api\/pick" data-with="" data-body="{&#34;resume&#34;:true}">Continue picking</,
  );
  assert.doesNotMatch(html, /pick --resume/, "no command-line advice on a page");
  assert.equal(await job(again.origin, again.token), null, "no job of the old server is shown");
  const resumed = await fetch(`${again.origin}/api/pick`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ resume: true }),
  });
  assert.equal(resumed.status, 202, await resumed.text());
  let now;
  while ((now = await job(again.origin, again.token)).phase === "starting") {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(now.phase, "waiting");
  assert.equal(now.pickerUri, waiting.pickerUri, "the same picking session, not a new one");
  await fetch(`${again.origin}/api/job/cancel`, { method: "POST", headers: auth }).then((r) =>
    r.body?.cancel()
  );
});

Deno.test("serve: an export whose import failed is listed as failed, with its reason", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 62 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const inbox = join(t.configDir, "inbox");
  await Deno.mkdir(inbox);
  const part = join(inbox, "takeout-20261101T000000Z-001.zip");
  await Deno.writeFile(part, crypto.getRandomValues(new Uint8Array(5000)));
  const hourAgo = new Date(Date.now() - 3_600_000);
  await Deno.utime(part, hourAgo, hourAgo);
  const imported = await runCli(
    ["import", "--inbox", inbox, "--dest", t.dest, "--settle-seconds", "0"],
    { env: t.env },
  );
  assert.equal(imported.code, 1, imported.stderr);
  await using s = await startServe(t.env, t.dest, ["--inbox", inbox]);
  const overview = await (await fetch(`${s.origin}/api/overview`, {
    headers: { authorization: `Bearer ${s.token}` },
  })).json();
  const set = overview.inbox.sets[0];
  assert.equal(set.state, "failed", JSON.stringify(set));
  assert.match(set.detail, /is not a readable zip archive/);
  assert.ok(
    !overview.nextSteps.some((step: string) => /^Import \d+ Takeout/.test(step)),
    `no import proposed as if it would work: ${overview.nextSteps}`,
  );
  assert.ok(overview.nextSteps.some((step: string) => /failed to import/.test(step)));
  const cookie = await login(s.origin, s.token);
  const html = await (await fetch(`${s.origin}/`, { headers: { cookie } })).text();
  assert.match(
    html,
    /<td class="bad state">failed<\/td><\/tr><tr class="detail"><td colspan="2" class="muted">[^<]*not a readable zip/,
  );
});

Deno.test("serve: a pick stopped while waiting keeps its session, and the job says so without CLI advice", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 63, picker: { neverPick: true } });
  await using s = await startServe(t.env, t.dest);
  const auth = { authorization: `Bearer ${s.token}` };
  const started = await fetch(`${s.origin}/api/pick`, { method: "POST", headers: auth });
  await started.body?.cancel();
  while ((await job(s.origin, s.token)).phase !== "waiting") {
    await new Promise((r) => setTimeout(r, 50));
  }
  await (await fetch(`${s.origin}/api/job/cancel`, { method: "POST", headers: auth })).body
    ?.cancel();
  let end;
  while (!(end = await job(s.origin, s.token)).finishedAt) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(end.phase, "cancelled");
  assert.ok(end.keptUntil, JSON.stringify(end));
  assert.ok(end.lines.some((l: string) => /press Continue picking/.test(l)), end.lines.join("\n"));
  assert.ok(!end.lines.some((l: string) => /pick --resume/.test(l)), end.lines.join("\n"));
});
