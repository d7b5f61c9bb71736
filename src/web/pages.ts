/**
 * The console's three pages, server-rendered from the overview: status (health, next steps,
 * library totals, last runs, inbox), pick (start one, follow it) and runs (history, start an
 * import or a verify).
 *
 * @module
 */
import { formatBytes, formatDuration } from "../ui/progress.ts";
import { actionButton, ERROR_LINE, esc, jobPanel } from "./html.ts";
import type { Overview, RunRow } from "./overview.ts";

function counts(summary: Record<string, number> | undefined): string {
  if (!summary) return "";
  return Object.entries(summary).map(([k, v]) => k === "bytes" ? formatBytes(v) : `${v} ${k}`)
    .join(", ");
}

function result(run: RunRow, live?: string): string {
  if (!run.finishedAt && live === run.command) return `<span class="ok">running now</span>`;
  if (!run.finishedAt) return `<span class="bad">did not finish (killed)</span>`;
  return run.exitCode === 0
    ? `<span class="ok">ok</span>`
    : `<span class="bad">exit code ${esc(run.exitCode)}</span>`;
}

function duration(run: RunRow): string {
  return run.finishedAt
    ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt))
    : "";
}

function when(iso: string): string {
  return `<time datetime="${esc(iso)}">${esc(iso.slice(0, 16).replace("T", " "))} UTC</time>`;
}

/** One run in a table cell: when, result, duration, and its counts below. */
function runCell(run: RunRow, live?: string): string {
  const took = duration(run);
  return `${when(run.startedAt)} · ${result(run, live)}${took ? ` · ${esc(took)}` : ""}${
    run.summary ? `<br><span class="muted">${esc(counts(run.summary))}</span>` : ""
  }`;
}

function healthReason(o: Overview): string {
  const s = o.status;
  if (s.index !== "ok") return `the index reports damage: ${s.index}`;
  if (s.lastRun && !s.lastRun.finishedAt && o.live === s.lastRun.command) {
    return `a ${s.lastRun.command} is running now`;
  }
  if (s.lastRun && s.lastRun.exitCode !== 0) {
    return `the last run (${s.lastRun.command}) ${
      s.lastRun.finishedAt ? `ended with exit code ${s.lastRun.exitCode}` : "did not finish"
    }`;
  }
  return "the last run succeeded and the index is consistent";
}

/** The status page. */
export function statusPage(o: Overview): string {
  const s = o.status;
  const running = !!s.lastRun && !s.lastRun.finishedAt && o.live === s.lastRun.command;
  const fine = s.healthy || (running && s.index === "ok");
  const health = `<section id="health"><h2>Health</h2><p class="${fine ? "ok" : "bad"}"><b>${
    running ? "Running" : fine ? "Healthy" : "Needs attention"
  }</b>: ${esc(healthReason(o))}.</p><p class="muted">Token: ${esc(s.token.state)}${
    s.token.ageDays !== null ? ` (${s.token.ageDays} days old)` : ""
  } · pending at Google: ${s.pending}${
    s.diskFreeBytes !== null ? ` · disk free: ${formatBytes(s.diskFreeBytes)}` : ""
  }</p></section>`;
  const steps = o.nextSteps.length
    ? `<section id="next"><h2>Next steps</h2><ul>${
      o.nextSteps.map((t) => `<li>${esc(t)}</li>`).join("")
    }</ul></section>`
    : "";
  const lastRows = Object.entries(o.lastByKind).map(([kind, run]) =>
    `<tr><th>${kind}</th><td>${
      run ? runCell(run, o.live) : `<span class="muted">never</span>`
    }</td></tr>`
  ).join("");
  const lastRuns = `<section id="last-runs"><h2>Last runs</h2><table>${lastRows}</table></section>`;
  const rows = (list: { items: number; bytes: number }[], key: (x: never) => string) =>
    list.map((x) =>
      `<tr><td>${esc(key(x as never))}</td><td class="n">${x.items}</td><td class="n">${
        formatBytes(x.bytes)
      }</td></tr>`
    ).join("");
  const library = `<section id="library"><h2>Library</h2><p><b>${s.totalItems}</b> items, <b>${
    formatBytes(s.totalBytes)
  }</b> in <code>${esc(s.dest)}</code> · undated: <b id="undated">${s.undated}</b> in <code>${
    esc(s.dest)
  }/unknown-date/</code></p>
<table><tr><th>year</th><th class="n">items</th><th class="n">size</th></tr>${
    rows(s.perYear, (y: { year: string }) => y.year)
  }</table><br><table><tr><th>source</th><th class="n">items</th><th class="n">size</th></tr>${
    rows(s.perSource, (y: { source: string }) => y.source)
  }</table>${accountsTable(s.accounts, o.live)}</section>`;
  return health + steps + pickStarter(o) + jobPanel() + lastRuns + library +
    inboxSection(o);
}

