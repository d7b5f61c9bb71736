import assert from "node:assert/strict";
import { createPickerPrompt } from "../src/ui/picker_prompt.ts";
import { createLogger } from "../src/ui/log.ts";

Deno.test("pick prompt: a terminal gets the URL, a QR code of it and a spinner; a log gets plain lines", async () => {
  const logged: string[] = [];
  const drawn: string[] = [];
  const log = createLogger({ write: (text) => logged.push(text) });
  const tty = createPickerPrompt({ log, isTty: true, qr: true, write: (t) => drawn.push(t) });
  await tty.showPickerUri("https://photos.google.com/picker/abc123", false);
  tty.waiting(1500);
  tty.doneWaiting();
  assert.match(logged.join(""), /https:\/\/photos\.google\.com\/picker\/abc123/);
  const qr = drawn[0];
  assert.ok(qr.split("\n").length > 10, "a QR code several lines high");
  assert.match(qr, /[█▀▄]/);
  assert.match(drawn[1], /waiting for you to pick… 2s/);
  assert.equal(drawn[2], "\r\x1b[2K");

  const plain: string[] = [];
  const offTty = createPickerPrompt({ log, isTty: false, qr: true, write: (t) => plain.push(t) });
  await offTty.showPickerUri("https://photos.google.com/picker/abc123", true);
  offTty.waiting(1000);
  offTty.doneWaiting();
  assert.deepEqual(plain, [], "no QR code or escape codes in a log");
  assert.match(logged.join(""), /continuing the picking session started earlier/);
});
