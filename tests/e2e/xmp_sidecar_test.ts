import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import { libraryFiles, removeIndex } from "../support/library.ts";
import { EXIFTOOL, exiftoolJson, reportMissingExiftool } from "../support/exiftool.ts";
import {
  DSC_LATER_DESCRIPTION,
  DSC_METADATA,
  firstExport,
  type FixtureExport,
  fixtureMediaId,
  secondExport,
  writeExport,
} from "../../src/simulator/takeout/mod.ts";
import { parseXmp } from "../../src/metadata/xmp_parse.ts";

reportMissingExiftool("e2e/xmp_sidecar_test.ts");

const ZONE = "Europe/Berlin";
const DSC = "2021/2021-05-06/DSC01234.JPG";

async function imported(options: { args?: string[] } = {}) {
  const dir = await Deno.makeTempDir({ prefix: "gphotos-nas-xmpwire-" });
  const dest = join(dir, "library");
  const config = join(dir, "config");
  await Deno.mkdir(config);
  const env = { GPHOTOS_NAS_CONFIG_DIR: config, TZ: ZONE };
  const first = await firstExport(ZONE);
  const parts = await writeExport(dir, "takeout-20261101T000000Z", first.files, {
    format: "zip",
    parts: 2,
  });
  const result = await runCli(["import", ...parts, "--dest", dest, ...(options.args ?? [])], {
    env,
  });
  assert.equal(result.code, 0, result.stderr);
  return {
    dir,
    dest,
    env,
    first,
    async importSecond(args: string[] = []) {
      const second = secondExport(ZONE, first);
      const more = await writeExport(dir, "takeout-20270101T000000Z", second.files, {
        format: "zip",
        parts: 1,
      });
      return await runCli(["import", ...more, "--dest", dest, ...args], { env });
    },
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
    },
  };
}

function sidecarText(dest: string, rel: string): Promise<string> {
  return Deno.readTextFile(join(dest, `${rel}.xmp`));
}

/** The media files hold exactly the export's bytes: the sidecars changed nothing in them. */
async function assertOriginalsUnchanged(dest: string, exports: FixtureExport[]) {
  const media = (await libraryFiles(dest)).filter((f) => !f.path.startsWith("albums/"));
  const byPath = new Map(media.map((f) => [f.path, f.sha256]));
  for (const item of exports.flatMap((e) => e.expected)) {
    assert.equal(byPath.get(`${item.folder}/${item.name}`), item.sha256, item.name);
  }
}

