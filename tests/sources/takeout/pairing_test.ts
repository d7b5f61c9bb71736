import assert from "node:assert/strict";
import {
  type Pairing,
  pairSidecar,
  parseSidecarName,
} from "../../../src/sources/takeout/pairing.ts";
import { SidecarIndex } from "../../../src/sources/takeout/sidecar.ts";

/** Sidecars by file name with their title and taken time. */
function sidecars(list: [name: string, title: string | undefined, taken: string][]) {
  return list.map(([name, title, taken]) => ({ ...parseSidecarName(name), title, taken, name }));
}

function chosen(p: Pairing, all: { name: string }[]): string | null | "ambiguous" {
  if (p.kind === "ambiguous") return "ambiguous";
  return p.kind === "sidecar" ? all[p.index].name : null;
}

const LONG = "Backyard_ceremony_wedding_photography_xxxxxxx_";

Deno.test("pairing: a numbered copy of a cut name never takes the unnumbered cut sidecar", () => {
  const alone = sidecars([[`${LONG}.json`, `${LONG}m.jpg`, "1"]]);
  assert.equal(chosen(pairSidecar(`${LONG}m(1).jpg`, alone), alone), null);
  assert.equal(chosen(pairSidecar(`${LONG}m.jpg`, alone), alone), `${LONG}.json`);
  // Listed first or not, the numbered one is the copy's.
  const both = sidecars([[`${LONG}.json`, `${LONG}m.jpg`, "1"], [
    `${LONG}(1).json`,
    `${LONG}m.jpg`,
    "2",
  ]]);
  assert.equal(chosen(pairSidecar(`${LONG}m(1).jpg`, both), both), `${LONG}(1).json`);
  // A title naming the numbered file itself says the number is part of its name.
  const named = sidecars([[`${LONG}.json`, `${LONG}m(1).jpg`, "1"]]);
  assert.equal(chosen(pairSidecar(`${LONG}m(1).jpg`, named), named), `${LONG}.json`);
  // A cut sidecar whose title names another file is refused.
  const other = sidecars([[`${LONG}.json`, `${LONG}zzz.jpg`, "1"]]);
  assert.equal(chosen(pairSidecar(`${LONG}m.jpg`, other), other), null);
});

Deno.test("pairing: two fitting sidecars: the title decides, else the file stays undated", () => {
  const titled = sidecars([
    ["photo.jpg.json", "another.jpg", "1"],
    ["photo.jpg.supplemental-metadata.json", "photo.jpg", "2"],
  ]);
  assert.equal(
    chosen(pairSidecar("photo.jpg", titled), titled),
    "photo.jpg.supplemental-metadata.json",
  );
  const same = sidecars([["a.jpg.json", "a.jpg", "1"], [
    "a.jpg.supplemental-metadata.json",
    "a.jpg",
    "1",
  ]]);
  assert.equal(chosen(pairSidecar("a.jpg", same), same), "a.jpg.json", "they agree on the day");
  const apart = sidecars([["a.jpg.json", "a.jpg", "1"], [
    "a.jpg.supplemental-metadata.json",
    "a.jpg",
    "2",
  ]]);
  assert.equal(chosen(pairSidecar("a.jpg", apart), apart), "ambiguous");

  const index = new SidecarIndex();
  index.add("F", "a.jpg.json", { title: "a.jpg", photoTakenTime: { timestamp: "1" } });
  index.add("F", "a.jpg.supplemental-metadata.json", {
    title: "a.jpg",
    photoTakenTime: { timestamp: "2" },
  });
  assert.equal(index.match("F", "a.jpg", ["a.jpg"]), undefined);
  assert.deepEqual(index.ambiguous, ["F/a.jpg"]);
});

Deno.test("pairing: a video borrows its still's sidecar, present or not; two stills: the present one", () => {
  const pixel = sidecars([["PXL_1.MP.jpg.supplemental-metadata.json", "PXL_1.MP.jpg", "1"]]);
  assert.equal(chosen(pairSidecar("PXL_1.MP", pixel), pixel), pixel[0].name);
  const two = sidecars([["IMG_1.HEIC.json", "IMG_1.HEIC", "1"], [
    "IMG_1.JPG.json",
    "IMG_1.JPG",
    "2",
  ]]);
  assert.equal(chosen(pairSidecar("IMG_1.MOV", two), two), "ambiguous");
  assert.equal(
    chosen(pairSidecar("IMG_1.MOV", two, new Set(["IMG_1.JPG", "IMG_1.MOV"])), two),
    "IMG_1.JPG.json",
  );
  // A photo never borrows a video's sidecar, and a still's sidecar never dates another still.
  assert.equal(chosen(pairSidecar("IMG_1.png", two), two), null);
});

Deno.test("pairing: titles without extension, numbered; creation suffixes, whole or cut at 51", () => {
  const bare = sidecars([
    ["2013-12-23.supplemental-metadata.json", "2013-12-23", "1"],
    ["2013-12-23.supplemental-metadata(1).json", "2013-12-23", "2"],
  ]);
  assert.equal(chosen(pairSidecar("2013-12-23.jpg", bare), bare), bare[0].name);
  assert.equal(chosen(pairSidecar("2013-12-23(1).jpg", bare), bare), bare[1].name);
  assert.equal(chosen(pairSidecar("2013-12-23(2).jpg", bare), bare), null);
  const original = sidecars([["IMG_7.jpg.json", "IMG_7.jpg", "1"]]);
  for (
    const copy of [
      "IMG_7-edited.jpg",
      "IMG_7-effects.jpg",
      "IMG_7-smile.jpg",
      "IMG_7-mix.jpg",
      "IMG_7-編集済み.jpg",
    ]
  ) {
    assert.equal(chosen(pairSidecar(copy, original), original), "IMG_7.jpg.json", copy);
  }
  assert.equal(chosen(pairSidecar("IMG_7-ed.jpg", original), original), null, "not cut: no suffix");
  const spanish = sidecars([[
    "Con Yoli por Málaga en el piso nuevo_001.JPG.json",
    "Con Yoli por Málaga en el piso nuevo_001.JPG",
    "1",
  ]]);
  assert.equal(
    chosen(pairSidecar("Con Yoli por Málaga en el piso nuevo_001-ha edi.JPG", spanish), spanish),
    spanish[0].name,
  );
});
