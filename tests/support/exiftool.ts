/**
 * exiftool for tests that check files the way other photo software reads them. Whether it is
 * installed is decided once at load time, so tests can say `ignore: !EXIFTOOL` and print why.
 *
 * @module
 */

function probe(): boolean {
  try {
    return new Deno.Command("exiftool", { args: ["-ver"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** True when `exiftool` runs (Debian: `apt-get install -y libimage-exiftool-perl`). */
export const EXIFTOOL = probe();

/** Prints, once per test file, why the exiftool tests of that file are skipped. */
export function reportMissingExiftool(file: string): void {
  if (!EXIFTOOL) {
    console.log(
      `${file}: exiftool not found, its tests are skipped ` +
        "(apt-get install -y libimage-exiftool-perl)",
    );
  }
}

/** Runs exiftool with `args`; throws with its stderr when it fails. */
export async function exiftool(args: string[]): Promise<string> {
  const out = await new Deno.Command("exiftool", { args, stdout: "piped", stderr: "piped" })
    .output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`exiftool ${args.join(" ")} failed: ${stderr}`);
  return new TextDecoder().decode(out.stdout);
}

/** `exiftool -j -n -G1 FILE`: every tag as `Group:Name` with numeric values. */
export async function exiftoolJson(file: string): Promise<Record<string, unknown>> {
  const [tags] = JSON.parse(await exiftool(["-j", "-n", "-G1", file]));
  return tags;
}
