/**
 * `gphotos-nas verify`: re-hash the library against its index; `--repair` fetches missing or
 * changed items again where their source can still serve them.
 *
 * @module
 */
import { resolve } from "node:path";
import { parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { createAccessTokenProvider } from "../auth/access.ts";
import { ExitCode, UsageError } from "../errors.ts";
import { indexPath } from "../library/catalog/mod.ts";
import { openLibrary } from "../library/library.ts";
import { verifyLibrary } from "../library/verify.ts";
import type { RequestCounter } from "../net/api_client.ts";
import { commandApiClient } from "../run/session.ts";
import { defaultRetryPolicy, retryScaleFromEnv } from "../net/retry.ts";
import { LIBRARY_API_ORIGIN, libraryRecordsById } from "../sources/library_api.ts";
import type { FileRow } from "../library/catalog/items.ts";

/** `verify --help`. */
export const help = `gphotos-nas verify — check every file of the library against its index

Usage:
  gphotos-nas verify --dest DIR [--repair] [--json]

Re-hashes (SHA-256) every file the index records and reports files that are missing, changed
(bit rot or edits) or unknown to the index. Nothing is deleted. With --repair, missing or changed
items are downloaded again where their source still serves them (Library API items); a changed file
is moved to DIR/.gphotos-nas/quarantine/ before its good copy takes its place. Items from Takeout or
the Picker cannot be fetched again by id: import the archive again, or pick them again.

Exit codes: 0 everything matches (or was repaired) · 1 something is missing, changed or unknown ·
            2 bad usage · 3 authorization needed for --repair · 4 library in use

Examples:
  gphotos-nas verify --dest /volume1/photos
  gphotos-nas verify --dest /volume1/photos --repair --json
`;

/** Runs `verify`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("verify", args, {
    dest: { type: "string" },
    repair: { type: "boolean" },
    json: { type: "boolean" },
  });
  if (!values.dest) throw new UsageError("verify: --dest is missing: name the backup folder");
  const dest = resolve(values.dest);
  if (!(await Deno.lstat(indexPath(dest)).then(() => true, () => false))) {
    throw new UsageError(`verify: ${dest} has no gphotos-nas index; is this the backup folder?`);
  }
  const policy = defaultRetryPolicy(retryScaleFromEnv((name) => ctx.env(name)));
  const library = await openLibrary(dest, {
    command: "verify",
    timeZone: "UTC",
    log: ctx.log,
    signal: ctx.signal,
    policy,
    stallTimeoutMs: 60_000,
    configDir: ctx.configDir,
    readOnlyWhenFull: !values.repair,
  });
  let exitCode: number = ExitCode.Ok;
  const repaired: string[] = [];
  const unrepaired: { path: string; reason: string }[] = [];
  try {
    ctx.log.info(`verify: hashing the files of ${dest}`);
    const report = await verifyLibrary(dest, library.index);
    const broken: FileRow[] = [...report.missing, ...report.changed];
    if (values.repair && broken.length > 0) {
      const tokens = await createAccessTokenProvider(ctx.configDir, ctx.log);
      const counter: RequestCounter = { api: 0, media: 0 };
      const client = commandApiClient(ctx, {
        origin: ctx.env("GPHOTOS_NAS_LIBRARY_API") ?? LIBRARY_API_ORIGIN,
        name: "Library API",
        tokens,
        counter,
      });
      const byId = new Map<string, FileRow>();
      for (const file of broken) {
        const item = library.index.items.itemsOfFile(file.id).find((i) => i.source === "library");
        if (item) byId.set(item.sourceId, file);
        else {
          unrepaired.push({
            path: file.relPath,
            reason: "its source (Picker or Takeout) cannot serve it again by id",
          });
        }
      }
      const records = await libraryRecordsById([...byId.keys()], { client, tokens, counter });
      for (const record of records) {
        const file = byId.get(record.sourceId)!;
        byId.delete(record.sourceId);
        try {
          await library.writer.restore(record, file);
          repaired.push(file.relPath);
        } catch (error) {
          unrepaired.push({ path: file.relPath, reason: (error as Error).message });
        }
      }
      for (const file of byId.values()) {
        unrepaired.push({ path: file.relPath, reason: "Google no longer serves this item" });
      }
    }
    for (const f of report.missing) ctx.log.error(`missing: ${f.relPath}`);
    for (const f of report.changed) ctx.log.error(`changed: ${f.relPath}`);
    for (const u of report.unknown) ctx.log.warn(`unknown to the index: ${u}`);
    for (const r of repaired) ctx.log.info(`repaired: ${r}`);
    for (const u of unrepaired) ctx.log.error(`not repaired: ${u.path}: ${u.reason}`);
    const problems = report.unknown.length + (values.repair ? unrepaired.length : broken.length);
    exitCode = problems > 0 ? ExitCode.ItemsFailed : ExitCode.Ok;
    ctx.log.info(
      `verify: ${report.checked} checked, ${report.ok} ok, ${report.missing.length} missing, ` +
        `${report.changed.length} changed, ${report.unknown.length} unknown` +
        (values.repair ? `, ${repaired.length} repaired` : ""),
    );
    if (values.json) {
      ctx.writeStdout(
        JSON.stringify({
          checked: report.checked,
          ok: report.ok,
          missing: report.missing.map((f) => f.relPath),
          changed: report.changed.map((f) => f.relPath),
          unknown: report.unknown,
          repaired,
          unrepaired,
        }) + "\n",
      );
    }
  } finally {
    await library.finish(exitCode, { repaired: repaired.length });
  }
  return exitCode;
}
