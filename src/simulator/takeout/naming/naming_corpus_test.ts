import assert from "node:assert/strict";
import { NAMING_CASES, namingCorpusExport } from "./naming_corpus.ts";

Deno.test("naming corpus: at least 150 cases, each citing a peer and saying whether peers agree", () => {
  assert.ok(NAMING_CASES.length >= 150, `${NAMING_CASES.length} cases`);
  const peers =
    /^(simulot\/immich-go|TheLastGimbus\/GooglePhotosTakeoutHelper|Xentraxx\/GooglePhotosTakeoutHelper|ente-io\/ente)[ #]/;
  for (const c of NAMING_CASES) {
    assert.match(c.source, peers);
    if (c.verdict === "disputed") assert.ok(c.note, `${c.source}: a disputed case says why`);
    for (const sidecar of Object.values(c.media)) {
      if (sidecar !== null) {
        assert.ok(sidecar in c.sidecars, `${c.source}: ${sidecar} is in its case`);
      }
    }
  }
});

Deno.test("naming corpus export: each sidecar its own day, each media file expected once", async () => {
  const corpus = await namingCorpusExport();
  const sidecars = corpus.files.filter((f) =>
    f.path.endsWith(".json") && !f.path.endsWith("/metadata.json")
  );
  const days = new Set(
    sidecars.map((f) => JSON.parse(new TextDecoder().decode(f.bytes)).photoTakenTime.timestamp),
  );
  assert.equal(days.size, sidecars.length);
  const media = corpus.files.length - sidecars.length -
    corpus.files.filter((f) => f.path.endsWith("/metadata.json")).length;
  assert.equal(corpus.expected.length, media);
  assert.equal(new Set(corpus.expected.map((e) => e.sha256)).size, media, "distinct bytes");
});