/** A household's accounts: each one's items (a shared photo counts for each) and its last run. */
function accountsTable(accounts: Overview["status"]["accounts"], live?: string): string {
  const list = Object.entries(accounts);
  if (list.length === 0) return "";
  const rows = list.map(([name, a]) =>
    `<tr><td>${esc(name)}</td><td class="n">${a.items}</td><td class="n">${
      formatBytes(a.bytes)
    }</td><td>${
      a.lastRun
        ? `${esc(a.lastRun.command)}: ${runCell({ ...a.lastRun, id: 0 }, live)}`
        : `<span class="muted">never</span>`
    }</td></tr>`
  ).join("");
  return `<br><table id="accounts"><tr><th>account</th><th class="n">items</th>` +
    `<th class="n">size</th><th>last run</th></tr>${rows}</table>`;
}

/** A kept picking session, offered to finish without picking again. */
function keptPick(o: Overview): string {
  if (!o.keptPick) return "";
  const until = o.keptPick.until ? ` until ${when(o.keptPick.until)}` : "";
  return `<section id="kept-pick"><h2>A pick is not finished</h2><p>A picking session started
earlier is kept by Google${until}. Continue it: if you pressed Done, its items download; if not,
its page opens again.</p><p>${
    actionButton("/api/pick", "Continue picking", [], { resume: true })
  }</p></section>`;
}

function pickStarter(o: Overview | undefined): string {
  const pickFrom = o?.pickFrom;
  return (o ? keptPick(o) : "") + `<section id="start-pick"><h2>Pick photos from your phone</h2>
<p class="muted">Google's Picker lets you choose items in Google Photos; they download here.${
    pickFrom ? ` Your last pick reached ${esc(pickFrom)}: choose what was taken since.` : ""
  }</p><p><label>Keep items taken from <input type="date" id="from" value="${
    esc(pickFrom ?? "")
  }"></label></p><p>${
    actionButton("/api/pick", "Start a pick", ["from"])
  }</p>${ERROR_LINE}</section>`;
}

function inboxSection(o: Overview): string {
  if (!o.inbox) return "";
  // The reason gets a row of its own: beside the name it squeezed names and states into letters
  // on a phone.
  const rows =
    o.inbox.sets.map((set) =>
      `<tr${set.detail ? ` class="has-detail"` : ""}><td class="key">${
        esc(set.key)
      }</td><td class="${set.state === "failed" ? "bad state" : "state"}">${
        esc(set.state)
      }</td></tr>${
        set.detail
          ? `<tr class="detail"><td colspan="2" class="muted">${esc(set.detail)}</td></tr>`
          : ""
      }`
    ).join("") || `<tr><td colspan="2" class="muted">no exports in the inbox</td></tr>`;
  return `<section id="inbox"><h2>Takeout inbox</h2><p class="muted"><code>${
    esc(o.inbox.dir)
  }</code></p><table>${rows}</table></section>`;
}

/** The pick page: start a pick, follow it live (also after a reload). */
export function pickPage(o: Overview): string {
  return pickStarter(o) + jobPanel();
}

/** The runs page: the history from the index, and the runs a person may start from here. */
export function runsPage(o: Overview): string {
  const rows =
    o.runs.map((run) =>
      `<tr><td class="n">${run.id}</td><th>${esc(run.command)}</th><td>${
        runCell(run, o.live)
      }</td></tr>`
    ).join("") || `<tr><td colspan="3" class="muted">no runs recorded yet</td></tr>`;
  const start = `<section id="start-run"><h2>Start a run</h2><p>${
    o.inbox ? actionButton("/api/import", "Import the Takeout inbox") + " " : ""
  }${actionButton("/api/verify", "Verify the library")}</p>${ERROR_LINE}</section>`;
  return start + jobPanel() +
    `<section id="runs"><h2>Runs</h2><table>${rows}</table></section>`;
}

/** The status page of a folder that holds no library yet: a pick is the way to begin. */
export function firstRunPage(dest: string): string {
  return `<section id="health"><h2>No backup yet</h2><p><code>${
    esc(dest)
  }</code> holds no gphotos-nas library yet. Start with a pick below, or run <code>import</code>
or <code>backup</code> from the command line.</p></section>` + pickStarter(undefined) + jobPanel();
}
