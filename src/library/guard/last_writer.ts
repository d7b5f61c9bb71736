/**
 * Which index wrote a library last. With DEST on a share each host keeps its own index, so the
 * files another host's runs added are unknown to this one, and the writer would store those items
 * a second time under a suffixed name. `DEST/.gphotos-nas/last-index` names the index that wrote
 * last (a random id kept in that index, its host and path); a run whose index is not that one
 * first records the files on disk it lacks, as `index rebuild` does, so an item another host
 * stored is recognised by its content and never stored twice.
 *
 * @module
 */
import { join } from "node:path";
import type { Catalog } from "../catalog/mod.ts";
import { hostName } from "./share_lock.ts";
import { STATE_DIR } from "../disk/paths.ts";

interface LastIndex {
  id: string;
  host: string;
  path: string;
}

function lastIndexPath(root: string): string {
  return join(root, STATE_DIR, "last-index");
}

/** This index's id, made once. */
function indexId(index: Catalog): string {
  let id = index.state.get("index_id");
  if (!id) index.state.set("index_id", id = crypto.randomUUID());
  return id;
}

/**
 * The index that wrote the library at `root` last, as words for a log line ("the index … on host
 * …"), when it is not `index`; undefined when it is, or when no run recorded one yet.
 */
export async function otherLastWriter(root: string, index: Catalog): Promise<string | undefined> {
  let last: LastIndex;
  try {
    last = JSON.parse(await Deno.readTextFile(lastIndexPath(root)));
  } catch {
    return undefined;
  }
  if (typeof last?.id !== "string" || last.id === indexId(index)) return undefined;
  return `the index ${last.path} on host ${last.host}`;
}

/** Records `index` (kept at `path`) as the one writing the library now, when it is not already. */
export async function noteLastWriter(root: string, index: Catalog, path: string): Promise<void> {
  const file = lastIndexPath(root);
  const id = indexId(index);
  const now = await Deno.readTextFile(file).catch(() => "");
  if (now.includes(`"${id}"`)) return;
  const temp = `${file}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const last: LastIndex = { id, host: hostName(), path };
  try {
    await Deno.writeTextFile(temp, JSON.stringify(last, null, 2) + "\n");
    await Deno.rename(temp, file);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
