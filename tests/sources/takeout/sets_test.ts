import assert from "node:assert/strict";
import { exportOf, missingParts, partLabel } from "../../../src/sources/takeout/sets.ts";

Deno.test("takeout sets: every file named takeout-<timestamp> is one export, whatever numbering follows", () => {
  const ts = "takeout-20261101T000000Z";
  assert.deepEqual(exportOf(`${ts}-001.zip`), { key: ts, numbers: [1] });
  assert.deepEqual(exportOf(`${ts}-2-001.zip`), { key: ts, numbers: [2, 1] });
  assert.deepEqual(exportOf(`${ts}-3-012.tgz`), { key: ts, numbers: [3, 12] });
  assert.deepEqual(exportOf(`${ts}.tar.gz`), { key: ts, numbers: [] });
  assert.deepEqual(exportOf("photos-backup-002.zip"), { key: "photos-backup", numbers: [2] });
  assert.equal(partLabel([2, 1]), "2-001");
});

Deno.test("takeout sets: gaps in one series and across series are told; other shapes are not guessed", () => {
  assert.deepEqual(missingParts([[1], [2], [3]]), []);
  assert.deepEqual(missingParts([[1], [3]]), ["002"]);
  assert.deepEqual(missingParts([[2]]), ["001"]);
  assert.deepEqual(missingParts([[1, 1], [2, 1]]), []);
  assert.deepEqual(missingParts([[1, 1], [1, 3], [2, 1]]), ["1-002"]);
  assert.deepEqual(missingParts([[1, 1], [3, 1]]), ["2-*"]);
  assert.deepEqual(missingParts([[1, 2, 3]]), []);
});
