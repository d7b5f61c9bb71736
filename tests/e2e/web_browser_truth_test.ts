/**
 * The console in a real Chromium (tests/support/cdp.ts), where the issue was seen: a page open
 * across a restart of `serve` shows what the server has now and continues the kept pick with a
 * button; "downloading" (with bytes) as soon as the phone pressed Done; the inbox table at 375 and
 * 1280 px. Skipped, saying why, without /usr/bin/chromium. Screenshots of each width go to
 * `GPHOTOS_NAS_SHOTS` (a folder) when it is set.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Browser, type Page } from "../support/cdp.ts";
import { runCli } from "../support/cli.ts";
import { isReady, libraryFiles, testLibrary } from "../support/library.ts";
import { startServe } from "../support/web.ts";

const CHROMIUM = "/usr/bin/chromium";
const browserMissing = !(await Deno.stat(CHROMIUM).then(() => true, () => false));
if (browserMissing) {
  console.log(
    `web_browser_truth_test: skipped: no browser at ${CHROMIUM} (apt-get install chromium)`,
  );
}
const options = { ignore: browserMissing, sanitizeResources: false, sanitizeOps: false };

async function phase(page: Page, wanted: string, timeout = 60_000): Promise<void> {
  await page.waitForSelector(`#job[data-phase="${wanted}"]`, timeout);
}

Deno.test({
  ...options,
  name:
    "browser: after serve restarts, the open page offers the kept pick, and Continue picking finishes it",
  async fn() {
    await using t = await testLibrary({
      itemCount: 8,
      seed: 81,
      picker: { pickAfterPolls: 1e9, pollInterval: "0.05s" },
    });
    assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
    const first = await startServe(t.env, t.dest);
    const browser = await Browser.launch(CHROMIUM);
    try {
      const page = await browser.newPage();
      await page.setViewport(375, 800);
      await page.goto(`${first.origin}/?token=${first.token}`);
      const history = await page.call("Page.getNavigationHistory") as {
        entries: { url: string }[];
      };
      assert.ok(
        history.entries.every((e) => !e.url.includes(first.token)),
        "the token is in no history entry",
      );
      await page.navigation(() => page.click('button[data-post="/api/pick"]'));
      await phase(page, "waiting");
      const pickerUri = await page.evalOn("#job-uri", 'e.getAttribute("href")') as string;
      await first.kill("SIGKILL");
      await using again = await startServe(t.env, t.dest, ["--listen", `127.0.0.1:${first.port}`]);
      // The page notices, reconnects, and shows the server's truth: no run, a kept session.
      await page.waitForSelector("#kept-pick button", 30_000);
      const shots = Deno.env.get("GPHOTOS_NAS_SHOTS");
      if (shots) await Deno.writeFile(join(shots, "kept-pick-375.png"), await page.screenshot());
      assert.notEqual(await page.evalOn("#job", "e.dataset.phase ?? ''"), "waiting");
      assert.ok(
        await page.evalOn("#job-cancel", "e.hidden || document.getElementById('job').hidden"),
        "no Stop button for a run that is gone",
      );
      const text = await page.evaluate("document.body.innerText") as string;
      assert.doesNotMatch(text, /pick --resume|Waiting for you to pick/);
      assert.match(text, /Continue picking/);
      await page.click("#kept-pick button");
      await phase(page, "waiting");
      assert.equal(await page.evalOn("#job-uri", 'e.getAttribute("href")'), pickerUri);
      const phone = await browser.newPage();
      await phone.goto(pickerUri);
      await phone.close();
      await phase(page, "done");
      assert.equal((await libraryFiles(t.dest)).length, t.sim.items.filter(isReady).length);
      assert.ok(again.port === first.port);
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  ...options,
  name:
    "browser: once the phone pressed Done, the page says downloading, with bytes, before any file is whole",
  async fn() {
    await using t = await testLibrary({
      itemCount: 2,
      seed: 82,
      photoSize: [1_500_000, 1_500_000],
      videoSize: [1_500_000, 1_500_000],
      bandwidthBytesPerSec: 300_000,
      picker: { pickAfterPolls: 1e9, pollInterval: "0.05s" },
    });
    await using s = await startServe(t.env, t.dest);
    const browser = await Browser.launch(CHROMIUM);
    try {
      const page = await browser.newPage();
      await page.setViewport(375, 800);
      await page.goto(`${s.origin}/?token=${s.token}`);
      await page.navigation(() => page.click('button[data-post="/api/pick"]'));
      await phase(page, "waiting");
      const pickerUri = await page.evalOn("#job-uri", 'e.getAttribute("href")') as string;
      const phone = await browser.newPage();
      await phone.goto(pickerUri);
      await phone.close();
      await page.waitForFunction(
        'document.querySelector("#job").dataset.phase === "downloading" && ' +
          '/\\d (B|KiB|MiB)\\)/.test(document.getElementById("job-phase").textContent)',
        20_000,
      );
      const said = await page.evalOn("#job-phase", "e.textContent") as string;
      // A temp file (`.gphotos-nas-….part`) beside its target is a download under way, not a file.
      const whole = (await libraryFiles(t.dest)).filter((f) => !f.path.endsWith(".part"));
      assert.equal(whole.length, 0, `no file whole yet when it said: ${said}`);
      assert.match(said, /^Picked; downloading: 0 items \([\d.]+ (B|KiB|MiB)\)$/);
      await phase(page, "done");
    } finally {
      await browser.close();
    }
  },
});

Deno.test({
  ...options,
  name:
    "browser: the status page and its inbox table at 375 and 1280 px: no word broken into letters",
  async fn() {
    await using t = await testLibrary({ itemCount: 6, seed: 83 });
    assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
    const inbox = join(t.configDir, "inbox");
    await Deno.mkdir(inbox);
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const name of ["takeout-20261101T000000Z-001.zip", "takeout-20261101T000000Z-002.zip"]) {
      await Deno.writeFile(join(inbox, name), new Uint8Array(1000));
      await Deno.utime(join(inbox, name), hourAgo, hourAgo);
    }
    await Deno.writeFile(
      join(inbox, "takeout-20261215T093000Z-001.zip.crdownload"),
      new Uint8Array(9),
    );
    await using s = await startServe(t.env, t.dest, ["--inbox", inbox]);
    const browser = await Browser.launch(CHROMIUM);
    try {
      const page = await browser.newPage();
      for (const width of [375, 1280]) {
        await page.setViewport(width, 900, width > 800 ? 1 : 2);
        await page.goto(`${s.origin}/?token=${s.token}`);
        const states = await page.evaluate(`[...document.querySelectorAll("#inbox td.state")]
          .map((td) => { const r = document.createRange(); r.selectNodeContents(td);
            return { text: td.innerText, lines: new Set([...r.getClientRects()].map((c) => Math.round(c.top))).size }; })`) as {
          text: string;
          lines: number;
        }[];
        assert.deepEqual(states.map((x) => x.text).sort(), ["incomplete", "waiting"]);
        for (const state of states) {
          assert.equal(state.lines, 1, `"${state.text}" on one line at ${width} px`);
        }
        const scroll = await page.evaluate("document.documentElement.scrollWidth") as number;
        assert.ok(scroll <= width, `the page fits ${width} px (${scroll})`);
        const shots = Deno.env.get("GPHOTOS_NAS_SHOTS");
        if (shots) {
          await Deno.writeFile(join(shots, `status-${width}.png`), await page.screenshot());
        }
        for (const path of ["/pick", "/runs"]) {
          await page.goto(`${s.origin}${path}`);
          const wide = await page.evaluate("document.documentElement.scrollWidth") as number;
          assert.ok(wide <= width, `${path} fits ${width} px (${wide})`);
          if (shots) {
            await Deno.writeFile(
              join(shots, `${path.slice(1)}-${width}.png`),
              await page.screenshot(),
            );
          }
        }
      }
    } finally {
      await browser.close();
    }
  },
});
