/**
 * A small real filesystem that fills up: a tmpfs mount (the tests run as root on the CI machine).
 * Where mounting is not allowed, the tests that need it are ignored, and say so.
 *
 * @module
 */

async function run(command: string, args: string[]): Promise<boolean> {
  return await new Deno.Command(command, { args, stdout: "null", stderr: "null" }).output()
    .then((o) => o.success, () => false);
}

/** A mounted tmpfs; unmounted and removed on dispose. */
export interface Tmpfs extends AsyncDisposable {
  /** Its mount point. */
  path: string;
  /** Changes its size, e.g. to make room again. */
  resize(size: string): Promise<void>;
}

/** Mounts a tmpfs of `size` (e.g. `"1m"`) on a new temp folder. */
export async function mountTmpfs(size: string): Promise<Tmpfs> {
  const path = await Deno.makeTempDir({ prefix: "gphotos-nas-tmpfs-" });
  if (!(await run("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", path]))) {
    await Deno.remove(path);
    throw new Error(`cannot mount a tmpfs on ${path}`);
  }
  return {
    path,
    async resize(newSize) {
      if (!(await run("mount", ["-o", `remount,size=${newSize}`, path]))) {
        throw new Error(`cannot resize the tmpfs on ${path}`);
      }
    },
    async [Symbol.asyncDispose]() {
      await run("umount", [path]);
      await Deno.remove(path, { recursive: true });
    },
  };
}

/** Whether this machine lets the tests mount a tmpfs. */
export async function canMountTmpfs(): Promise<boolean> {
  try {
    await using _ = await mountTmpfs("64k");
    return true;
  } catch {
    return false;
  }
}

/** Writes a filler file into `dir` until the disk is full; returns its path. */
export async function fillDisk(dir: string): Promise<string> {
  const path = `${dir}/filler.bin`;
  using file = await Deno.open(path, { write: true, create: true, append: true });
  for (const chunk of [65536, 4096, 512, 1]) {
    try {
      for (;;) await file.write(new Uint8Array(chunk));
    } catch (error) {
      if (!(error as Error).message.includes("No space left")) throw error;
    }
  }
  return path;
}
