import assert from "node:assert/strict";
import {
  isTempFile,
  newTempWriter,
  patternWriter,
  tempFileName,
} from "../../../src/library/disk/paths.ts";

Deno.test("paths: one temp-file name: made, recognised, and its journalled pattern read back", () => {
  const writer = newTempWriter();
  assert.match(writer, /^[0-9a-f]{8}$/);
  const temp = tempFileName(writer, "0123-4567-89ab");
  assert.ok(isTempFile(temp));
  assert.ok(isTempFile(temp, writer));
  assert.ok(!isTempFile(temp, writer === "ffffffff" ? "00000000" : "ffffffff"));
  assert.equal(patternWriter(tempFileName(writer, "*")), writer);
  assert.equal(patternWriter(temp), undefined, "a temp file is not a pattern");
  // The names older runs wrote and older indexes journalled: the next run still finds them.
  assert.equal(tempFileName("0123abcd", "*"), ".gphotos-nas-0123abcd-*.part");
  assert.equal(patternWriter(".gphotos-nas-0123abcd-*.part"), "0123abcd");
  assert.equal(patternWriter(".gphotos-nas-xyz-*.part"), undefined);
  assert.ok(isTempFile(".gphotos-nas-0123abcd-0f1e2d3c-4b5a.part", "0123abcd"));
  for (const name of ["IMG_1.jpg", ".gphotos-nas", "gphotos-nas-0123abcd-1.part", "a.part"]) {
    assert.ok(!isTempFile(name), name);
  }
});
