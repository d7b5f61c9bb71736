import assert from "node:assert/strict";
import { NET_HOSTS } from "../src/permissions.ts";
import { AUTH_HOSTS, hostPermitted, RUN_HOSTS } from "./support/hosts.ts";
import { ROOT } from "./support/cli.ts";

/** The `--allow-net` lists of every shell example in the README and docs/. */
function readmeAllowNet(): string[][] {
  const pages = ["README.md", ...[...Deno.readDirSync(`${ROOT}docs`)].map((e) => `docs/${e.name}`)]
    .filter((name) => name.endsWith(".md"));
  const readme = pages.map((name) => Deno.readTextFileSync(`${ROOT}${name}`)).join("\n");
  const blocks = [...readme.matchAll(/```(?:sh|bash|cron)\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block) =>
    [...block.matchAll(/["']?--allow-net=["']?([^\s"']+)["']?/g)].map((m) => m[1].split(","))
  );
}

Deno.test("hosts: the baked --allow-net list permits every host the program uses, and no others", () => {
  for (const host of [...RUN_HOSTS, ...AUTH_HOSTS, "127.0.0.1"]) {
    assert.ok(
      hostPermitted(NET_HOSTS, host),
      `${host} is missing from the baked set (src/permissions.ts)`,
    );
  }
  for (const host of ["example.com", "googleusercontent.com.evil.example", "www.google.com"]) {
    assert.ok(!hostPermitted(NET_HOSTS, host), host);
  }
});

Deno.test("hosts: every scoped-run example in the README and docs/ permits what backup and pick use", () => {
  const examples = readmeAllowNet();
  assert.ok(examples.length >= 1, "the docs show a scoped run");
  for (const entries of examples) {
    for (const host of RUN_HOSTS) {
      assert.ok(hostPermitted(entries, host), `README --allow-net=${entries} lacks ${host}`);
    }
  }
});

Deno.test("hosts: Deno reads the baked list the way the program does (the *. wildcard included)", async () => {
  const probe = [
    ...RUN_HOSTS,
    ...AUTH_HOSTS,
    "googleusercontent.com",
    "example.com",
    "video-downloads.googleusercontent.com.example",
  ];
  const script = `for (const host of ${JSON.stringify(probe)}) ` +
    `console.log(host, (await Deno.permissions.query({ name: "net", host })).state);`;
  // `deno eval` grants everything, so the probe runs as a file under exactly the baked list.
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, script);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", `--allow-net=${NET_HOSTS.join(",")}`, file],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  await Deno.remove(file);
  assert.ok(output.success);
  const granted = new TextDecoder().decode(output.stdout).trim().split("\n")
    .map((line) => line.split(" ")).filter(([, state]) => state === "granted").map(([h]) => h);
  assert.deepEqual(granted, probe.filter((host) => hostPermitted(NET_HOSTS, host)));
  assert.ok(granted.includes("video-downloads.googleusercontent.com"));
  assert.ok(!granted.includes("example.com"));
  assert.ok(hostPermitted(["127.0.0.1:8080"], "127.0.0.1:8080"));
  assert.ok(!hostPermitted(["127.0.0.1:8080"], "127.0.0.1:8081"));
});
