/**
 * `deno task demo`: the whole job without a Google account. Starts the bundled simulator of Google's
 * APIs with a generated library, runs the real `auth` (the browser step played by this script),
 * `backup`, `pick` and `import` (a generated Takeout export) into `./demo-library`, and prints the
 * summaries, a short tree and a byte check against what was served.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSimulator } from "../src/simulator/mod.ts";
import { openCatalog } from "../src/library/catalog/mod.ts";
import { firstExport, writeExport } from "../src/simulator/takeout/mod.ts";
import { hashFile } from "../src/library/disk/files.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const dest = join(root, "demo-library");
const configDir = await Deno.makeTempDir({ prefix: "gphotos-nas-demo-config-" });
const say = (line: string) => console.log(`\x1b[1m==>\x1b[0m ${line}`);

function cli(args: string[], env: Record<string, string>, stdin: "piped" | "null" = "null") {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(root, "src/main.ts"), "--config-dir", configDir, ...args],
    env,
    stdin,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function pipeLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
    }
  }
  if (buffer) onLine(buffer);
}

// Like Google since 2025: the Library API serves only what this app created (here 30 %); the rest
// of the library is reached by picking, and a Takeout export brings the originals. Like Google's
// media hosts, videos (and some photos) redirect to a second host, and a few downloads meet the HTML
// 429 page (with a 1 s Retry-After, so the demo stays short) or an HTML 403 that renews the URL.
const sim = await startSimulator({
  itemCount: 300,
  seed: 7,
  appCreated: 0.3,
  faults: { mediaRate429: 0.03, retryAfterSeconds: 1, mediaRateExpired: 0.03 },
});
try {
  await Deno.remove(dest, { recursive: true }).catch(() => {});
  const env = {
    GPHOTOS_NAS_LIBRARY_API: sim.libraryOrigin,
    GPHOTOS_NAS_PICKER_API: sim.pickerOrigin,
    NO_COLOR: "1",
  };
  const secret = join(configDir, "downloaded_client_secret.json");
  await sim.writeClientSecret(secret);

  say("gphotos-nas auth --client-secret client_secret.json --no-browser");
  const auth = cli(["auth", "--client-secret", secret, "--no-browser"], env, "piped");
  let browsed = false;
  const stderrDone = pipeLines(auth.stderr, (line) => {
    console.log(`    ${line}`);
    const url = /(https?:\/\/\S+\/o\/oauth2\/\S+)/.exec(line)?.[1];
    if (url && !browsed) {
      browsed = true;
      // The "browser": Google's consent page approves and redirects to the CLI's loopback listener.
      (async () => {
        const consent = await fetch(url, { redirect: "manual" });
        await consent.body?.cancel();
        const back = await fetch(consent.headers.get("location")!);
        await back.body?.cancel();
      })();
    }
  });
  await auth.stdin.close();
  const [authStatus] = await Promise.all([auth.status, stderrDone, auth.stdout.cancel()]);
  if (!authStatus.success) throw new Error(`auth failed with exit code ${authStatus.code}`);

  const takeoutDir = join(configDir, "takeout");
  await Deno.mkdir(takeoutDir);
  const takeout = await firstExport("UTC", "demo");
  const parts = await writeExport(takeoutDir, "takeout-20261101T000000Z", takeout.files, {
    format: "zip",
    parts: 2,
  });
  for (
    const args of [
      ["backup", "--dest", dest, "--timezone", "UTC"],
      ["pick", "--dest", dest, "--timezone", "UTC", "--no-qr"],
      ["import", ...parts, "--dest", dest, "--timezone", "UTC", "--albums", "links"],
    ]
  ) {
    say(
      `gphotos-nas ${
        args.join(" ").replace(dest, "./demo-library").replaceAll(takeoutDir + "/", "")
      }`,
    );
    const child = cli([...args, "--json"], env);
    const [status, , stdout] = await Promise.all([
      child.status,
      pipeLines(child.stderr, (line) => console.log(`    ${line}`)),
      new Response(child.stdout).text(),
    ]);
    console.log(`    --json: ${stdout.trim()}`);
    if (status.code !== 0) throw new Error(`${args[0]} exited ${status.code}`);
  }

  say("what is on disk (first folders):");
  const years = [...Deno.readDirSync(dest)].filter((e) => e.isDirectory && /^\d{4}$/.test(e.name))
    .map((e) => e.name).sort();
  for (const year of years) {
    const days = [...Deno.readDirSync(join(dest, year))].map((e) => e.name).sort();
    console.log(`    ${year}/  (${days.length} day folders)`);
    for (const day of days.slice(0, 2)) {
      const files = [...Deno.readDirSync(join(dest, year, day))].map((e) => e.name).sort();
      console.log(`      ${day}/  ${files.slice(0, 4).join("  ")}${files.length > 4 ? "  …" : ""}`);
    }
  }

  say("checking every file against the bytes the simulator served");
  const index = openCatalog(dest, { readonly: true });
  const files = index.items.allFiles().filter((f) => f.state === "done");
  let identical = 0;
  const expected = new Map<string, string>();
  for (const item of sim.items) expected.set(await sim.sha256(item), item.id);
  for (const item of takeout.expected) expected.set(item.sha256, item.name);
  for (const file of files) {
    const actual = await hashFile(join(dest, file.relPath));
    if (actual.sha256 === file.sha256 && expected.has(actual.sha256)) identical++;
  }
  index.close();
  const ready = sim.items.filter((i) =>
    i.kind === "photo" || (i.videoStatus ?? "READY") === "READY"
  );
  console.log(
    `    ${identical} of ${files.length} files are byte-identical to what Google (simulated) ` +
      `served: the simulated library's ${ready.length} ready items and the Takeout export's ` +
      `${takeout.expected.length} files`,
  );
  console.log(
    `    on the way, ${sim.stats.mediaRedirects} downloads were redirected to a second media host ` +
      "(as Google sends videos to video-downloads.googleusercontent.com)",
  );
  say(`done: open ${dest} — run \`deno task demo\` again to start over`);
} finally {
  await sim.close();
  await Deno.remove(configDir, { recursive: true }).catch(() => {});
}
