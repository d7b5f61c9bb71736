import assert from "node:assert/strict";

Deno.test("main.ts: prints one JSON line with the origins, stops on SIGTERM", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./main.ts", import.meta.url).pathname,
      "--items",
      "7",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const info = JSON.parse(text.split("\n")[0]);
  assert.equal(info.items, 7);
  assert.notEqual(info.libraryOrigin, info.pickerOrigin);
  const secret = await fetch(`${info.libraryOrigin}/v1/mediaItems`);
  assert.equal(secret.status, 401);
  await secret.body?.cancel();
  child.kill("SIGTERM");
  assert.equal((await child.status).code, 0);
  await reader.cancel();
});
