import assert from "node:assert/strict";
import { ROOT } from "../support/cli.ts";
import { testLibrary } from "../support/library.ts";
import { VtScreen } from "../support/vt.ts";
import { terminalQr } from "../../src/ui/picker_prompt.ts";

// The CLI runs in a real pseudo-terminal (util-linux `script`) of a fixed size; its bytes are
// replayed through a VT screen and the final screen (scrollback included) is checked line by line.
const COLUMNS = 100;
const ROWS = 30;

/** Runs `gphotos-nas <args>` in a pty; `interrupt` says when to press Ctrl-C, given the output so far. */
async function runInPty(
  args: string[],
  env: Record<string, string>,
  interrupt?: (output: string) => boolean,
): Promise<{ code: number; screen: string[]; raw: string }> {
  const quoted = [Deno.execPath(), "run", "-A", "src/main.ts", ...args]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const child = new Deno.Command("script", {
    args: ["-qfec", `stty cols ${COLUMNS} rows ${ROWS} && exec ${quoted}`, "/dev/null"],
    cwd: ROOT,
    env: { ...env, TERM: "xterm", GPHOTOS_NAS_RETRY_SCALE: "0.001" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdin = child.stdin.getWriter();
  const decoder = new TextDecoder();
  let raw = "";
  let pressed = false;
  for await (const chunk of child.stdout) {
    raw += decoder.decode(chunk, { stream: true });
    if (interrupt && !pressed && interrupt(raw)) {
      pressed = true;
      await stdin.write(new TextEncoder().encode("\x03")); // the pty turns it into SIGINT
    }
  }
  const [status] = await Promise.all([child.status, child.stderr.cancel()]);
  await stdin.close().catch(() => {});
  const screen = new VtScreen(COLUMNS, ROWS);
  screen.write(raw);
  return { code: status.code, screen: screen.lines(), raw };
}

const SUMMARY =
  /^pick: \d+ listed, \d+ downloaded \(.*\), \d+ already in the library, .* in \S+, \d+ API request\(s\)$/;

Deno.test("terminal: the URL, the QR code, warnings and the summary stay on screen, none garbled", async () => {
  await using t = await testLibrary({
    itemCount: 30,
    seed: 5,
    bandwidthBytesPerSec: 400_000,
    picker: { pickAfterPolls: 8 },
    faults: { apiRate5xx: 0.25 },
  });
  const { code, screen, raw } = await runInPty(["pick", "--dest", t.dest], t.env);
  assert.equal(code, 0, screen.join("\n"));
  assert.match(raw, /\d+ items \| .*\/s/, "the live line was drawn");

  const intro = screen.indexOf(
    "open this address, choose the photos and videos to back up, then press Done:",
  );
  assert.ok(intro >= 0, screen.join("\n"));
  const uri = screen[intro + 1].trim();
  assert.match(uri, /^http:\/\/127\.0\.0\.1:\d+\/pick\//);
  // deno-lint-ignore no-control-regex -- the colour codes are what is stripped
  const qr = terminalQr(uri).replace(/\x1b\[[0-9;]*m/g, "").split("\n").filter(Boolean);
  assert.deepEqual(screen.slice(intro + 2, intro + 2 + qr.length), qr, "the QR code is intact");

  const rest = screen.slice(intro + 2 + qr.length);
  const warnings = rest.filter((line) => line.startsWith("warning:"));
  assert.ok(warnings.length > 0, "the injected 503s were warned about");
  const allowed = [
    /^warning: .*(503|unavailable).*; retrying in \d+ ms$/i,
    SUMMARY,
    /^newest item backed up so far: \d{4}-\d{2}-\d{2}; next time, pick what was taken after that day$/,
    /^\d+ video\(s\) are still being processed by Google; a later run fetches them$/,
    /^the picking session is kept until \S+: run `gphotos-nas pick --resume` to finish it/,
    /^summary: listed=\d+ downloaded=\d+ skipped=\d+ upgraded=0 failed=0 pending=\d+ undated=0 redated=0 bytes=\d+ exit=0$/,
  ];
  for (const line of rest) {
    assert.ok(allowed.some((pattern) => pattern.test(line)), `garbled or stray line: ${line}`);
  }
  assert.ok(rest.some((line) => SUMMARY.test(line)), "the summary stays");
  assert.ok(
    !screen.some((line) => /items \||waiting for you/.test(line)),
    "the live region is gone",
  );
});

Deno.test("terminal: after Ctrl-C the notice and the summary stay on screen", async () => {
  await using t = await testLibrary({ itemCount: 30, seed: 6, bandwidthBytesPerSec: 40_000 });
  const { code, screen } = await runInPty(
    ["pick", "--dest", t.dest, "--no-qr"],
    t.env,
    (output) => /[^/\d][1-9]\d*(\/\d+)? items \|/.test(output),
  );
  assert.equal(code, 130, screen.join("\n"));
  const notice = screen.findIndex((line) =>
    line.startsWith("warning: SIGINT: stopping; removing partial downloads")
  );
  assert.ok(notice >= 0, screen.join("\n"));
  const summary = screen.findIndex((line) => SUMMARY.test(line));
  assert.ok(summary > notice, screen.join("\n"));
  assert.ok(!screen.some((line) => /items \|/.test(line)), "the live region is gone");
});
