/**
 * The console driven in a real headless browser (Debian's chromium through our small DevTools
 * Protocol client, tests/support/cdp.ts) against the simulator, at a phone's width. Skipped,
 * saying why, where no chromium is installed.
 * `GPHOTOS_NAS_SCREENSHOT=docs/web-console.png` also saves the status page as docs/WEB.md shows it.
 */
import assert from "node:assert/strict";
import { acquireLock } from "../../src/library/guard/lock.ts";
import { sessionCookieName } from "../../src/web/session.ts";
import { Browser, type Page } from "../support/cdp.ts";
import { runCli } from "../support/cli.ts";
import { isReady, libraryFiles, testLibrary } from "../support/library.ts";
import { startServe } from "../support/web.ts";

const CHROMIUM = "/usr/bin/chromium";
const browserMissing = !(await Deno.stat(CHROMIUM).then(() => true, () => false));
if (browserMissing) {
  console.log(`web_browser_test: skipped: no browser at ${CHROMIUM} (apt-get install chromium)`);
}

/** What a person reads in `selector` (innerText: rendered, with table cells apart). */
async function text(page: Page, selector: string): Promise<string> {
  return await page.evaluate(
    `document.querySelector(${JSON.stringify(selector)}).innerText`,
  ) as string;
}

async function phase(page: Page, wanted: string): Promise<void> {
  await page.waitForSelector(`#job[data-phase="${wanted}"]`, 60_000);
}

Deno.test({
  name:
    "web console in a browser: status shows a finished run; a pick from the page lands its files",
  ignore: browserMissing,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // The simulated user picks only when the picking page is opened, as on a phone.
    await using t = await testLibrary({
      itemCount: 24,
      seed: 11,
      picker: { pickAfterPolls: 1e9, pollInterval: "0.05s" },
    });
    assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
    await using s = await startServe(t.env, t.dest);
    const browser = await Browser.launch(CHROMIUM);
    try {
      const stranger = await browser.newContext();
      const refused = await (await browser.newPage(stranger)).goto(`${s.origin}/`);
      assert.equal(refused.status, 401);
      assert.doesNotMatch(refused.text, /items|backup/);
      await browser.closeContext(stranger);

      const page = await browser.newPage();
      await page.setViewport(375, 800);
      await page.goto(`${s.origin}/?token=${s.token}`);
      assert.equal(await page.url(), `${s.origin}/`, "the token left the address bar");
      assert.equal(await page.evaluate("document.cookie"), "", "the cookie is HttpOnly");
      const cookie = (await page.cookies()).find((c) => c.name === sessionCookieName(s.port));
      assert.ok(cookie?.httpOnly, "the browser holds the session cookie, HttpOnly");
      assert.equal(cookie.sameSite, "Strict");
      const lastRuns = await text(page, "#last-runs");
      assert.match(lastRuns, /backup\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · ok/);
      assert.match(await page.evalOn("#health", "e.textContent") as string, /Healthy/);
      const width = await page.evaluate("document.documentElement.scrollWidth") as number;
      assert.ok(width <= 375, `the page fits a phone (${width}px wide)`);

      // A scheduled run holds the library: the page says so and starts nothing.
      const lock = await acquireLock(t.dest, "import");
      await page.click('button[data-post="/api/pick"]');
      await page.waitForFunction(
        '/a run is in progress/.test(document.getElementById("action-error").textContent)',
      );
      await lock.release();

      await page.navigation(() => page.click('button[data-post="/api/pick"]'));
      assert.equal(new URL(await page.url()).pathname, "/pick");
      await phase(page, "waiting");
      await page.reload();
      await phase(page, "waiting");
      const pickerUri = await page.evalOn("#job-uri", 'e.getAttribute("href")') as string;
      assert.match(pickerUri, /\/pick\/[0-9a-f]+$/);
      await page.waitForFunction(
        'document.querySelector("#job-qr img")?.complete && ' +
          'document.querySelector("#job-qr img").naturalWidth > 0',
      );

      const screenshot = Deno.env.get("GPHOTOS_NAS_SCREENSHOT");
      if (screenshot) {
        await page.goto(`${s.origin}/`);
        await phase(page, "waiting");
        await page.waitForSelector("#job-qr img");
        await Deno.writeFile(screenshot, await page.screenshot());
        await page.goto(`${s.origin}/pick`);
      }

      // The phone: open Google's page and choose.
      const phone = await browser.newPage();
      await phone.goto(pickerUri);
      await phone.close();
      await phase(page, "done");
      const done = await page.evalOn("#job-phase", "e.textContent") as string;
      const ready = t.sim.items.filter(isReady).length;
      const files = await libraryFiles(t.dest);
      assert.equal(files.length, ready, "every ready item is on disk");
      assert.match(done, /Done: \d+ listed, \d+ downloaded/);

      await page.goto(`${s.origin}/runs`);
      const runs = await text(page, "#runs");
      assert.match(runs, /pick\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · ok/);
    } finally {
      await browser.close();
    }
  },
});
