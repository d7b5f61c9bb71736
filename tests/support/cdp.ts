/**
 * A minimal Chrome DevTools Protocol client for the browser test, just what it drives, so that
 * deno.lock stays within the project's 40 npm packages (puppeteer-core alone brought 23). Chromium
 * is a `Deno.Command` child, spoken to over Deno's WebSocket with flat sessions (`sessionId`).
 *
 * @module
 */

/** A DevTools message's params or result. */
export type Json = Record<string, unknown>;
/** Sends one DevTools command in a page's session and resolves with its result. */
export type Call = (method: string, params?: Json) => Promise<Json>;
/** An action on a page that settles when done. */
export type Fn = () => Promise<unknown>;
type Child = Deno.ChildProcess;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One tab, attached over its own flat session; from {@linkcode Browser.newPage}. */
export class Page {
  /** `call` sends in this page's session, `loaded` resolves on its next load, `close` closes it. */
  constructor(readonly call: Call, readonly loaded: Fn, readonly close: Fn) {}

  /** Navigates and resolves once the load event fired, with the document's status and HTML. */
  async goto(url: string): Promise<{ status: number; text: string }> {
    return await this.navigation(async () => {
      const { errorText } = await this.call("Page.navigate", { url });
      if (errorText) throw new Error(`goto ${url}: ${errorText}`);
    });
  }

  /** Reloads and resolves once the load event fired. */
  async reload(): Promise<{ status: number; text: string }> {
    return await this.navigation(() => this.call("Page.reload"));
  }

  /**
   * Runs `action` and waits for the load it causes (listening first, so a fast one is not missed).
   * The status comes from the page's navigation timing: no `Network.responseReceived` tracking.
   */
  async navigation(action: Fn): Promise<{ status: number; text: string }> {
    const loaded = this.loaded();
    await action();
    await loaded;
    return await this.evaluate(`({ text: document.documentElement.outerHTML,
      status: performance.getEntriesByType("navigation")[0].responseStatus })`) as never;
  }

  /** The address bar. */
  async url(): Promise<string> {
    return await this.evaluate("location.href") as string;
  }

  /** The value of `expression` (awaited if a promise), as JSON; throws what the page threw. */
  async evaluate(expression: string): Promise<unknown> {
    const params = { expression, awaitPromise: true, returnByValue: true };
    const r = await this.call("Runtime.evaluate", params);
    const thrown = r.exceptionDetails as { text: string; exception?: Json } | undefined;
    if (thrown) throw new Error(`${expression}: ${thrown.exception?.description ?? thrown.text}`);
    return (r.result as Json).value;
  }

  /** `expression` with `e` bound to the first match of `selector` (puppeteer's `$eval`). */
  async evalOn(selector: string, expression: string): Promise<unknown> {
    const s = JSON.stringify(selector);
    const f = `(e => { if (!e) throw new Error("no " + ${s}); return ${expression}; })`;
    return await this.evaluate(`${f}(document.querySelector(${s}))`);
  }

  /**
   * Polls until `expression` is truthy. Errors count as not yet: a navigation in progress
   * destroys the context mid-evaluate. Bounded, so a broken page fails instead of hanging.
   */
  async waitForFunction(expression: string, timeout = 30_000): Promise<void> {
    const end = Date.now() + timeout;
    let last: unknown = "still false";
    while (Date.now() < end) {
      if (await this.evaluate(expression).catch((e) => (last = e, false))) return;
      await sleep(50);
    }
    throw new Error(`timed out after ${timeout} ms waiting for ${expression}: ${last}`);
  }

  /** Waits until `selector` matches an element. */
  async waitForSelector(selector: string, timeout = 30_000): Promise<void> {
    await this.waitForFunction(`!!document.querySelector(${JSON.stringify(selector)})`, timeout);
  }

  /** `element.click()` on the first match: what the page's handlers see from a tap. */
  async click(selector: string): Promise<void> {
    await this.evalOn(selector, "(e.click(), true)");
  }

  /** Emulates a phone `width` px wide (`mobile`: the viewport meta tag applies, as on a phone). */
  async setViewport(width: number, height: number, deviceScaleFactor = 2): Promise<void> {
    const metrics = { width, height, deviceScaleFactor, mobile: true };
    await this.call("Emulation.setDeviceMetricsOverride", metrics);
  }

  /** The cookies this page would send, with the flags the server set. */
  async cookies(): Promise<{ name: string; httpOnly: boolean; sameSite?: string }[]> {
    return (await this.call("Network.getCookies")).cookies as [];
  }

