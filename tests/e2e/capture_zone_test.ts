import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import {
  firstExport,
  NEW_YORK_PHOTO,
  newYorkExport,
  secondExport,
  TOKYO_PHOTO,
  writeExport,
} from "../../src/simulator/takeout/mod.ts";
import { parseXmp } from "../../src/metadata/xmp_parse.ts";

// Berlin: the Tokyo photo (21:30 UTC on the 19th) was taken at 23:30 on the 19th here.
const ZONE = "Europe/Berlin";

async function workspace() {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-zone-" });
  const config = join(dir, "config");
  await Deno.mkdir(config);
  const env = { GPHOTOS_NAS_CONFIG_DIR: config, TZ: ZONE };
  const dest = join(dir, "library");
  const first = await firstExport(ZONE);
  const parts = await writeExport(dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 1,
  });
  return {
    dest,
    env,
    import: (args: string[] = []) => runCli(["import", ...parts, "--dest", dest, ...args], { env }),
    async importNewYork(args: string[] = []) {
      const parts = await writeExport(dir, "takeout-20261201T000000Z", newYorkExport().files, {
        format: "zip",
        parts: 1,
      });
      return await runCli(["import", ...parts, "--dest", dest, ...args], { env });
    },
    async importSecond(args: string[] = []) {
      const more = await writeExport(
        dir,
        "takeout-20270101T000000Z",
        secondExport(ZONE, first).files,
        {
          format: "zip",
          parts: 1,
        },
      );
      return await runCli(["import", ...more, "--dest", dest, ...args], { env });
    },
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function exists(path: string): Promise<boolean> {
  return Deno.lstat(path).then(() => true, () => false);
}

Deno.test("capture zone: a photo with EXIF OffsetTimeOriginal lands in the local day where it was taken", async () => {
  await using w = await workspace();
  const result = await w.import();
  assert.equal(result.code, 0, result.stderr);
  const photo = join(w.dest, "2021/2021-06-20", TOKYO_PHOTO);
  assert.ok(await exists(photo), "the Tokyo day, not the Berlin day");
  assert.equal(
    await exists(join(w.dest, "2021/2021-06-19")),
    false,
    "no empty folder is left for the Berlin day",
  );
  const xmp = await Deno.readTextFile(`${photo}.xmp`);
  assert.match(xmp, /<exif:DateTimeOriginal>2021-06-20T06:30:00\+09:00<\/exif:DateTimeOriginal>/);
  assert.equal(parseXmp(xmp)?.captureOffsetMinutes, 540);
  assert.equal((await Deno.stat(photo)).mtime?.toISOString(), "2021-06-19T21:30:00.000Z");
  const verify = await runCli(["verify", "--dest", w.dest], { env: w.env });
  assert.equal(verify.code, 0, verify.stderr);
});

Deno.test("capture zone: --day-zone puts every item in that zone's day, offset or not", async () => {
  await using w = await workspace();
  const result = await w.import(["--day-zone", ZONE]);
  assert.equal(result.code, 0, result.stderr);
  const photo = join(w.dest, "2021/2021-06-19", TOKYO_PHOTO);
  assert.ok(await exists(photo), "the Berlin day");
  assert.equal(await exists(join(w.dest, "2021/2021-06-20")), false);
  // The sidecar still says when it was in Tokyo.
  assert.equal(parseXmp(await Deno.readTextFile(`${photo}.xmp`))?.captureOffsetMinutes, 540);

  const bad = await w.importSecond(["--day-zone", "Mars/Olympus"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
});

Deno.test("capture zone: later runs and a layout migration keep the day chosen by the offset", async () => {
  await using w = await workspace();
  assert.equal((await w.import()).code, 0);
  const again = await w.importSecond(["--layout", "{yyyy}/{mm}/{dd}", "--migrate-layout"]);
  assert.equal(again.code, 0, again.stderr);
  const photo = join(w.dest, "2021/06/20", TOKYO_PHOTO);
  assert.ok(await exists(photo), "migrated into the Tokyo day of the new layout");
  assert.ok(await exists(`${photo}.xmp`), "with its sidecar");
  assert.equal(await exists(join(w.dest, "2021/06/19")), false);
  const verify = await runCli(["verify", "--dest", w.dest], { env: w.env });
  assert.equal(verify.code, 0, verify.stderr);
});

Deno.test("capture zone: an EXIF time without offset and the sidecar's UTC time give the offset: the EXIF day, the offset in the XMP", async () => {
  await using w = await workspace();
  const result = await w.importNewYork();
  assert.equal(result.code, 0, result.stderr);
  // 23:30 on the 4th in New York was 05:30 on the 5th in Berlin: the EXIF date decides.
  const photo = join(w.dest, "2021/2021-07-04", NEW_YORK_PHOTO);
  assert.ok(await exists(photo), "the EXIF day, not the Berlin day");
  assert.equal(await exists(join(w.dest, "2021/2021-07-05")), false);
  const xmp = await Deno.readTextFile(`${photo}.xmp`);
  assert.match(xmp, /<exif:DateTimeOriginal>2021-07-04T23:30:00-04:00<\/exif:DateTimeOriginal>/);
  assert.equal(parseXmp(xmp)?.captureOffsetMinutes, -240);
  assert.equal((await Deno.stat(photo)).mtime?.toISOString(), "2021-07-05T03:30:00.000Z");
});

Deno.test("capture zone: --day-zone wins over an offset made from the sidecar's UTC time, which the XMP keeps", async () => {
  await using w = await workspace();
  const result = await w.importNewYork(["--day-zone", ZONE]);
  assert.equal(result.code, 0, result.stderr);
  const photo = join(w.dest, "2021/2021-07-05", NEW_YORK_PHOTO);
  assert.ok(await exists(photo), "the Berlin day");
  assert.equal(parseXmp(await Deno.readTextFile(`${photo}.xmp`))?.captureOffsetMinutes, -240);
});
