/**
 * The console's door: the login link exchanged once for a short session cookie (never the token),
 * `serve --rotate-token`, the Host names it is reached by (any port), and the small refusals that
 * must be 4xx, never 500 or a redirect off-site.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { newSession, sessionCookieName } from "../../src/web/session.ts";
import { browsableHost } from "../../src/web/address.ts";
import { terminalQr } from "../../src/ui/picker_prompt.ts";
import { ROOT, runCli } from "../support/cli.ts";
import { testLibrary } from "../support/library.ts";
import { login, rawGet, startServe } from "../support/web.ts";

Deno.test("serve: the login link gives a short session cookie named by port, never the token", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 51 });
  assert.equal((await runCli(["backup", "--dest", t.dest], { env: t.env })).code, 0);
  await using s = await startServe(t.env, t.dest);
  const response = await fetch(`${s.origin}/?token=${s.token}`, { redirect: "manual" });
  await response.body?.cancel();
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("referrer-policy"), "no-referrer");
  const cookie = response.headers.get("set-cookie") ?? "";
  assert.ok(cookie.startsWith(`${sessionCookieName(s.port)}=`), cookie);
  assert.ok(!cookie.includes(s.token), "the cookie is not the token");
  const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
  assert.ok(maxAge > 0 && maxAge <= 12 * 3600, `a short lifetime: ${cookie}`);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const session = cookie.split(";")[0];
  assert.equal((await fetch(`${s.origin}/api/job`, { headers: { cookie: session } })).status, 200);
  // The token itself is no cookie: another service on the NAS that received one learns nothing.
  const asCookie = await fetch(`${s.origin}/api/job`, {
    headers: { cookie: `gphotos_nas_token=${s.token}` },
  });
  await asCookie.body?.cancel();
  assert.equal(asCookie.status, 401);
  // Another console's port names another cookie.
  const other = session.replace(sessionCookieName(s.port), sessionCookieName(s.port + 1));
  const wrongPort = await fetch(`${s.origin}/api/job`, { headers: { cookie: other } });
  await wrongPort.body?.cancel();
  assert.equal(wrongPort.status, 401);
});

Deno.test("serve: a session is renewed while used and refused once expired (the binary's permissions)", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 52 });
  await using s = await startServe(t.env, t.dest, [], { baked: true });
  const name = sessionCookieName(s.port);
  const hour = 3_600_000;
  const ageing = newSession(s.token, Date.now() - 11 * hour);
  const renewed = await fetch(`${s.origin}/api/job`, { headers: { cookie: `${name}=${ageing}` } });
  await renewed.body?.cancel();
  assert.equal(renewed.status, 200);
  const fresh = renewed.headers.get("set-cookie") ?? "";
  assert.ok(fresh.startsWith(`${name}=`) && !fresh.includes(ageing), `renewed: ${fresh}`);
  const expired = newSession(s.token, Date.now() - 13 * hour);
  const old = await fetch(`${s.origin}/api/job`, { headers: { cookie: `${name}=${expired}` } });
  await old.body?.cancel();
  assert.equal(old.status, 401);
});

Deno.test("serve --rotate-token: a new token, and every session and the old link end", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 53 });
  await using s = await startServe(t.env, t.dest);
  const session = await login(s.origin, s.token);
  assert.equal((await fetch(`${s.origin}/api/job`, { headers: { cookie: session } })).status, 200);
  const rotated = await runCli(["serve", "--rotate-token", "--listen", `127.0.0.1:${s.port}`], {
    env: t.env,
  });
  assert.equal(rotated.code, 0, rotated.stderr);
  const token = (await Deno.readTextFile(join(t.configDir, "web-token"))).trim();
  assert.notEqual(token, s.token);
  assert.ok(rotated.stdout.includes(`http://127.0.0.1:${s.port}/?token=${token}`));
  const gone = await fetch(`${s.origin}/api/job`, { headers: { cookie: session } });
  await gone.body?.cancel();
  assert.equal(gone.status, 401, "the running console ended the old session");
  const oldLink = await fetch(`${s.origin}/?token=${s.token}`, { redirect: "manual" });
  await oldLink.body?.cancel();
  assert.equal(oldLink.status, 401);
  assert.ok((await login(s.origin, token)).length > 0, "the new link logs in");
});

Deno.test("serve: the Host check accepts the console's names on any port and refuses others", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 54 });
  await Deno.writeTextFile(
    join(t.configDir, "config.json"),
    JSON.stringify({ webHosts: ["photos.home.arpa"] }),
  );
  await using s = await startServe(t.env, t.dest);
  const auth = `Authorization: Bearer ${s.token}\r\n`;
  for (
    const host of [
      "localhost:9000", // ssh -L 9000:127.0.0.1:8727
      "127.0.0.1:8080", // docker -p 8080:8727
      `${Deno.hostname()}:9000`,
      `${Deno.hostname()}.local`,
      "photos.home.arpa:443", // a reverse proxy passing the name on
    ]
  ) {
    assert.match(await rawGet(s.port, host, "/api/job", auth), /^HTTP\/1\.1 200/, host);
  }
  for (
    const host of ["evil.example:9000", `evil.example:${s.port}`, "photos.home.arpa.evil.example"]
  ) {
    assert.match(await rawGet(s.port, host, "/api/job", auth), /^HTTP\/1\.1 403/, host);
  }
});

Deno.test("serve: a null body or a broken Host is a 4xx; the login link never leads off-site", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 55 });
  await using s = await startServe(t.env, t.dest);
  const nullBody = await fetch(`${s.origin}/api/pick`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
    body: "null",
  });
  assert.equal(nullBody.status, 400, await nullBody.text());
  const broken = await rawGet(s.port, "a b", "/api/job", `Authorization: Bearer ${s.token}\r\n`);
  assert.match(broken, /^HTTP\/1\.1 4\d\d/, broken);
  const offsite = await rawGet(s.port, `127.0.0.1:${s.port}`, `//other.example/?token=${s.token}`);
  assert.match(offsite, /^HTTP\/1\.1 303/);
  const location = /\r\nlocation: (\S*)/i.exec(offsite)?.[1];
  assert.ok(location?.startsWith("/") && !location.startsWith("//"), `stays here: ${location}`);
  assert.doesNotMatch(s.stderr(), /deprecat/i, "no deprecation warning in the log");
});

Deno.test("serve: a web-token other users can read is tightened to 0600 with a warning", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 56 });
  const path = join(t.configDir, "web-token");
  await Deno.writeTextFile(path, "A".repeat(43) + "\n", { mode: 0o644 });
  await Deno.chmod(path, 0o644);
  await using s = await startServe(t.env, t.dest);
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  assert.match(s.stderr(), /web-token was readable by other users; its mode is now 0600/);
});

Deno.test("serve --show-url --listen 0.0.0.0: the link names this machine's LAN address", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 57 });
  const lan = Deno.networkInterfaces().find((i) =>
    i.family === "IPv4" && !i.address.startsWith("127.")
  );
  const shown = await runCli(["serve", "--show-url", "--listen", "0.0.0.0:8727"], { env: t.env });
  assert.equal(shown.code, 0, shown.stderr);
  if (!lan) {
    console.log("skipped the LAN half: this machine has no IPv4 address but loopback");
    return;
  }
  assert.match(
    shown.stdout,
    new RegExp(`^http://${lan.address.replaceAll(".", "\\.")}:8727/\\?token=`),
  );
});

Deno.test("serve --show-url on a terminal: the login link and its QR code, for a phone", async () => {
  await using t = await testLibrary({ itemCount: 4, seed: 58 });
  const cli = [
    Deno.execPath(),
    "run",
    "-A",
    "src/main.ts",
    "serve",
    "--show-url",
    "--listen",
    "0.0.0.0:8727",
  ]
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  // A real pseudo-terminal (util-linux `script`), as a person at the NAS's console has.
  const out = await new Deno.Command("script", {
    args: ["-qfec", `stty cols 120 rows 40 && exec ${cli}`, "/dev/null"],
    cwd: ROOT,
    env: { ...t.env, TERM: "xterm" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const screen = new TextDecoder().decode(out.stdout).replaceAll("\r\n", "\n");
  const token = (await Deno.readTextFile(join(t.configDir, "web-token"))).trim();
  const url = `http://${browsableHost("0.0.0.0")}:8727/?token=${token}`;
  assert.ok(screen.includes(`${url}\n`), screen);
  assert.ok(screen.includes(terminalQr(url)), "the QR code of the link follows it");
});
