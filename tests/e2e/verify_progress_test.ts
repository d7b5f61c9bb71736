import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, spawnCli } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";

Deno.test("verify: off a terminal it prints plain progress lines while it reads", async () => {
  await using t = await testLibrary({ itemCount: 6, seed: 3 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const files = await libraryFiles(t.dest);
  // One file becomes a named pipe: verify waits on it like on a slow disk, until the test writes
  // the original bytes, so the progress lines are awaited, not timed.
  // The last in the index's order, so every other file is read before verify waits.
  const slow = join(t.dest, files.map((f) => f.path).sort().at(-1)!);
  const bytes = await Deno.readFile(slow);
  await Deno.remove(slow);
  const mkfifo = await new Deno.Command("mkfifo", { args: [slow] }).output();
  assert.ok(mkfifo.success, "mkfifo");

  const child = spawnCli(["verify", "--dest", t.dest], {
    env: { ...t.env, GPHOTOS_NAS_PROGRESS_INTERVAL: "0.02" },
  });
  let stderr = "";
  const decoder = new TextDecoder();
  const reader = child.stderr.getReader();
  // The bound only keeps a broken build from hanging on the pipe; a working one answers in ms.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<"late">((r) => timer = setTimeout(() => r("late"), 30_000));
  const waiting = new RegExp(`progress: ${files.length - 1}/${files.length} items.*\n`);
  while (!waiting.test(stderr)) {
    const chunk = await Promise.race([reader.read(), bound]);
    if (chunk === "late" || chunk.done) break;
    stderr += decoder.decode(chunk.value, { stream: true });
  }
  clearTimeout(timer);
  await Deno.writeFile(slow, bytes);
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    stderr += decoder.decode(r.value, { stream: true });
  }
  const status = await child.status;
  await child.stdout.cancel();
  assert.equal(status.code, 0, stderr);
  const lines = stderr.split("\n").filter((l) => l.includes("progress:"));
  const line = lines.find((l) => waiting.test(`${l}\n`));
  assert.ok(line, stderr);
  assert.match(
    line,
    new RegExp(`progress: ${files.length - 1}/${files.length} items, [\\d.]+ (B|KiB|MiB), `),
  );
  assert.match(line, /\/s, ETA \S+$/);
  assert.ok(lines.every((l) => !l.includes("\x1b")), "no escape codes in a log");
});

Deno.test("verify: SIGTERM stops it between files, with exit 143 and no verdict", async () => {
  await using t = await testLibrary({ itemCount: 6, seed: 3 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  const files = (await libraryFiles(t.dest)).map((f) => f.path).sort();
  // The first file is a pipe: verify waits in it until the signal has arrived.
  const first = join(t.dest, files[0]);
  const bytes = await Deno.readFile(first);
  await Deno.remove(first);
  assert.ok((await new Deno.Command("mkfifo", { args: [first] }).output()).success);
  const child = spawnCli(["verify", "--dest", t.dest], { env: t.env });
  const reader = child.stderr.getReader();
  let stderr = "";
  const decoder = new TextDecoder();
  while (!stderr.includes("verify: hashing")) {
    const { value, done } = await reader.read();
    if (done) break;
    stderr += decoder.decode(value, { stream: true });
  }
  child.kill("SIGTERM");
  while (!stderr.includes("SIGTERM")) {
    const { value, done } = await reader.read();
    if (done) break;
    stderr += decoder.decode(value, { stream: true });
  }
  await Deno.writeFile(first, bytes);
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    stderr += decoder.decode(r.value, { stream: true });
  }
  await child.stdout.cancel();
  assert.equal((await child.status).code, 143, stderr);
  assert.doesNotMatch(stderr, /\d+ checked/, "no verdict on a library it did not finish");
});
