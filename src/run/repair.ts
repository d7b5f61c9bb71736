/**
 * `verify --repair`: fetching missing or changed Library API items again by id. Picker and Takeout
 * items cannot be fetched by id, so they are named instead.
 *
 * @module
 */
import { createAccessTokenProvider } from "../auth/access.ts";
import type { CommandContext } from "../cli/context.ts";
import type { FileRow } from "../library/catalog/items/rows.ts";
import type { Library } from "../library/mod.ts";
import type { RequestCounter } from "../net/api_client.ts";
import { LIBRARY_API_ORIGIN, libraryRecordsById } from "../sources/library_api/source.ts";
import { commandApiClient } from "./settings.ts";

/** What `--repair` did. */
export interface RepairResult {
  /** Paths restored byte for byte. */
  repaired: string[];
  /** Paths left broken, with the reason. */
  unrepaired: { path: string; reason: string }[];
}

/** Fetches `broken` files again where their source can still serve them. */
export async function repairFiles(
  ctx: CommandContext,
  library: Library,
  broken: FileRow[],
): Promise<RepairResult> {
  const result: RepairResult = { repaired: [], unrepaired: [] };
  if (broken.length === 0) return result;
  const tokens = await createAccessTokenProvider(ctx.account.dir, ctx.log);
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
      result.unrepaired.push({
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
      result.repaired.push(file.relPath);
    } catch (error) {
      result.unrepaired.push({ path: file.relPath, reason: (error as Error).message });
    }
  }
  for (const file of byId.values()) {
    result.unrepaired.push({ path: file.relPath, reason: "Google no longer serves this item" });
  }
  return result;
}
