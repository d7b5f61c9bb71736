import assert from "node:assert/strict";
import { folderFor, parseLayout } from "../../../src/library/layout/template.ts";
import { relativePathInside } from "../../../src/library/disk/paths.ts";

Deno.test("layout: the default and custom templates in a zone", () => {
  const instant = new Date("2024-12-31T23:30:00Z");
  assert.equal(
    folderFor(parseLayout("{yyyy}/{yyyy}-{mm}-{dd}"), instant, "UTC"),
    "2024/2024-12-31",
  );
  assert.equal(
    folderFor(parseLayout("{yyyy}/{yyyy}-{mm}-{dd}"), instant, "Europe/Berlin"),
    "2025/2025-01-01",
  );
  assert.equal(folderFor(parseLayout("{yyyy}/{mm}/{dd}"), instant, "UTC"), "2024/12/31");
  assert.equal(folderFor(parseLayout("photos-{yyyy}"), instant, "UTC"), "photos-2024");
});

Deno.test("layout: undated items go to unknown-date", () => {
  const layout = parseLayout("{yyyy}/{yyyy}-{mm}-{dd}");
  assert.equal(folderFor(layout, null, "UTC"), "unknown-date");
  assert.equal(folderFor(layout, new Date("nonsense"), "UTC"), "unknown-date");
});

Deno.test("layout: bad templates are refused with a hint", () => {
  for (
    const bad of [
      "/abs/{yyyy}",
      "{yyyy}/../x",
      "{yyyy}//{mm}",
      "{mm}/{dd}",
      "{yyyy}/{week}",
      "{yyyy}/a:b",
    ]
  ) {
    assert.throws(
      () => parseLayout(bad),
      /--layout: .* e\.g\. \{yyyy\}\/\{yyyy\}-\{mm\}-\{dd\}/,
      bad,
    );
  }
});

Deno.test("layout: nothing resolves outside the library", () => {
  assert.equal(relativePathInside("/lib", "2024/a.jpg"), "/lib/2024/a.jpg");
  assert.throws(() => relativePathInside("/lib", "../etc/passwd"), /outside the library/);
  assert.throws(() => relativePathInside("/lib", "/etc/passwd"), /outside the library/);
  assert.throws(() => relativePathInside("/lib", ""), /outside the library/);
  // Dot segments are resolved, never joined as they are: inside stays inside, outside is refused.
  assert.equal(relativePathInside("/lib", "2024/./a.jpg"), "/lib/2024/a.jpg");
  assert.equal(relativePathInside("/lib/", "2024//a.jpg"), "/lib/2024/a.jpg");
  assert.throws(() => relativePathInside("/lib", "2024/../../etc"), /outside the library/);
  assert.throws(() => relativePathInside("/lib", "2024/.."), /outside the library/);
  // A relative library root, and the filesystem root.
  assert.equal(relativePathInside("lib", "2024/a.jpg"), `${Deno.cwd()}/lib/2024/a.jpg`);
  assert.equal(relativePathInside("/", "2024/a.jpg"), "/2024/a.jpg");
  assert.equal(relativePathInside("/lib", "2024/a.jpg"), "/lib/2024/a.jpg");
});
