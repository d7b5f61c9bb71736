/**
 * The NAS side of the world the simulator cannot serve over HTTP: a `/proc/self/mountinfo` that
 * puts a folder on a network share, written the way the kernel writes it (octal escapes for space,
 * tab, newline and backslash), for `GPHOTOS_NAS_MOUNTINFO`. No share can be mounted where the
 * tests run, so this is how they put DEST on NFS or SMB.
 *
 * @module
 */

/** One mount to declare. */
export interface SimulatedMount {
  /** Absolute mount point (any characters; escaped as the kernel does). */
  mountPoint: string;
  /** `nfs4`, `cifs`, `ext4`, … */
  fsType: string;
  /** What is mounted: `nas:/volume1/photos`, `//nas/Family Photos`, `/dev/sda1`. */
  source: string;
}

function escape(path: string): string {
  return path.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`);
}

const SUPER_OPTIONS: Record<string, string> = {
  nfs4: "rw,vers=4.1,rsize=131072,wsize=131072,namlen=255,hard,proto=tcp,timeo=600,retrans=2," +
    "sec=sys,clientaddr=192.168.1.20,local_lock=none,addr=192.168.1.10",
  nfs: "rw,vers=3,rsize=131072,wsize=131072,namlen=255,hard,proto=tcp,timeo=600,retrans=2," +
    "sec=sys,mountaddr=192.168.1.10,mountvers=3,mountport=892,mountproto=udp,local_lock=none," +
    "addr=192.168.1.10",
  cifs: "rw,vers=3.1.1,cache=strict,username=pi,uid=1000,noforceuid,gid=1000,noforcegid," +
    "addr=192.168.1.10,file_mode=0755,dir_mode=0755,soft,nounix,serverino,mapposix,rsize=4194304," +
    "wsize=4194304,bsize=1048576,echo_interval=60,actimeo=1,closetimeo=1",
};

/**
 * A mountinfo text: the root filesystem on ext4, then `mounts` in order (a later mount at the same
 * point is on top, as in the kernel's file).
 */
export function mountinfoText(mounts: readonly SimulatedMount[]): string {
  const lines = [
    "22 1 179:2 / / rw,noatime shared:1 - ext4 /dev/mmcblk0p2 rw",
    "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
  ];
  mounts.forEach((m, i) => {
    lines.push(
      `${40 + i} 22 0:${52 + i} / ${escape(m.mountPoint)} rw,relatime shared:${33 + i} - ` +
        `${m.fsType} ${escape(m.source)} ${SUPER_OPTIONS[m.fsType] ?? "rw"}`,
    );
  });
  return lines.join("\n") + "\n";
}