Deno.test("xmp: a Takeout import writes one sidecar per media file and leaves the originals' bytes alone", async () => {
  await using w = await imported();
  const all = await libraryFiles(w.dest, { sidecars: true });
  const media = all.filter((f) => !f.path.endsWith(".xmp")).map((f) => f.path);
  const sidecars = all.filter((f) => f.path.endsWith(".xmp")).map((f) => f.path);
  assert.equal(media.length, w.first.expected.length);
  assert.deepEqual(sidecars.sort(), media.map((p) => `${p}.xmp`).sort());
  for (const path of sidecars) {
    assert.ok(parseXmp(await Deno.readTextFile(join(w.dest, path))), `${path} is valid XMP`);
  }
  await assertOriginalsUnchanged(w.dest, [w.first]);
  const media0 = await Deno.stat(join(w.dest, DSC));
  const side0 = await Deno.stat(join(w.dest, `${DSC}.xmp`));
  assert.equal(
    side0.mtime?.getTime(),
    media0.mtime?.getTime(),
    "the sidecar has its photo's mtime",
  );

  const verify = await runCli(["verify", "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(verify.code, 0, verify.stderr);
  assert.deepEqual(JSON.parse(verify.stdout).unknown, [], "sidecars are not unknown files");
});

Deno.test({
  name: "xmp: exiftool reads GPS, description, people, rating and albums from an imported sidecar",
  ignore: !EXIFTOOL,
  async fn() {
    await using w = await imported();
    const tags = await exiftoolJson(join(w.dest, `${DSC}.xmp`));
    assert.ok(
      Math.abs(tags["XMP-exif:GPSLatitude"] as number - DSC_METADATA.geoData.latitude) < 1e-7,
    );
    assert.ok(
      Math.abs(tags["XMP-exif:GPSLongitude"] as number - DSC_METADATA.geoData.longitude) < 1e-7,
    );
    assert.equal(tags["XMP-exif:GPSAltitude"], 4.5);
    assert.equal(tags["XMP-exif:GPSAltitudeRef"], 1, "below sea level");
    assert.equal(tags["XMP-dc:Description"], DSC_METADATA.description);
    assert.deepEqual(tags["XMP-iptcExt:PersonInImage"], ["Ada", "Bob O'Neil"]);
    assert.equal(tags["XMP-xmp:Rating"], 5);
    assert.equal(tags["XMP-dc:Subject"], "Summer Trip 2021");
    assert.equal(tags["XMP-lr:HierarchicalSubject"], "Albums|Summer Trip 2021");
    assert.equal(tags["XMP-exif:DateTimeOriginal"], "2021:05:06 12:00:00Z");
    assert.equal(
      tags["XMP-GPhotosNas:Url"],
      `https://photos.google.com/photo/${
        fixtureMediaId("DSC01234.JPG", new Date("2021-05-06T12:00:00Z"))
      }`,
    );
  },
});

Deno.test("xmp: a later export's new description rewrites the sidecar, not the photo", async () => {
  await using w = await imported();
  const before = await sidecarText(w.dest, DSC);
  const result = await w.importSecond();
  assert.equal(result.code, 0, result.stderr);
  const after = await sidecarText(w.dest, DSC);
  assert.notEqual(after, before);
  assert.equal(parseXmp(after)?.description, DSC_LATER_DESCRIPTION);
  assert.deepEqual(parseXmp(after)?.albums, ["Summer Trip 2021"], "what it knew is kept");
  await assertOriginalsUnchanged(w.dest, [w.first]);
});

Deno.test("xmp: a sidecar edited by other software is never overwritten", async () => {
  await using w = await imported();
  const path = join(w.dest, `${DSC}.xmp`);
  const edited = (await Deno.readTextFile(path)).replace(
    "<xmp:Rating>5</xmp:Rating>",
    "<xmp:Rating>3</xmp:Rating>",
  );
  await Deno.writeTextFile(path, edited);
  const result = await w.importSecond();
  assert.equal(result.code, 0, result.stderr);
  assert.equal(await Deno.readTextFile(path), edited);
  assert.match(result.stderr, /DSC01234\.JPG\.xmp was not written by gphotos-nas.*left as it is/);
  const verify = await runCli(["verify", "--dest", w.dest], { env: w.env });
  assert.equal(verify.code, 0, `an edited but valid sidecar is fine: ${verify.stderr}`);
});

Deno.test("xmp: --no-xmp writes none; the next run without it writes every missing sidecar", async () => {
  await using w = await imported({ args: ["--no-xmp"] });
  const all = await libraryFiles(w.dest, { sidecars: true });
  assert.deepEqual(all.filter((f) => f.path.endsWith(".xmp")), []);
  const result = await w.importSecond();
  assert.equal(result.code, 0, result.stderr);
  // DSC01234.JPG comes again in the second export and gets its sidecar as it is imported; the
  // others are written at the end of the run.
  const rest = w.first.expected.length - 1;
  assert.match(
    result.stderr,
    new RegExp(`wrote ${rest} XMP sidecar\\(s\\) for files that had none`),
  );
  const media = await libraryFiles(w.dest);
  for (const file of media.filter((f) => !f.path.startsWith("albums/"))) {
    assert.ok(parseXmp(await sidecarText(w.dest, file.path)), `${file.path}.xmp`);
  }
});

Deno.test('xmp: config.json "xmp": false turns sidecars off, and a wrong type is refused', async () => {
  await using w = await imported({ args: ["--dry-run"] });
  const config = w.env.GPHOTOS_NAS_CONFIG_DIR;
  await Deno.writeTextFile(join(config, "config.json"), JSON.stringify({ xmp: false }));
  const first = await runCli([
    "import",
    join(w.dir, "takeout-20261101T000000Z-001.zip"),
    join(w.dir, "takeout-20261101T000000Z-002.zip"),
    "--dest",
    w.dest,
  ], { env: w.env });
  assert.equal(first.code, 0, first.stderr);
  const all = await libraryFiles(w.dest, { sidecars: true });
  assert.ok(all.length > 0);
  assert.deepEqual(all.filter((f) => f.path.endsWith(".xmp")), []);
  await Deno.writeTextFile(join(config, "config.json"), JSON.stringify({ xmp: "no" }));
  const bad = await runCli(["import", "--inbox", w.dir, "--dest", w.dest], { env: w.env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"xmp" must be true or false/);
});

Deno.test("xmp: verify reports missing and broken sidecars, and --repair writes them again", async () => {
  await using w = await imported();
  const gone = "2021/2021-09-01/IMG_0002.jpg";
  const broken = "2021/2021-10-03/IMG_0003(1).jpg";
  const good = await sidecarText(w.dest, broken);
  await Deno.remove(join(w.dest, `${gone}.xmp`));
  await Deno.writeTextFile(join(w.dest, `${broken}.xmp`), "<x:xmpmeta><rdf:RDF>");
  const verify = await runCli(["verify", "--dest", w.dest, "--json"], { env: w.env });
  assert.equal(verify.code, 1);
  assert.match(verify.stderr, new RegExp(`missing sidecar: ${gone}\\.xmp`));
  assert.match(verify.stderr, /unreadable sidecar: .*IMG_0003\(1\)\.jpg\.xmp is not valid XMP/);
  const report = JSON.parse(verify.stdout);
  assert.deepEqual(report.missingSidecars, [`${gone}.xmp`]);
  assert.deepEqual(report.unreadableSidecars, [`${broken}.xmp`]);

  const repair = await runCli(["verify", "--dest", w.dest, "--repair"], { env: w.env });
  assert.equal(repair.code, 0, repair.stderr);
  assert.ok(parseXmp(await sidecarText(w.dest, gone)));
  assert.equal(await sidecarText(w.dest, broken), good);
  const quarantined = await Array.fromAsync(
    Deno.readDir(join(w.dest, ".gphotos-nas", "quarantine", "2021", "2021-10-03")),
  );
  assert.equal(quarantined.length, 1, "the broken sidecar is kept aside, not deleted");
  const again = await runCli(["verify", "--dest", w.dest], { env: w.env });
  assert.equal(again.code, 0, again.stderr);
});

Deno.test("xmp: after a lost index is rebuilt, our sidecars stay ours: the next run neither warns about nor rewrites them; an edited one stays foreign", async () => {
  await using w = await imported();
  const edited = join(w.dest, `${DSC}.xmp`);
  await Deno.writeTextFile(
    edited,
    (await Deno.readTextFile(edited)).replace(
      "<xmp:Rating>5</xmp:Rating>",
      "<xmp:Rating>3</xmp:Rating>",
    ),
  );
  const sidecars = async () =>
    new Map(
      await Promise.all(
        (await libraryFiles(w.dest, { sidecars: true }))
          .filter((f) => f.path.endsWith(".xmp"))
          .map(async (f) => [f.path, await Deno.readTextFile(join(w.dest, f.path))] as const),
      ),
    );
  const before = await sidecars();
  assert.ok(before.size > 3, "the export wrote sidecars");
  await removeIndex(w.dest);
  const rebuild = await runCli(["index", "rebuild", "--dest", w.dest], { env: w.env });
  assert.equal(rebuild.code, 0, rebuild.stderr);

  // The index no longer holds the export's metadata (it is in the sidecars): a run that writes
  // the sidecars it lacks must recognise ours, not call each one foreign and build it again.
  const next = await w.importSecond();
  assert.equal(next.code, 0, next.stderr);
  // Only the edited one is told of: as its photo is imported again, and by the pass that writes
  // the sidecars the index lacks (a count and the first name).
  const told = next.stderr.split("\n").filter((l) => l.includes("not written by gphotos-nas"));
  assert.ok(told.length > 0, next.stderr);
  for (const line of told) assert.match(line, /DSC01234\.JPG\.xmp/);
  for (const [, count] of next.stderr.matchAll(/(\d+) XMP sidecar\(s\) not written/g)) {
    assert.equal(count, "1", next.stderr);
  }
  const after = await sidecars();
  for (const [path, text] of before) {
    if (path !== `${DSC}.xmp`) assert.equal(after.get(path), text, `${path} was kept as it was`);
  }
  assert.equal(after.get(`${DSC}.xmp`), before.get(`${DSC}.xmp`), "the edited one is left alone");
});

Deno.test("xmp: sidecars another program put beside files that had none are left alone, told in one line", async () => {
  await using w = await imported({ args: ["--no-xmp"] });
  const media = (await libraryFiles(w.dest)).map((f) => f.path)
    .filter((path) => !path.startsWith("albums/") && path !== DSC);
  const theirs = media.slice(0, 2);
  // What digiKam writes beside a photo (its own toolkit, its own layout).
  const digikam = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="3"/>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
  for (const path of theirs) await Deno.writeTextFile(join(w.dest, `${path}.xmp`), digikam);

  const result = await w.importSecond();
  assert.equal(result.code, 0, result.stderr);
  for (const path of theirs) {
    assert.equal(await Deno.readTextFile(join(w.dest, `${path}.xmp`)), digikam, `${path}.xmp`);
  }
  const told = result.stderr.split("\n").filter((l) => l.includes("not written by gphotos-nas"));
  assert.equal(told.length, 1, result.stderr);
  // Named by the first of them met (in the index's order), counted for both.
  const named = told[0].match(/they are \(([^,]+), …\)/)?.[1];
  assert.ok(theirs.some((path) => named === `${path}.xmp`), told[0]);
  assert.equal(
    told[0],
    `warning: 2 XMP sidecar(s) not written by gphotos-nas were left as they are (${named}, …); ` +
      "move one away to get gphotos-nas's sidecar for its file",
  );
  assert.match(
    result.stderr,
    new RegExp(`wrote ${media.length - 2} XMP sidecar\\(s\\) for files that had none`),
  );
  const all = await libraryFiles(w.dest, { sidecars: true });
  assert.deepEqual(all.filter((f) => f.path.includes(".tmp") || f.path.endsWith(".part")), []);
});
