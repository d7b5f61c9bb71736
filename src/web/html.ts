/**
 * The pages' frame: escaping, the layout (phone-first, no external resources), and the live job
 * panel with its small inline script, shared by the status, pick and runs pages.
 *
 * @module
 */

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f6f4}
header{background:#234;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;flex-wrap:wrap;align-items:baseline}
header a{color:#fff}header b{margin-right:auto}
main{max-width:46rem;margin:0 auto;padding:.5rem 1rem 2rem}
section{background:#fff;border-radius:8px;padding:.6rem .9rem;margin:.8rem 0;box-shadow:0 1px 2px #0002}
h2{font-size:1.05rem;margin:.2rem 0 .5rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.2rem .3rem;border-bottom:1px solid #eee;vertical-align:top}
td.n,th.n{text-align:right}
.ok{color:#176b2c}.bad{color:#a3150f}.muted{color:#666;font-size:.9rem}
button{font:inherit;padding:.55rem 1rem;border-radius:6px;border:0;background:#2a5bd7;color:#fff}
button{margin:.2rem .2rem .2rem 0}button:disabled{background:#999}input{font:inherit;padding:.3rem}
progress{width:100%;height:1.1rem}
#job-qr svg,#job-qr img{width:12rem;height:12rem}
.lines{font:12px/1.3 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere;max-height:12rem;overflow:auto;background:#f3f3f3;padding:.3rem}
a,code,td{overflow-wrap:anywhere;word-break:break-word}
td.c{font-size:.85rem}
td.state{white-space:nowrap;word-break:normal;overflow-wrap:normal;width:1%}
td.key{word-break:normal}tr.has-detail td{border-bottom:0}tr.detail td{padding-top:0}
`;

/** A whole page. `nonce` allows this page's one inline script under the CSP. */
export function layout(title: string, body: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · gphotos-nas</title><style>${STYLE}</style></head><body>
<header><b>gphotos-nas</b><a href="/">Status</a><a href="/pick">Pick</a><a href="/runs">Runs</a></header>
<main>${body}</main>
<script nonce="${esc(nonce)}">${SCRIPT}</script></body></html>`;
}

/** The live view of the current job (filled in by the script from `/api/events`). */
export function jobPanel(): string {
  return `<section id="job" hidden><h2>Current run: <span id="job-kind"></span></h2>
<p id="job-phase" role="status"></p>
<p id="job-link" hidden>On your phone, open <a id="job-uri" target="_blank" rel="noopener noreferrer"></a>
or scan:</p><div id="job-qr"></div>
<progress id="job-progress" hidden></progress>
<p><button id="job-cancel" type="button" hidden>Stop this run</button></p>
<p id="job-resume" hidden>${actionButton("/api/pick", "Continue picking", [], { resume: true })}</p>
<div class="lines" id="job-lines"></div></section>`;
}

/**
 * A button that POSTs its `data-post` path with `fixed` (`data-body`) and the values of the inputs
 * named in `data-with`.
 */
export function actionButton(
  path: string,
  label: string,
  inputs: string[] = [],
  fixed: Record<string, unknown> = {},
): string {
  const body = Object.keys(fixed).length ? ` data-body="${esc(JSON.stringify(fixed))}"` : "";
  return `<button type="button" data-post="${esc(path)}" data-with="${
    esc(inputs.join(","))
  }"${body}>${esc(label)}</button>`;
}

/** Where errors of a button's request are shown. */
export const ERROR_LINE = `<p class="bad" id="action-error" role="alert"></p>`;

// Plain ES2017 so any phone's browser runs it; no data but the job's state ever reaches it.
const SCRIPT = `
const $ = (id) => document.getElementById(id);
function label(j) {
  const n = j.summary ? (j.summary.downloaded ?? j.items) : j.items;
  switch (j.phase) {
    case "starting": return "Starting…";
    case "waiting": return "Waiting for you to pick in Google Photos, then press Done there.";
    case "downloading": return j.total !== undefined
      ? (j.kind === "pick" ? "Picked " + j.total + ", downloading " : "Working: ") + j.items + " of " + j.total + (j.bytes ? " (" + j.bytes + ")" : "")
      : (j.kind === "pick" ? "Picked; downloading: " : "Working: ") + j.items + " items" + (j.bytes ? " (" + j.bytes + ")" : "");
    case "done": return "Done: " + (j.summary ? Object.entries(j.summary).map(([k, v]) => v + " " + k).join(", ") : n + " items") + ".";
    case "cancelled": return "Stopped.";
    default: return "Failed: " + (j.message || "exit code " + j.exitCode);
  }
}
function show(j) {
  const panel = $("job");
  if (!panel || !j) return;
  panel.hidden = false;
  panel.dataset.phase = j.phase;
  $("job-kind").textContent = j.kind;
  $("job-phase").textContent = label(j);
  const live = j.phase === "starting" || j.phase === "waiting" || j.phase === "downloading";
  const link = j.pickerUri && j.phase === "waiting";
  $("job-link").hidden = !link;
  if (link && $("job-uri").textContent !== j.pickerUri) {
    $("job-uri").textContent = j.pickerUri;
    $("job-uri").href = j.pickerUri;
    $("job-qr").innerHTML = '<img alt="QR code of the picking address" src="/api/job/qr.svg?job=' + j.id + '">';
  }
  if (!link) $("job-qr").innerHTML = "";
  const bar = $("job-progress");
  bar.hidden = j.phase !== "downloading";
  if (j.total) { bar.max = j.total; bar.value = j.items; } else bar.removeAttribute("value");
  $("job-cancel").hidden = !live;
  $("job-resume").hidden = live || !j.keptUntil;
  $("job-lines").textContent = j.lines.join("\\n");
  document.querySelectorAll("button[data-post]").forEach((b) => b.disabled = live);
}
async function post(path, body) {
  const r = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body || {}) });
  const data = await r.json().catch(() => ({}));
  const err = $("action-error");
  if (err) err.textContent = r.ok ? "" : (data.error || "the server refused: " + r.status);
  return r.ok;
}
document.querySelectorAll("button[data-post]").forEach((b) => b.addEventListener("click", async () => {
  const body = JSON.parse(b.dataset.body || "{}");
  (b.dataset.with || "").split(",").filter(Boolean).forEach((n) => body[n] = $(n).value);
  if (await post(b.dataset.post, body) && b.dataset.post === "/api/pick" && location.pathname !== "/pick") location.href = "/pick";
}));
if ($("job-cancel")) $("job-cancel").addEventListener("click", () => post("/api/job/cancel"));
if ($("job")) {
  // After a restart of the console (or a lost link) the page shows what the server has now: the
  // old run is gone from the panel at once, and the page reloads as soon as the server answers.
  let lost = false;
  const events = new EventSource("/api/events");
  events.onmessage = (e) => show(JSON.parse(e.data));
  events.onerror = () => {
    if (lost || $("job").hidden) { lost = true; return; }
    lost = true;
    $("job").dataset.phase = "lost";
    $("job-phase").textContent = "Lost contact with the console; reconnecting…";
    $("job-cancel").hidden = true;
    $("job-resume").hidden = true;
    $("job-link").hidden = true;
    $("job-qr").innerHTML = "";
    $("job-progress").hidden = true;
  };
  events.onopen = () => { if (lost) location.reload(); };
}
`;
