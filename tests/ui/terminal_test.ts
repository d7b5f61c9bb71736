import assert from "node:assert/strict";
import { createTerminal, fitLine } from "../../src/ui/terminal.ts";
import { VtScreen } from "../support/vt.ts";

Deno.test("terminal: lines print above a two-slot live region, which is erased at the end", () => {
  const screen = new VtScreen(40, 6);
  // The tty driver turns "\n" into "\r\n" on the way out (onlcr).
  const write = (text: string) => screen.write(text.replaceAll("\n", "\r\n"));
  const terminal = createTerminal({ isTty: true, write, columns: () => 40 });
  const bar = terminal.slot();
  const spinner = terminal.slot();
  terminal.print("first line\n");
  bar.set(["3 items | 1.0 MiB | 2.0 MiB/s"]);
  spinner.set(["⠋ waiting for you to pick… 2s"]);
  terminal.print("warning: a line printed while the region is live\n");
  assert.deepEqual(screen.lines(), [
    "first line",
    "warning: a line printed while the region is live",
    "3 items | 1.0 MiB | 2.0 MiB/s",
    "⠋ waiting for you to pick… 2s",
  ]);
  spinner.clear();
  bar.set(["x".repeat(60)]);
  terminal.print("summary");
  bar.clear();
  assert.deepEqual(screen.lines(), [
    "first line",
    "warning: a line printed while the region is live",
    "summary",
  ]);
});

Deno.test("terminal: off a terminal text passes through and the live region is never drawn", () => {
  const out: string[] = [];
  const terminal = createTerminal({ isTty: false, write: (t) => out.push(t) });
  const slot = terminal.slot();
  slot.set(["live"]);
  terminal.print("a line\n");
  slot.clear();
  terminal.end();
  assert.deepEqual(out, ["a line\n"]);
});

Deno.test("terminal: a live line is cut to the width, escape codes not counted", () => {
  assert.equal(fitLine("\x1b[36mabcdef\x1b[0m", 4), "\x1b[36mabcd\x1b[0m");
  assert.equal(fitLine("█░█", 3), "█░█");
  assert.equal(fitLine("⠋ ab", 10), "⠋ ab");
});
