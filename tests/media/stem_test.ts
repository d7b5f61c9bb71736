import assert from "node:assert/strict";
import { extensionOf, foldedStem, stemOf } from "../../src/media/stem.ts";
import { halfKey } from "../../src/media/live_halves.ts";

const NAMES: [name: string, stem: string, extension: string][] = [
  ["IMG_1.HEIC", "IMG_1", ".HEIC"],
  ["A.MP.jpg", "A.MP", ".jpg"],
  ["my.photo.jpg", "my.photo", ".jpg"],
  [".hidden", ".hidden", ""],
  [".hidden.jpg", ".hidden", ".jpg"],
  ["noext", "noext", ""],
  ["trailing.", "trailing", "."],
  ["Été.JPG", "Été", ".JPG"],
];

Deno.test("stem: one rule: the extension starts at the name's last dot, unless that dot opens it", () => {
  assert.deepEqual(
    NAMES.map(([name]) => [name, stemOf(name), extensionOf(name)]),
    NAMES,
  );
  for (const [name] of NAMES) assert.equal(stemOf(name) + extensionOf(name), name);
  // Compared as names are: NFC, lower case (a decomposed "É" is the composed one).
  assert.equal(foldedStem("E\u0301te\u0301.JPG"), "été");
});

Deno.test("stem: the live-photo key and the stem rule agree (a Pixel's .MP/.MV marker aside)", () => {
  for (const [name] of NAMES) {
    if (/\.m[pv]\./i.test(name)) continue;
    assert.equal(halfKey(name), foldedStem(name), name);
    assert.equal(halfKey(`2020/01/${name}`), foldedStem(name), `${name} in a folder`);
  }
  assert.equal(halfKey("A.MP.jpg"), foldedStem("A.mp4"));
  assert.equal(halfKey("PXL_1.MV.jpg"), foldedStem("PXL_1.MV"));
  assert.notEqual(halfKey("my.photo.jpg"), halfKey("my.video.mp4"));
});
