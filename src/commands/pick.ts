/**
 * `gphotos-nas pick`: back up the media you pick in Google Photos (the Picker API).
 *
 * @module
 */
import { resolve } from "node:path";
import { intFlag, parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { formatDay } from "../time/days.ts";
import { localDay } from "../time/zones.ts";
import { createAccessTokenProvider } from "../auth/access.ts";
import { executeRun } from "../run/lifecycle.ts";
import { commandApiClient, homeOptions, resolveSettings } from "../run/settings.ts";
import { PICKER_API_ORIGIN, PickerSession } from "../sources/picker/source.ts";
import { indexHome, readableIndexDir } from "../library/guard/index_home.ts";
import { createPickerPrompt } from "../ui/picker_prompt.ts";
import { localTimestamp } from "../ui/stamp.ts";
import { SessionPlaces } from "./pick_sessions.ts";

/** `pick --help`. */
export const help = `gphotos-nas pick — back up photos and videos you pick in Google Photos

Usage:
  gphotos-nas pick --dest DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--media all|photo|video]
                   [--max-items N] [--no-qr] [--resume] [--timezone IANA] [--concurrency N]
                   [--no-xmp] [--live-photos keep|still-only] [--dry-run] [--json] [--quiet]

Since 2025-03-31 the Picker API is the only Google API that reaches the photos already in your
library. gphotos-nas creates a picking session and prints its address (and a QR code on a
terminal); open it on any device signed in to your Google account, select up to 2,000 items (tip:
select a whole day or month at once) and press Done. The picked items are downloaded into the same
per-day folders and index as every other source; items the library already has are not stored
twice. If the run is interrupted after you picked, the next \`pick\` (or \`pick --resume\`) finishes
that session instead of asking again. At the end it tells you the newest item backed up so far, so
you know where to start picking next time.

Exit codes: 0 done · 1 some items failed, nothing was picked before the session timed out, or
            Google unreachable · 2 bad usage · 3 authorization needed · 4 library locked · 5 quota ·
            130/143 interrupted

Examples:
  gphotos-nas pick --dest /volume1/photos
  gphotos-nas pick --dest /volume1/photos --from 2026-10-01 --media photo --no-qr
`;

/** Runs `pick`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("pick", args);
  const settings = await resolveSettings("pick", values, ctx);
  const maxItems = intFlag("max-items", values["max-items"], 2000, 1, 2000);
  const root = resolve(settings.dest);
  // Where the run finds the index (`--state-dir`, a network share), not only in DEST.
  const indexDir = await readableIndexDir(root, await indexHome(root, homeOptions(ctx)));
  const sessions = new SessionPlaces(root, indexDir, ctx.configDir, settings.account);
  if (values.resume && !sessions.saved()) {
    ctx.log.info(
      "pick --resume: nothing to resume: no picking session is saved for this library; run " +
        "`gphotos-nas pick` to start one",
    );
    return 0;
  }
  const tokens = await createAccessTokenProvider(ctx.account.dir, ctx.log);
  let session: PickerSession | undefined;
  // Set once every picked item is handled: only then is the session deleted at Google.
  let complete = false;
  return await executeRun(ctx, settings, {
    command: "pick",
    records: (library, counter) => {
      session = new PickerSession({
        client: commandApiClient(ctx, {
          origin: ctx.env("GPHOTOS_NAS_PICKER_API") ?? PICKER_API_ORIGIN,
          name: "Picker API",
          tokens,
          counter,
          timeoutMs: settings.stallTimeoutMs,
        }),
        tokens,
        counter,
        maxItems,
        signal: ctx.signal,
        state: settings.dryRun ? sessions.dryRunState(library) : sessions.libraryState(library),
        ui: createPickerPrompt({ log: ctx.log, isTty: ctx.isTty, qr: !values["no-qr"] }),
        resumeOnly: values.resume,
      });
      const picker = session;
      return (async function* () {
        await picker.ready();
        yield* picker.records();
      })();
    },
    after(library, summary) {
      complete = !settings.dryRun && summary.failed === 0 && summary.pending === 0;
      const newest = library.index.items.newestCapture("picker");
      if (!newest) return {};
      const day = formatDay(localDay(new Date(newest), settings.timeZone));
      ctx.log.info(
        `newest item backed up so far: ${day}; next time, pick what was taken after that day`,
      );
      return { newestBackedUp: day };
    },
    async finally() {
      if (!session) return;
      const kept = complete ? undefined : session.keep();
      const until = kept && !Number.isNaN(Date.parse(kept)) ? localTimestamp(new Date(kept)) : kept;
      if (kept) {
        ctx.log.info(
          `the picking session is kept until ${until}: run \`gphotos-nas pick --resume\` ` +
            "to finish it without picking again",
        );
      } else await session.close();
    },
  });
}
