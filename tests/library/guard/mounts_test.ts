import assert from "node:assert/strict";
import { join } from "node:path";
import {
  mountOf,
  networkShareOf,
  parseMountinfo,
  realLocation,
  shareName,
} from "../../../src/library/guard/mounts.ts";
import { mountinfoText } from "../../../src/simulator/host/mountinfo.ts";

/** Lines as the kernel writes them on the boxes users run gphotos-nas on. */
const SYNOLOGY_ITSELF = [
  "25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/md0 rw,data=ordered",
  "29 25 0:26 / /volume1 rw,relatime shared:12 - btrfs /dev/mapper/cachedev_0 " +
  "rw,space_cache=v2,auto_reclaim_space,metadata_ratio=50,syno_allocator,subvolid=256,subvol=/@syno",
].join("\n");

/** A Raspberry Pi with the Synology's photos over NFS 4.1 and a QNAP share over NFS 3. */
const PI_WITH_SHARES = [
  "22 1 179:2 / / rw,noatime shared:1 - ext4 /dev/mmcblk0p2 rw",
  "45 22 0:52 / /mnt/synology rw,relatime shared:33 - nfs4 192.168.1.10:/volume1/photos " +
  "rw,vers=4.1,rsize=131072,wsize=131072,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys," +
  "clientaddr=192.168.1.20,local_lock=none,addr=192.168.1.10",
  "52 22 0:55 / /mnt/qnap rw,relatime shared:35 - nfs 10.0.0.5:/Multimedia rw,vers=3," +
  "rsize=131072,wsize=131072,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys," +
  "mountaddr=10.0.0.5,mountvers=3,mountport=30000,mountproto=udp,local_lock=none,addr=10.0.0.5",
  "53 52 259:3 / /mnt/qnap/local-cache rw,relatime shared:36 - ext4 /dev/sda1 rw",
].join("\n");

/** A CIFS mount whose share and mount point hold spaces (`\040`), as fstab users write them. */
const CIFS_WITH_SPACES =
  "60 22 0:60 / /mnt/family\\040photos rw,relatime shared:40 - cifs //nas/Family\\040Photos " +
  "rw,vers=3.1.1,cache=strict,username=pi,uid=1000,noforceuid,gid=1000,noforcegid,addr=192.168.1.10";

/** Inside a container: the host's NFS share bind-mounted as /photos (its root is a subfolder). */
const CONTAINER_BIND =
  "612 590 0:52 /photos /photos rw,relatime - nfs4 192.168.1.10:/volume1 rw,vers=4.1,addr=192.168.1.10";

Deno.test("mountinfo: a Synology's own volume is btrfs, a local disk", () => {
  const mounts = parseMountinfo(SYNOLOGY_ITSELF);
  const mount = mountOf("/volume1/photos/2024", mounts);
  assert.deepEqual(mount, {
    mountPoint: "/volume1",
    fsType: "btrfs",
    source: "/dev/mapper/cachedev_0",
  });
  assert.equal(shareName(mount!.fsType), undefined);
});

Deno.test("mountinfo: a Pi's NFS mounts of a Synology and a QNAP; the longest mount point wins", () => {
  const mounts = parseMountinfo(PI_WITH_SHARES);
  assert.equal(mountOf("/mnt/synology/photos", mounts)?.source, "192.168.1.10:/volume1/photos");
  assert.equal(shareName(mountOf("/mnt/synology", mounts)!.fsType), "an NFS share");
  assert.equal(mountOf("/mnt/qnap/Photos", mounts)?.fsType, "nfs");
  assert.equal(mountOf("/mnt/qnap/local-cache/x", mounts)?.fsType, "ext4");
  // Whole segments only: /mnt/synology2 is not inside /mnt/synology.
  assert.equal(mountOf("/mnt/synology2/photos", mounts)?.mountPoint, "/");
  assert.equal(mountOf("/home/pi", mounts)?.fsType, "ext4");
});

Deno.test("mountinfo: a CIFS share with spaces in its path is unescaped and named an SMB share", () => {
  const mounts = parseMountinfo(PI_WITH_SHARES + "\n" + CIFS_WITH_SPACES + "\n");
  const mount = mountOf("/mnt/family photos/2024/2024-06-01", mounts);
  assert.equal(mount?.mountPoint, "/mnt/family photos");
  assert.equal(mount?.source, "//nas/Family Photos");
  assert.equal(shareName(mount!.fsType), "an SMB share");
  assert.equal(mountOf("/mnt/family", mounts)?.mountPoint, "/");
});

Deno.test("mountinfo: a container's bind mount of an NFS share is an NFS share", () => {
  const mounts = parseMountinfo(
    "590 1 0:300 / / rw,relatime - overlay overlay rw,lowerdir=/a,upperdir=/b,workdir=/c\n" +
      CONTAINER_BIND,
  );
  assert.equal(shareName(mountOf("/photos", mounts)!.fsType), "an NFS share");
  assert.equal(shareName(mountOf("/config", mounts)!.fsType), undefined);
});

Deno.test("mountinfo: a later mount at the same point is the one on top", () => {
  const text = mountinfoText([
    { mountPoint: "/srv/photos", fsType: "ext4", source: "/dev/sdb1" },
    { mountPoint: "/srv/photos", fsType: "cifs", source: "//nas/photos" },
  ]);
  assert.equal(mountOf("/srv/photos/a", parseMountinfo(text))?.fsType, "cifs");
});

Deno.test("mountinfo: odd characters in a mount point survive the kernel's escaping", () => {
  const odd = "/mnt/a b\tc\\d";
  const mounts = parseMountinfo(
    mountinfoText([{ mountPoint: odd, fsType: "nfs4", source: "n:/x y" }]),
  );
  assert.equal(mountOf(`${odd}/photos`, mounts)?.source, "n:/x y");
});

Deno.test("mountinfo: DEST that does not exist yet is placed by its nearest existing folder, symlinks resolved", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const share = join(dir, "share");
    await Deno.mkdir(share);
    await Deno.symlink(share, join(dir, "link"));
    const dest = join(dir, "link", "photos", "new");
    assert.equal(await realLocation(dest), join(await Deno.realPath(share), "photos", "new"));
    const file = join(dir, "mountinfo");
    await Deno.writeTextFile(
      file,
      mountinfoText([{ mountPoint: await Deno.realPath(share), fsType: "nfs4", source: "nas:/p" }]),
    );
    assert.equal((await networkShareOf(dest, file))?.name, "an NFS share");
    assert.equal(await networkShareOf(dir, file), undefined);
    assert.equal(
      await networkShareOf(dest, join(dir, "missing")),
      undefined,
      "no mountinfo: local",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
