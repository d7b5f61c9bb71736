import assert from "node:assert/strict";
import {
  ApiError,
  AuthError,
  errorLine,
  ExitCode,
  exitCodeOf,
  FatalIoError,
  type GphotosError,
  InterruptedError,
  ItemError,
  QuotaError,
  RetryableError,
  stopsRun,
  UnreachableError,
} from "../src/errors.ts";
import { fatalIo } from "../src/library/disk/fs_errors.ts";
import { unreachable } from "../src/net/unreachable.ts";

Deno.test("errors: every class has its exit code; run stoppers and item failures are told apart", () => {
  const cases: [GphotosError, number, boolean][] = [
    [new AuthError("a"), ExitCode.Auth, true],
    [new QuotaError("q"), ExitCode.Quota, true],
    [new InterruptedError("SIGTERM"), ExitCode.Terminated, true],
    [new FatalIoError("disk"), ExitCode.ItemsFailed, true],
    [new ItemError("one item"), ExitCode.ItemsFailed, false],
    [new ApiError(400, "INVALID_ARGUMENT", "bad"), ExitCode.ItemsFailed, false],
    [new RetryableError("server", "503"), ExitCode.ItemsFailed, false],
  ];
  for (const [error, code, stops] of cases) {
    assert.equal(exitCodeOf(error), code, error.name);
    assert.equal(stopsRun(error), stops, error.name);
    assert.equal(errorLine(error), error.message);
  }
  // A host still unreachable after its retries stops the run, and its line says what to check.
  const down = new UnreachableError("example.com", "connection refused");
  assert.equal(exitCodeOf(down), ExitCode.ItemsFailed);
  assert.equal(stopsRun(down), true);
  assert.equal(
    errorLine(down),
    "Cannot reach example.com: connection refused; check this machine's network, DNS, proxy and " +
      "firewall, then run again",
  );
  assert.equal(exitCodeOf(new Error("bug")), ExitCode.ItemsFailed);
  assert.equal(stopsRun(new Error("bug")), false, "an unknown error fails its item only");
});

Deno.test("errors: anything unexpected is one 'internal error' line pointing at --debug", () => {
  assert.equal(
    errorLine(new TypeError("x is undefined")),
    "internal error: x is undefined (run with --debug for details)",
  );
  assert.equal(errorLine(new TypeError("x is undefined"), true), "internal error: x is undefined");
  assert.equal(
    errorLine("thrown string"),
    "internal error: thrown string (run with --debug for details)",
  );
});

Deno.test("errors: a system call that failed where no step named it is one line, not internal", () => {
  // What Deno throws for a rename across devices (met under injected faults on the config folder).
  const error = Object.assign(
    new Error("Invalid cross-device link (os error 18): rename '/c/a.tmp' -> '/c/a'"),
    { code: "EXDEV" },
  );
  assert.equal(
    errorLine(error),
    "Cannot finish: Invalid cross-device link (os error 18): rename '/c/a.tmp' -> '/c/a'; check " +
      "the disk holding that path and its permissions, then run again",
  );
  assert.equal(exitCodeOf(error), ExitCode.ItemsFailed);
  // Only a message naming an OS error counts: the rest stays an internal error.
  assert.match(errorLine(new Error("os error")), /^internal error: /);
});

Deno.test("errors: network failures of Deno's fetch and of Node-style clients name host and cause", () => {
  const deno = new TypeError("fetch failed", {
    cause: new Error(
      "error sending request for url (http://127.0.0.1:4000/v1/x): client error (Connect): tcp " +
        "connect error: Connection refused (os error 111)",
    ),
  });
  const fromDeno = unreachable(deno, "http://127.0.0.1:4000/v1/mediaItems");
  assert.ok(fromDeno instanceof UnreachableError && fromDeno instanceof RetryableError);
  assert.equal(fromDeno.message, "Cannot reach 127.0.0.1:4000: connection refused");
  assert.equal(fromDeno.kind, "network");
  const node = Object.assign(new Error("request failed"), { code: "ENOTFOUND" });
  assert.equal(
    unreachable(node, "https://oauth2.googleapis.com/token")?.message,
    "Cannot reach oauth2.googleapis.com: DNS lookup failed",
  );
  const causes: [string, string][] = [
    [
      "client error (Connect): dns error: failed to lookup address information: Name or service " +
      "not known",
      "DNS lookup failed",
    ],
    [
      "client error (Connect): dns error: failed to lookup address information: Temporary failure " +
      "in name resolution",
      "DNS lookup failed",
    ],
    [
      "client error (Connect): invalid peer certificate: UnknownIssuer",
      "TLS handshake failed (invalid peer certificate: UnknownIssuer)",
    ],
    ["client error (Connect): tcp connect error: Connection timed out (os error 110)", "timed out"],
    [
      "client error (Connect): tcp connect error: Network is unreachable (os error 101)",
      "network unreachable",
    ],
    [
      "client error (Connect): tcp connect error: No route to host (os error 113)",
      "host unreachable",
    ],
  ];
  for (const [text, cause] of causes) {
    const error = new TypeError("fetch failed", {
      cause: new Error(`error sending request: ${text}`),
    });
    assert.equal(
      unreachable(error, "https://h.example/")?.message,
      `Cannot reach h.example: ${cause}`,
    );
  }
  assert.equal(unreachable(new QuotaError("q"), "https://example.com/"), undefined);
  assert.equal(unreachable(new RangeError("bug"), "https://example.com/"), undefined);
});

Deno.test("errors: fatalIo maps a full or unwritable disk, and nothing else", () => {
  const full = fatalIo(Object.assign(new Error("no space"), { code: "ENOSPC" }), "/d");
  assert.ok(full instanceof FatalIoError);
  assert.match(full.message, /^Cannot write to \/d: the disk is full \(ENOSPC\)/);
  const ro = fatalIo(Object.assign(new Error("ro"), { code: "EROFS" }), "/d");
  assert.match(ro?.message ?? "", /^Cannot write to \/d: EROFS; check that the destination/);
  assert.equal(fatalIo(new Error("other"), "/d/x"), undefined);
});

Deno.test("errors: fatalIo names the index when SQLite cannot do I/O or open the index file", () => {
  // node:sqlite's messages when an fsync fails, and when an open of the index (or its WAL) does.
  const io = fatalIo(new Error("disk I/O error"), "/d");
  assert.equal(
    io?.message,
    "Cannot use the index of /d: SQLite reports a disk I/O error; check the disk holding it " +
      "(dmesg, SMART), then run gphotos-nas verify",
  );
  const open = fatalIo(new Error("unable to open database file"), "/d");
  assert.equal(
    open?.message,
    "Cannot use the index of /d: SQLite reports it cannot open the index file; check the disk " +
      "holding it (dmesg, SMART), then run gphotos-nas verify",
  );
});
