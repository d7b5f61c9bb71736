/**
 * `gphotos-nas backup`: the Library API source into the library.
 *
 * @module
 */
import { parseFlags } from "../cli/args.ts";
import type { CommandContext } from "../cli/context.ts";
import { createAccessTokenProvider } from "../auth/access.ts";
import { LIBRARY_API_ORIGIN, listLibrary } from "../sources/library_api/source.ts";
import { executeRun } from "../run/lifecycle.ts";
import { commandApiClient, resolveSettings } from "../run/settings.ts";

/** `backup --help`. */
export const help =
  `gphotos-nas backup — download the media this app uploaded (Google's Library API)

Usage:
  gphotos-nas backup --dest DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--year YYYY]
                     [--media all|photo|video] [--concurrency N] [--timezone IANA]
                     [--day-zone IANA]
                     [--layout TEMPLATE [--migrate-layout]] [--stall-timeout SECONDS] [--ping-url URL]
                     [--no-xmp] [--live-photos keep|still-only] [--dry-run] [--json] [--quiet]

Since 2025-03-31 Google's Library API returns only media this app created. To back up the photos
already in your library use \`gphotos-nas pick\` (you choose them in Google Photos) or
\`gphotos-nas import\` (a Google Takeout export, original quality).

Options:
  --dest DIR            the backup folder (or "dest" in config.json)
  --from, --to DAY      inclusive days, in --timezone
  --year YYYY           one calendar year (not with --from/--to)
  --media TYPE          all (default), photo or video
  --concurrency N       parallel downloads, 1-32 (default 4)
  --timezone IANA       zone of the day folders and of --from/--to (default: TZ, else the system's);
                        a photo whose EXIF records its UTC offset goes into the local day where
                        it was taken
  --day-zone IANA       one zone for every day folder, offsets or not (or "dayZone" in config)
  --layout TEMPLATE     folders, default {yyyy}/{yyyy}-{mm}-{dd}; a library keeps its layout
  --migrate-layout      move the existing files into a new --layout (otherwise it is refused)
  --stall-timeout S     restart a download that receives nothing, or retry an API call that gets
                        no answer, for S seconds (default 60)
  --ping-url URL        healthchecks-style monitoring URL (/start, success, /fail)
  --no-xmp              write no XMP sidecar (NAME.EXT.xmp) beside the files (or "xmp": false)
  --live-photos MODE    keep (default) a live photo's still and video side by side, or
                        still-only: leave the video halves out (or "livePhotos" in config)
  --dry-run             list and count, download nothing, write nothing
  --json                print one JSON summary object on stdout

Exit codes: 0 done · 1 some items failed, or Google unreachable · 2 bad usage ·
            3 authorization needed · 4 library locked by another run · 5 daily quota used up ·
            130/143 interrupted

Examples:
  gphotos-nas backup --dest /volume1/photos
  gphotos-nas backup --dest /mnt/user/photos --year 2024 --media video --json
  gphotos-nas backup --dest ./photos --from 2024-12-24 --to 2024-12-26 --timezone Europe/Berlin
`;

/** Runs `backup`. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseFlags("backup", args);
  const settings = await resolveSettings("backup", values, ctx);
  const tokens = await createAccessTokenProvider(ctx.account.dir, ctx.log);
  const origin = ctx.env("GPHOTOS_NAS_LIBRARY_API") ?? LIBRARY_API_ORIGIN;
  return await executeRun(ctx, settings, {
    command: "backup",
    records: (_library, counter) =>
      listLibrary({
        client: commandApiClient(ctx, {
          origin,
          name: "Library API",
          tokens,
          counter,
          timeoutMs: settings.stallTimeoutMs,
        }),
        tokens,
        counter,
        range: settings.range,
        media: settings.media,
      }),
  });
}
