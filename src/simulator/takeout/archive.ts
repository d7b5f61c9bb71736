/**
 * Writes a Takeout export the way Google delivers it: zip (optionally Zip64) or tgz parts named
 * `<stem>-001.zip`, `-002.zip`, …, with a sidecar in another part than its media, and cuts a part
 * short the way a broken download does.
 *
 * @module
 */
import { join } from "node:path";
import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from "@zip.js/zip.js";
import { packTar } from "modern-tar";
import type { FixtureFile } from "./exports.ts";

/**
 * Splits files into `count` parts in order; the last file (a sidecar whose media sits in an earlier
 * part) opens the last part, as Google splits exports without regard for sidecars.
 */
export function splitParts(files: FixtureFile[], count: number): FixtureFile[][] {
  const parts: FixtureFile[][] = Array.from({ length: count }, () => []);
  const head = files.slice(0, -1);
  head.forEach((file, i) =>
    parts[Math.min(count - 1, Math.floor((i * count) / head.length))].push(file)
  );
  parts[count - 1].unshift(files[files.length - 1]);
  return parts;
}

/** Writes a zip part (Zip64 records when `zip64`). */
export async function writeZip(path: string, files: FixtureFile[], zip64 = false): Promise<void> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { zip64, useWebWorkers: false });
  for (const file of files) {
    await writer.add(file.path, new Uint8ArrayReader(file.bytes), { level: 1 });
  }
  await Deno.writeFile(path, await writer.close());
}

/** Writes a tgz part, its entries in the order given. */
export async function writeTgz(path: string, files: FixtureFile[]): Promise<void> {
  const tarBytes = await packTar(
    files.map((file) => ({
      header: { name: file.path, size: file.bytes.length, type: "file" as const },
      body: file.bytes,
    })),
  );
  const gz = new Blob([tarBytes]).stream().pipeThrough(new CompressionStream("gzip"));
  await Deno.writeFile(path, gz);
}

/** Writes an export as parts named like Google's in `dir`, returning their paths. */
export async function writeExport(
  dir: string,
  stem: string,
  files: FixtureFile[],
  options: { format: "zip" | "tgz"; parts: number; zip64?: boolean },
): Promise<string[]> {
  const paths: string[] = [];
  for (const [i, part] of splitParts(files, options.parts).entries()) {
    const name = `${stem}-${String(i + 1).padStart(3, "0")}.${options.format}`;
    const path = join(dir, name);
    if (options.format === "zip") await writeZip(path, part, options.zip64);
    else await writeTgz(path, part);
    paths.push(path);
  }
  return paths;
}

/** Cuts a file to `fraction` of its size (a download that broke off). */
export async function truncate(path: string, fraction = 0.5): Promise<void> {
  const bytes = await Deno.readFile(path);
  await Deno.writeFile(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}
