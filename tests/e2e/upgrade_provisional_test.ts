/**
 * A picked photo whose Takeout original arrives before its sidecar: Google splits an export into
 * parts by size, so the sidecar may sit in a part the inbox gets a run later. The original is
 * placed provisionally (`unknown-date/`), and when its sidecar arrives it must take the picked
 * copy's place exactly as a direct upgrade does.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli, type RunJson } from "../support/cli.ts";
import { libraryFiles, testLibrary } from "../support/library.ts";
import {
  deliverParts,
  lateSidecarExport,
  sha256,
  simItemsOf,
  wholeExport,
} from "../../src/simulator/takeout/mod.ts";
import { parseXmp } from "../../src/metadata/xmp_parse.ts";

const ZONE = "Europe/Berlin";
const STEM = "takeout-20261101T000000Z";

Deno.test("upgrade: a provisional original takes its picked copy's place once its sidecar arrives in a later part", async () => {
  const staged = lateSidecarExport(ZONE);
  await using t = await testLibrary({ items: simItemsOf(wholeExport(staged)) });
  const env = { ...t.env, TZ: ZONE };
  const inbox = await Deno.makeTempDir({ prefix: "gphotos-nas-inbox-" });
  try {
    const pick = await runCli(["pick", "--dest", t.dest, "--no-qr", "--json"], { env });
    assert.equal(pick.code, 0, pick.stderr);
    assert.equal(pick.json<RunJson>().downloaded, staged.expected.length);
    const picked = (await libraryFiles(t.dest)).find((f) => f.path.endsWith("/IMG_LATE.jpg"))!;
    assert.equal(picked.path, `${staged.late.folder}/IMG_LATE.jpg`);

    const run = () =>
      runCli(["import", "--inbox", inbox, "--dest", t.dest, "--albums", "links", "--json"], {
        env,
      });
    await deliverParts(inbox, STEM, staged, [0, 1], { format: "zip" });
    const first = await run();
    assert.equal(first.code, 0, first.stderr);
    // Without its sidecar, nothing says which photo it is: placed provisionally, the copy kept.
    const early = join(t.dest, "unknown-date", "IMG_LATE.jpg");
    assert.equal(sha256(await Deno.readFile(early)), staged.late.sha256);

    await deliverParts(inbox, STEM, staged, [2], { format: "zip" });
    const second = await run();
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /upgraded 2023\/2023-06-01\/IMG_LATE\.jpg to the original/);

    // The original's bytes under the copy's name, once; Google's copy in superseded/, recorded.
    const media = (await libraryFiles(t.dest)).filter((f) => !f.path.startsWith("albums/"));
    assert.deepEqual(
      media.filter((f) => f.path.includes("IMG_LATE")).map((f) => [f.path, f.sha256]),
      [[picked.path, staged.late.sha256]],
    );
    assert.equal(media.length, staged.expected.length, "one file per photo");
    const atPicked = join(t.dest, picked.path);
    assert.equal((await Deno.stat(atPicked)).mtime?.toISOString(), "2023-06-01T09:00:00.000Z");
    const aside = join(t.dest, ".gphotos-nas", "superseded", picked.path);
    assert.equal(sha256(await Deno.readFile(aside)), picked.sha256);
    // Its album link, and one sidecar holding what the Takeout sidecar and the Picker knew.
    const link = join(t.dest, "albums", staged.late.album, "IMG_LATE.jpg");
    assert.equal(await Deno.readLink(link), `../../${picked.path}`);
    const xmp = parseXmp(await Deno.readTextFile(`${atPicked}.xmp`));
    assert.ok(xmp?.googleId, "the Picker's id");
    assert.deepEqual(xmp?.people, ["Ada"], "the Takeout sidecar's people");
    await assert.rejects(Deno.stat(`${early}.xmp`), Deno.errors.NotFound);
    const status = await runCli(["status", "--dest", t.dest, "--json"], { env });
    assert.equal(status.json<{ provisional: number }>().provisional, 0);

    const verify = await runCli(["verify", "--dest", t.dest], { env });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const gc = await runCli(["gc", "--superseded", "--dest", t.dest, "--json"], { env });
    assert.equal(gc.code, 0, gc.stderr);
    const removed = gc.json<{ files: string[] }>().files;
    assert.ok(removed.includes(`.gphotos-nas/superseded/${picked.path}`), removed.join(", "));
    await assert.rejects(Deno.stat(aside), Deno.errors.NotFound);
    assert.equal(sha256(await Deno.readFile(atPicked)), staged.late.sha256);
    assert.equal((await runCli(["verify", "--dest", t.dest], { env })).code, 0);
  } finally {
    await Deno.remove(inbox, { recursive: true });
  }
});
