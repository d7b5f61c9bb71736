/**
 * Which filesystem holds a path, from the kernel's `/proc/self/mountinfo`: SQLite's WAL and
 * `flock` misbehave on NFS and SMB shares ("database is locked"), so the library must know when
 * DEST is on one. `GPHOTOS_NAS_MOUNTINFO` names another file to read (the tests: no share can be
 * mounted there).
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";

/** One line of mountinfo. */
export interface Mount {
  /** Where it is mounted, unescaped. */
  mountPoint: string;
  /** Filesystem type (`nfs4`, `cifs`, `fuse.sshfs`, …). */
  fsType: string;
  /** What is mounted (`nas:/volume1/photos`, `//nas/photos`, `/dev/sda1`), unescaped. */
  source: string;
}

/** The kernel escapes space, tab, newline and backslash in paths as octal (`\040`). */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * Parses mountinfo text. Each line: `id parent major:minor root mount-point options [optional
 * fields…] - fstype source super-options`; lines that do not read so are skipped.
 */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split("\n")) {
    const fields = line.trim().split(" ");
    const dash = fields.indexOf("-", 6);
    if (dash < 0 || fields.length < dash + 3) continue;
    mounts.push({
      mountPoint: unescape(fields[4]),
      fsType: fields[dash + 1],
      source: unescape(fields[dash + 2]),
    });
  }
  return mounts;
}

/**
 * The mount holding `path` (absolute, symlinks resolved): the longest mount point that contains
 * it, whole path segments only; of several at the same point the last, which is the one on top.
 */
export function mountOf(path: string, mounts: readonly Mount[]): Mount | undefined {
  let best: Mount | undefined;
  for (const mount of mounts) {
    const rel = relative(mount.mountPoint, path);
    const inside = rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
    if (inside && (!best || mount.mountPoint.length >= best.mountPoint.length)) best = mount;
  }
  return best;
}

const SHARE_NAMES: Record<string, string> = {
  nfs: "an NFS share",
  nfs4: "an NFS share",
  cifs: "an SMB share",
  smb3: "an SMB share",
  smbfs: "an SMB share",
  "fuse.sshfs": "an SSHFS mount",
  "9p": "a 9p share",
  ceph: "a CephFS share",
  "fuse.glusterfs": "a GlusterFS share",
  "fuse.rclone": "an rclone mount",
  afs: "an AFS share",
  davfs: "a WebDAV mount",
  "fuse.davfs2": "a WebDAV mount",
};

/** How to name a network filesystem type in one line ("an NFS share"), or undefined if local. */
export function shareName(fsType: string): string | undefined {
  return SHARE_NAMES[fsType];
}

/**
 * `path`'s real location: symlinks resolved as far as the path exists (DEST may not exist yet: its
 * nearest existing ancestor decides where it will be).
 */
export async function realLocation(path: string): Promise<string> {
  let head = resolve(path);
  let tail = "";
  for (;;) {
    try {
      return join(await Deno.realPath(head), tail);
    } catch {
      const parent = dirname(head);
      if (parent === head) return resolve(path);
      tail = join(head.slice(parent.length + (parent.endsWith("/") ? 0 : 1)), tail);
      head = parent;
    }
  }
}

/**
 * The network share holding `path`, or undefined when it is on a local disk or mountinfo cannot be
 * read (not Linux, no /proc in a jail): then it is treated as local, as before.
 */
export async function networkShareOf(
  path: string,
  mountinfo = "/proc/self/mountinfo",
): Promise<(Mount & { name: string }) | undefined> {
  const text = await Deno.readTextFile(mountinfo).catch(() => undefined);
  if (text === undefined) return undefined;
  const mount = mountOf(await realLocation(path), parseMountinfo(text));
  const name = mount && shareName(mount.fsType);
  return mount && name ? { ...mount, name } : undefined;
}
