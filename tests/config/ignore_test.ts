import assert from "node:assert/strict";
import { BUILTIN_IGNORES, ignoreRules } from "../../src/config/ignore.ts";
import { inSubset, parseSubset } from "../../src/library/verify/subset.ts";

Deno.test("ignore: built-in names match at any depth and in any case, and nothing else", () => {
  const rules = ignoreRules();
  assert.equal(BUILTIN_IGNORES.length, 13);
  for (
    const path of [
      "@eaDir",
      "2024/2024-03-15/@eaDir/IMG_1.jpg/SYNOPHOTO_THUMB_M.jpg",
      "2024/.Trash-1000/files/a.jpg",
      "2024/2024-03-15/._IMG_1.jpg",
      "2024/THUMBS.DB",
      "#recycle/x",
      "lost+found",
    ]
  ) assert.ok(rules.ignores(path), path);
  for (
    const path of [
      "2024/2024-03-15/eaDir.jpg",
      "2024/2024-03-15/IMG_._1.jpg",
      "2024/recycle/x.jpg",
      "2024/.Trash/x.jpg",
      "2024/2024-03-15/Thumbs.db.jpg",
    ]
  ) assert.ok(!rules.ignores(path), path);
});

Deno.test("ignore: globs by name or by path, with *, **, ? and [ ]", () => {
  const rules = ignoreRules(["*.tmp", "Scans/**", "/Edits/", "2019/*/draft?.jpg", "IMG_[0-4]*"]);
  for (
    const path of [
      "2024/a.tmp",
      "Scans/2019/letter.pdf",
      "Edits/x.jpg",
      "2019/2019-01-01/draft1.jpg",
      "2024/IMG_3.jpg",
    ]
  ) assert.ok(rules.ignores(path), path);
  for (
    const path of [
      "2024/a.tmp.jpg",
      "2024/Scans/x.jpg",
      "2024/Edits/x.jpg",
      "2019/2019-01-01/draft10.jpg",
      "2024/IMG_5.jpg",
      "2024/img_3.jpg",
    ]
  ) assert.ok(!rules.ignores(path), path);
});

Deno.test("subset: every key lands in exactly one of M slices", () => {
  const keys = Array.from({ length: 500 }, (_, i) => `key-${i}`);
  for (const m of [1, 2, 7, 30]) {
    const counts = keys.map((k) =>
      Array.from({ length: m }, (_, n) => inSubset(k, { n: n + 1, m })).filter(Boolean).length
    );
    assert.ok(counts.every((c) => c === 1), `M=${m}`);
  }
  assert.deepEqual(parseSubset("3/30"), { n: 3, m: 30 });
  for (const bad of ["0/3", "4/3", "1/1001", "a/b", "3"]) assert.throws(() => parseSubset(bad));
});
