import assert from "node:assert/strict";
import {
  collisionSuffix,
  nameKey,
  safeFilename,
  withSuffix,
} from "../../../src/library/layout/names.ts";

const bytes = (s: string) => new TextEncoder().encode(s).length;

Deno.test("naming: safe names are kept exactly", () => {
  for (
    const name of ["IMG_0001.JPG", "PXL_20240101_120000123.jpg", ".hidden.jpg", "été à Paris.heic"]
  ) {
    assert.equal(safeFilename(name, "id"), name);
  }
});

Deno.test("naming: separators, control and reserved characters become _", () => {
  assert.equal(safeFilename("../../etc/passwd", "id"), ".._.._etc_passwd");
  assert.equal(safeFilename("a/b\\c.jpg", "id"), "a_b_c.jpg");
  assert.equal(safeFilename('what<>:"|?*.png', "id"), "what_______.png");
  assert.equal(safeFilename("\u0000nul\u0007bell\u007f.jpg", "id"), "_nul_bell_.jpg");
});

Deno.test("naming: trailing dots and spaces go; Windows device names get a _", () => {
  assert.equal(safeFilename("photo.jpg. . ", "id"), "photo.jpg");
  assert.equal(safeFilename("CON", "id"), "CON_");
  assert.equal(safeFilename("con.jpg", "id"), "con_.jpg");
  assert.equal(safeFilename("Lpt9.tar", "id"), "Lpt9_.tar");
  assert.equal(safeFilename("console.jpg", "id"), "console.jpg");
});

Deno.test("naming: empty, . and .. are named after the item id and MIME type", () => {
  assert.equal(safeFilename("", "AbC123", "image/jpeg"), "AbC123.jpg");
  assert.equal(safeFilename(".", "AbC123", "video/quicktime"), "AbC123.mov");
  assert.equal(safeFilename("..", "a/b", "image/png"), "a_b.png");
  assert.equal(safeFilename("   ", "x", undefined), "x");
});

Deno.test("naming: at most 255 UTF-8 bytes, cut on a character boundary, extension kept", () => {
  const long = safeFilename("x".repeat(300) + ".jpg", "id");
  assert.equal(bytes(long), 255);
  assert.ok(long.endsWith(".jpg"));
  const multi = safeFilename("é".repeat(200) + ".jpeg", "id");
  assert.ok(bytes(multi) <= 255);
  assert.ok(multi.endsWith(".jpeg"));
  assert.doesNotMatch(multi, /\uFFFD/);
  const emoji = safeFilename("😀".repeat(100) + ".png", "id");
  assert.ok(bytes(emoji) <= 255);
  assert.equal([...emoji.slice(0, -4)].every((c) => c === "😀"), true, "no split surrogate pair");
});

Deno.test("naming: NFD becomes NFC; keys are case-insensitive", () => {
  assert.equal(safeFilename("e\u0301te\u0301.jpg", "id"), "\u00e9t\u00e9.jpg");
  assert.equal(nameKey("2024/IMG_0001.JPG"), nameKey("2024/img_0001.jpg"));
  assert.notEqual(nameKey("a.jpg"), nameKey("b.jpg"));
});

Deno.test("naming: collision suffixes are deterministic and keep the extension and the limit", () => {
  assert.equal(collisionSuffix("item-1"), collisionSuffix("item-1"));
  assert.notEqual(collisionSuffix("item-1"), collisionSuffix("item-2"));
  assert.match(collisionSuffix("item-1"), /^[0-9a-z]{8}$/);
  assert.equal(withSuffix("IMG_0001.JPG", "k3v9q2ma"), "IMG_0001_k3v9q2ma.JPG");
  const long = withSuffix("y".repeat(254) + ".jpg", "abcdefgh");
  assert.ok(bytes(long) <= 255 && long.endsWith("_abcdefgh.jpg"));
});
