/**
 * The console driven in a real headless browser (Debian's chromium through puppeteer-core) against
 * the simulator, at a phone's width. Skipped, saying why, where no chromium is installed.
 * `GPHOTOS_NAS_SCREENSHOT=docs/web-console.png` also saves the status page as the README shows it.
 */
import assert from "node:assert/strict";
import puppeteer, { type Page } from "puppeteer-core";
import { acquireLock } from "../src/library/lock.ts";
import { runCli } from "./support/cli.ts";
import { isReady, libraryFiles, testLibrary } from "./support/library.ts";
import { startServe } from "./support/web.ts";

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
  await page.waitForSelector(`#job[data-phase="${wanted}"]`, { timeout: 60_000 });
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
    const browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--headless=new"],
    });
    try {
      const stranger = await browser.createBrowserContext();
      const refused = await (await stranger.newPage()).goto(`${s.origin}/`);
      assert.equal(refused?.status(), 401);
      assert.doesNotMatch(await refused!.text(), /items|backup/);
      await stranger.close();

      const page = await browser.newPage();
      await page.setViewport({ width: 375, height: 800, isMobile: true, deviceScaleFactor: 2 });
      await page.goto(`${s.origin}/?token=${s.token}`);
      assert.equal(page.url(), `${s.origin}/`, "the token left the address bar");
      assert.equal(await page.evaluate("document.cookie"), "", "the cookie is HttpOnly");
      const lastRuns = await text(page, "#last-runs");
      assert.match(lastRuns, /backup\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · ok/);
      assert.match(await page.$eval("#health", (e) => e.textContent!), /Healthy/);
      const width = await page.evaluate("document.documentElement.scrollWidth") as number;
      assert.ok(width <= 375, `the page fits a phone (${width}px wide)`);

      // A scheduled run holds the library: the page says so and starts nothing.
      const lock = await acquireLock(t.dest, "import");
      await page.click('button[data-post="/api/pick"]');
      await page.waitForFunction(
        '/a run is in progress/.test(document.getElementById("action-error").textContent)',
      );
      await lock.release();

      await page.click('button[data-post="/api/pick"]');
      await page.waitForNavigation();
      assert.equal(new URL(page.url()).pathname, "/pick");
      await phase(page, "waiting");
      await page.reload();
      await phase(page, "waiting");
      const pickerUri = await page.$eval("#job-uri", (a) => a.getAttribute("href")!);
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
        await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
        await page.goto(`${s.origin}/pick`);
      }

      // The phone: open Google's page and choose.
      const phone = await browser.newPage();
      await phone.goto(pickerUri);
      await phone.close();
      await phase(page, "done");
      const done = await page.$eval("#job-phase", (e) => e.textContent!);
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
