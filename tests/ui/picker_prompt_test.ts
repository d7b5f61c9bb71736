import assert from "node:assert/strict";
import { createPickerPrompt } from "../../src/ui/picker_prompt.ts";
import { createLogger } from "../../src/ui/log.ts";

/** The module matrix (true = dark) of a QR drawn with half blocks, light modules as blocks. */
function modules(drawn: string): boolean[][] {
  const rows: boolean[][] = [];
  // deno-lint-ignore no-control-regex -- the colour codes are what is stripped
  for (const line of drawn.replace(/\x1b\[[0-9;]*m/g, "").split("\n").filter(Boolean)) {
    const chars = [...line];
    rows.push(chars.map((c) => c === "▄" || c === " "), chars.map((c) => c === "▀" || c === " "));
  }
  return rows;
}

/** Whether a 7×7 finder pattern (dark ring, light ring, dark 3×3 core) starts at (row, col). */
function isFinder(m: boolean[][], row: number, col: number): boolean {
  for (let r = 0; r < 7; r++) {
    for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      if (m[row + r]?.[col + c] !== (ring !== 2)) return false;
    }
  }
  return true;
}

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
  // Scannable without a decoder: a square symbol with a light quiet zone and the three finder
  // patterns in its corners.
  const m = modules(qr);
  const top = m.findIndex((row) => row.includes(true));
  const left = m[top].indexOf(true);
  const size = m[top].lastIndexOf(true) - left + 1;
  assert.ok(top >= 2 && left >= 2, "a quiet zone around the code");
  assert.ok(isFinder(m, top, left), "finder pattern top left");
  assert.ok(isFinder(m, top, left + size - 7), "finder pattern top right");
  assert.ok(isFinder(m, top + size - 7, left), "finder pattern bottom left");
  assert.equal((size - 17) % 4, 0, "a QR version's size");
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
