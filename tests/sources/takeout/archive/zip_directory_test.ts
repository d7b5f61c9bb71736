import assert from "node:assert/strict";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { BlobReader, ZipReader } from "@zip.js/zip.js";
import { writeZip } from "../../../../src/simulator/takeout/archive.ts";
import { readRange } from "../../../../src/sources/takeout/archive/inflate.ts";
import { SLICE, zipDirectory } from "../../../../src/sources/takeout/archive/zip_directory.ts";

/** What the directory reader makes of the zip at `path`. */
function readDirectory(path: string) {
  using file = Deno.openSync(path, { read: true });
  return [
    ...zipDirectory((offset, length) => readRange(file, offset, length), file.statSync().size),
  ];
}

/** The same fields as zip.js reads them: the reference. */
async function zipJs(path: string) {
  const reader = new ZipReader(new BlobReader(new Blob([await Deno.readFile(path)])));
  const entries = (await reader.getEntries()).filter((entry) => !entry.directory);
  await reader.close();
  return entries.map((entry) => ({
    path: entry.filename,
    size: entry.uncompressedSize,
    crc32: entry.signature! >>> 0,
    spot: {
      offset: entry.offset,
      method: entry.compressionMethod,
      compressedSize: entry.compressedSize,
      encrypted: entry.encrypted,
    },
  }));
}

const bytes = (n: number, seed: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i * seed) & 255);

for (const zip64 of [false, true]) {
  Deno.test(`zip directory: every entry as zip.js reads it${zip64 ? ", Zip64" : ""}: names, sizes, CRC-32, spots; folders left out`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const path = join(dir, "takeout-001.zip");
      // Long names, so that the directory is several slices long and records cross slice ends.
      const long = "x".repeat(180);
      const files = Array.from({ length: 2000 }, (_, i) => ({
        path: `Takeout/Google Photos/Photos from 20${10 + (i % 10)}/${long}_${i}.jpg`,
        bytes: bytes(1 + (i % 7) * 100, i + 1),
      }));
      files.push(
        { path: "Takeout/Google Photos/Vacances à Noël 🎄/IMG_0001.JPG", bytes: bytes(500, 3) },
        { path: "Takeout/Google Photos/Vacances à Noël 🎄/", bytes: new Uint8Array() },
      );
      await writeZip(path, files, zip64);
      const read = readDirectory(path);
      assert.ok(2000 * (46 + 230) > SLICE * 2, "the directory spans several slices");
      assert.equal(read.length, 2001);
      assert.deepEqual(read, await zipJs(path));
      assert.equal(read[2000].path, "Takeout/Google Photos/Vacances à Noël 🎄/IMG_0001.JPG");
      assert.equal(read[2000].crc32, crc32(bytes(500, 3)) >>> 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** A one-entry zip whose name is stored as `raw` with `flags`, and `extra` in its records. */
function handMadeZip(raw: Uint8Array, flags: number, extra = new Uint8Array()): Uint8Array {
  const data = new TextEncoder().encode("hello");
  const crc = crc32(data) >>> 0;
  const local = new Uint8Array(30 + raw.length + extra.length);
  const l = new DataView(local.buffer);
  l.setUint32(0, 0x04034b50, true);
  l.setUint16(6, flags, true);
  l.setUint32(14, crc, true);
  l.setUint32(18, data.length, true);
  l.setUint32(22, data.length, true);
  l.setUint16(26, raw.length, true);
  l.setUint16(28, extra.length, true);
  local.set(raw, 30);
  local.set(extra, 30 + raw.length);
  const central = new Uint8Array(46 + raw.length + extra.length);
  const c = new DataView(central.buffer);
  c.setUint32(0, 0x02014b50, true);
  c.setUint16(4, 0x031e, true);
  c.setUint16(8, flags, true);
  c.setUint32(16, crc, true);
  c.setUint32(20, data.length, true);
  c.setUint32(24, data.length, true);
  c.setUint16(28, raw.length, true);
  c.setUint16(30, extra.length, true);
  central.set(raw, 46);
  central.set(extra, 46 + raw.length);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, 1, true);
  e.setUint16(10, 1, true);
  e.setUint32(12, central.length, true);
  e.setUint32(16, local.length + data.length, true);
  const zip = new Uint8Array(local.length + data.length + central.length + end.length);
  zip.set(local, 0);
  zip.set(data, local.length);
  zip.set(central, local.length + data.length);
  zip.set(end, local.length + data.length + central.length);
  return zip;
}

Deno.test("zip directory: a name without the UTF-8 flag is code page 437, unless Info-ZIP's UTF-8 name for it is there", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // "Fotos/Grüße.jpg" in code page 437: ü is 0x81, ß is 0xE1.
    const raw = Uint8Array.from([
      ...new TextEncoder().encode("Fotos/Gr"),
      0x81,
      0xe1,
      ...new TextEncoder().encode("e.jpg"),
    ]);
    await Deno.writeFile(join(dir, "cp437.zip"), handMadeZip(raw, 0));
    assert.equal(readDirectory(join(dir, "cp437.zip"))[0].path, "Fotos/Grüße.jpg");
    assert.deepEqual(readDirectory(join(dir, "cp437.zip")), await zipJs(join(dir, "cp437.zip")));

    const utf8Name = new TextEncoder().encode("Fotos/Grüße 写真.jpg");
    const unicode = new Uint8Array(4 + 5 + utf8Name.length);
    const u = new DataView(unicode.buffer);
    u.setUint16(0, 0x7075, true);
    u.setUint16(2, 5 + utf8Name.length, true);
    unicode[4] = 1;
    u.setUint32(5, crc32(raw) >>> 0, true);
    unicode.set(utf8Name, 9);
    await Deno.writeFile(join(dir, "unicode.zip"), handMadeZip(raw, 0, unicode));
    assert.equal(readDirectory(join(dir, "unicode.zip"))[0].path, "Fotos/Grüße 写真.jpg");
    assert.deepEqual(
      readDirectory(join(dir, "unicode.zip")),
      await zipJs(join(dir, "unicode.zip")),
    );

    await Deno.writeFile(join(dir, "utf8.zip"), handMadeZip(utf8Name, 0x800));
    assert.equal(readDirectory(join(dir, "utf8.zip"))[0].path, "Fotos/Grüße 写真.jpg");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("zip directory: a file that is no zip, and a directory cut short, are said so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "not.zip"), "<html>Sign in to continue</html>");
    assert.throws(() => readDirectory(join(dir, "not.zip")), /no end of central directory record/);
    const zip = handMadeZip(new TextEncoder().encode("a.jpg"), 0);
    // The end record claims a second entry the directory does not hold.
    new DataView(zip.buffer).setUint16(zip.length - 22 + 10, 2, true);
    await Deno.writeFile(join(dir, "cut.zip"), zip);
    assert.throws(
      () => readDirectory(join(dir, "cut.zip")),
      /central directory (is damaged|ends early)/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