  /** A PNG of the whole page, beyond the viewport, at the emulated scale. */
  async screenshot(): Promise<Uint8Array> {
    const { cssContentSize } = await this.call("Page.getLayoutMetrics");
    const clip = { x: 0, y: 0, ...cssContentSize as Json, scale: 1 };
    const shot = await this.call("Page.captureScreenshot", { captureBeyondViewport: true, clip });
    return Uint8Array.from(atob(shot.data as string), (c) => c.charCodeAt(0));
  }
}

/** A headless chromium child and the one socket to it. */
export class Browser {
  #id = 0;
  #calls = new Map<number, { ok: (r: Json) => void; fail: (e: Error) => void }>();
  #loads = new Map<string, () => void>(); // one waiter a page: the test navigates in turn
  private constructor(private child: Child, private ws: WebSocket, private dir: string) {
    ws.onmessage = (m) => this.#receive(JSON.parse(m.data));
  }

  /** Starts `executable` headless on a throwaway profile and connects to it. */
  static async launch(executable: string): Promise<Browser> {
    const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-chromium-" });
    // Port 0: chromium picks a free one and prints it. No sandbox: CI runs as root.
    const args = ["--headless=new", "--remote-debugging-port=0", `--user-data-dir=${dir}`];
    args.push("--no-sandbox", "--no-first-run", "--disable-gpu", "about:blank");
    const opts = { args, stdin: "null", stdout: "null", stderr: "piped" } as const;
    const child = new Deno.Command(executable, opts).spawn();
    // Read stderr for the child's whole life: a full pipe would stall chromium.
    let err = "";
    const decoder = new TextDecoder();
    (async () => {
      for await (const chunk of child.stderr) err = (err + decoder.decode(chunk)).slice(-20_000);
    })();
    const end = Date.now() + 30_000;
    let url: string | undefined;
    while (!(url = /DevTools listening on (ws:\/\/\S+)/.exec(err)?.[1])) {
      if (Date.now() > end) throw new Error(`chromium did not start:\n${err}`);
      await sleep(20);
    }
    const ws = new WebSocket(url);
    await new Promise((ok, fail) => {
      ws.onopen = ok;
      ws.onerror = () => fail(new Error(`cannot connect to ${url}`));
    });
    return new Browser(child, ws, dir);
  }

  /** Replies settle their call; a load event wakes whoever waits on that page's session. */
  #receive(m: { id?: number; error?: Json; result?: Json; method?: string; sessionId?: string }) {
    const call = this.#calls.get(m.id ?? -1);
    this.#calls.delete(m.id ?? -1);
    if (m.error) call?.fail(new Error(`${m.error.message} ${m.error.data ?? ""}`));
    else call?.ok(m.result!);
    if (m.method === "Page.loadEventFired") this.#loads.get(m.sessionId!)?.();
  }

  #send(method: string, params: Json = {}, sessionId?: string): Promise<Json> {
    const id = ++this.#id;
    this.ws.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise((ok, fail) => this.#calls.set(id, { ok, fail }));
  }

  /** A new isolated context (its own cookies), for pages that must not share the default's. */
  async newContext(): Promise<string> {
    return (await this.#send("Target.createBrowserContext")).browserContextId as string;
  }

  /** Disposes of a context from {@linkcode newContext} and its pages. */
  async closeContext(browserContextId: string): Promise<void> {
    await this.#send("Target.disposeBrowserContext", { browserContextId });
  }

  /** A blank page, in `browserContextId` if given, with the domains Page uses enabled. */
  async newPage(browserContextId?: string): Promise<Page> {
    const blank = { url: "about:blank", browserContextId };
    const target = await this.#send("Target.createTarget", blank);
    const { sessionId } = await this.#send("Target.attachToTarget", { ...target, flatten: true });
    const s = sessionId as string;
    const page = new Page(
      (method, params) => this.#send(method, params, s),
      () => new Promise<void>((ok) => this.#loads.set(s, ok)),
      () => this.#send("Target.closeTarget", target),
    );
    await Promise.all(["Page", "Runtime", "Network"].map((d) => page.call(`${d}.enable`)));
    return page;
  }

  /** Asks chromium to quit, kills it if it has not within 5 s, and removes its profile. */
  async close(): Promise<void> {
    const kill = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    this.#send("Browser.close").catch(() => {}); // the socket may drop before the reply
    await this.child.status;
    clearTimeout(kill);
    this.ws.close();
    await Deno.remove(this.dir, { recursive: true }).catch(() => {});
  }
}
