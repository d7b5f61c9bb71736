/**
 * The console under pressure from its own LAN: idle sockets that never send a request, more
 * connections than a client may hold, a process out of file descriptors, too many event streams.
 * serve answers what it can, refuses the rest with a status and Retry-After, times idle sockets
 * out, never exits, and the run it is doing goes on to the end.
 */
import assert from "node:assert/strict";
import { isReady, libraryFiles, testLibrary } from "../support/library.ts";
import { type Served, startServe } from "../support/web.ts";

/** Collects what the server sends on `conn` until it closes it; `text()` reads it so far. */
function listen(conn: Deno.Conn): { text(): string; closed: Promise<string> } {
  let text = "";
  const decoder = new TextDecoder();
  const closed = (async () => {
    const buffer = new Uint8Array(4096);
    for (;;) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) return text;
      text += decoder.decode(buffer.subarray(0, n), { stream: true });
    }
  })();
  return { text: () => text, closed };
}

/** Waits `ms`, or less once `promises` all settled. */
async function within<T>(ms: number, promises: Promise<T>[]): Promise<void> {
  await Promise.race([Promise.all(promises), new Promise((r) => setTimeout(r, ms))]);
}

async function job(s: Served) {
  const r = await fetch(`${s.origin}/api/job`, {
    headers: { authorization: `Bearer ${s.token}`, connection: "close" },
  });
  return await r.json();
}

async function waitingPick(s: Served) {
  const started = await fetch(`${s.origin}/api/pick`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.token}`, connection: "close" },
  });
  assert.equal(started.status, 202);
  await started.body?.cancel();
  let now;
  while ((now = await job(s)).phase !== "waiting") await new Promise((r) => setTimeout(r, 50));
  return now;
}

Deno.test({
  name:
    "serve: idle sockets beyond a client's share get 503 at once, the rest time out; the pick goes on",
  sanitizeResources: false,
  async fn() {
    await using t = await testLibrary({
      itemCount: 8,
      seed: 71,
      picker: { pickAfterPolls: 1e9, pollInterval: "0.05s" },
    });
    await using s = await startServe(t.env, t.dest);
    const picking = await waitingPick(s);
    const idle: Deno.Conn[] = [];
    for (let i = 0; i < 100; i++) {
      idle.push(await Deno.connect({ hostname: "127.0.0.1", port: s.port }));
    }
    const heard = idle.map(listen);
    await new Promise((r) => setTimeout(r, 1_500));
    const first = heard.map((h) => h.text());
    const refused = first.filter((a) => a.startsWith("HTTP/1.1 503"));
    const held = heard.filter((h) => h.text() === "");
    assert.ok(refused.length >= 60, `most are refused at once: ${refused.length} of 100`);
    assert.match(refused[0], /retry-after: 5/i);
    assert.match(refused[0], /too many connections/);
    assert.equal(held.length + refused.length, 100, "nothing else happened to them");
    // The held ones never send a request: the header timeout ends them.
    await within(15_000, held.map((h) => h.closed));
    const later = held.map((h) => h.text());
    assert.ok(later.every((a) => a.startsWith("HTTP/1.1 408")), later.join(" | ").slice(0, 300));
    idle.forEach((c) => c.close());
    const still = await job(s);
    assert.equal(still.id, picking.id);
    assert.equal(still.phase, "waiting", "the pick was not touched");
    // A slow client trickling its head is cut at the same deadline.
    const slow = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
    await slow.write(new TextEncoder().encode("GET /api/job HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    const trickle = setInterval(
      () => slow.write(new TextEncoder().encode("X")).catch(() => {}),
      500,
    );
    const slowly = listen(slow);
    await within(15_000, [slowly.closed]);
    const cut = slowly.text();
    clearInterval(trickle);
    slow.close();
    assert.match(cut, /^HTTP\/1\.1 408/);
    // The phone opens Google's page: the pick that waited all along lands its files.
    await (await fetch(picking.pickerUri)).body?.cancel();
    let end;
    while (!(end = await job(s)).finishedAt) await new Promise((r) => setTimeout(r, 100));
    assert.equal(end.phase, "done", JSON.stringify(end));
    assert.equal((await libraryFiles(t.dest)).length, t.sim.items.filter(isReady).length);
  },
});

Deno.test({
  name:
    "serve with few file descriptors: a flood of sockets is refused, serve stays, the pick finishes",
  sanitizeResources: false,
  async fn() {
    await using t = await testLibrary({
      itemCount: 8,
      seed: 72,
      picker: { pickAfterPolls: 1e9, pollInterval: "0.05s" },
    });
    await using s = await startServe(t.env, t.dest, [], { fdLimit: 256 });
    const picking = await waitingPick(s);
    const flood: Deno.Conn[] = [];
    for (let i = 0; i < 400; i++) {
      flood.push(await Deno.connect({ hostname: "127.0.0.1", port: s.port }));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    await (await fetch(picking.pickerUri)).body?.cancel();
    flood.forEach((c) => c.close());
    let end;
    while (!(end = await job(s)).finishedAt) await new Promise((r) => setTimeout(r, 100));
    assert.equal(end.phase, "done", JSON.stringify(end));
    assert.equal((await libraryFiles(t.dest)).length, t.sim.items.filter(isReady).length);
    assert.doesNotMatch(s.stderr(), /Cannot answer: internal error|uncaught|panicked/i);
  },
});

Deno.test("serve: a client may follow the run in a few pages, not in hundreds", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 73 });
  await using s = await startServe(t.env, t.dest);
  const streams: Response[] = [];
  let refused: Response | undefined;
  for (let i = 0; i < 20 && !refused; i++) {
    const r = await fetch(`${s.origin}/api/events`, {
      headers: { authorization: `Bearer ${s.token}` },
    });
    if (r.status === 200) streams.push(r);
    else refused = r;
  }
  assert.equal(refused?.status, 429, `refused after ${streams.length} streams`);
  assert.ok(streams.length >= 4 && streams.length <= 8, `${streams.length} streams`);
  await refused?.body?.cancel();
  await Promise.all(streams.map((r) => r.body?.cancel()));
  await new Promise((r) => setTimeout(r, 200));
  const again = await fetch(`${s.origin}/api/events`, {
    headers: { authorization: `Bearer ${s.token}` },
  });
  assert.equal(again.status, 200, "closing streams frees their places");
  await again.body?.cancel();
  await new Promise((r) => setTimeout(r, 200));
  assert.doesNotMatch(s.stderr(), /Deno\.serve:|deprecat/i, "no runtime warning in the log");
});
