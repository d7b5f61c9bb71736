#!/usr/bin/env bash
# Offsite copy of a gphotos-nas library with restic (docs/OFFSITE.md explains every step).
#
#   RESTIC_REPOSITORY=… RESTIC_PASSWORD_FILE=… contrib/offsite/restic.sh [--json] DEST
#
# One restic snapshot of the whole library, DEST/.gphotos-nas/ (the index) included, taken while this
# script holds the library's lock: the same flock on DEST/.gphotos-nas/lock that every gphotos-nas
# run holds from start to end, so no run writes while restic reads, and no run starts (it exits 4)
# until the snapshot is done. The path backed up is always the absolute DEST, so restic finds the
# previous snapshot as its parent and reads only new or changed files. Then `restic check
# --read-data-subset=1/10` reads back a tenth of the repository's data (RESTIC_CHECK_SUBSET).
# The library is only read: the lock file is opened read-only and never created.
#
# Environment: RESTIC_REPOSITORY, RESTIC_PASSWORD_FILE (or anything restic accepts), LOCK_WAIT
# (seconds to wait for a running gphotos-nas run, default 3600), RESTIC_CHECK_SUBSET (default 1/10,
# "0" skips the check). --json passes --json to `restic backup` (its summary: files_new, …).
# Exit: 0 snapshot made and checked · 1 backup or check failed · 2 usage (no DEST, not a library,
# a tool missing) · 4 the library stayed locked for LOCK_WAIT seconds: no snapshot was made.
set -uo pipefail

json=()
if [ "${1:-}" = "--json" ]; then
  json=(--json)
  shift
fi
if [ "$#" -ne 1 ]; then
  echo "usage: RESTIC_REPOSITORY=… RESTIC_PASSWORD_FILE=… $0 [--json] DEST" >&2
  exit 2
fi
for tool in restic flock; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "Cannot back up: $tool is not on PATH; install it (Debian: apt-get install $tool)" >&2
    exit 2
  fi
done
if [ -z "${RESTIC_REPOSITORY:-}${RESTIC_REPOSITORY_FILE:-}" ]; then
  echo "Cannot back up: RESTIC_REPOSITORY is not set; set it to the repository made by \`restic init\`" >&2
  exit 2
fi
dest="$(cd "$1" 2>/dev/null && pwd -P)" || {
  echo "Cannot back up $1: no such folder" >&2
  exit 2
}
lock="$dest/.gphotos-nas/lock"
if [ ! -f "$dest/.gphotos-nas/index.sqlite" ] || [ ! -f "$lock" ]; then
  echo "Cannot back up $dest: it is not a gphotos-nas library with its index in it" \
    "(no .gphotos-nas/index.sqlite or lock); run this on the NAS that holds the library" >&2
  exit 2
fi

wait_s="${LOCK_WAIT:-3600}"
subset="${RESTIC_CHECK_SUBSET:-1/10}"
# Read-only: flock(2) takes an exclusive lock on any open file, and the library stays untouched.
exec 9<"$lock"
if ! flock --exclusive --wait "$wait_s" 9; then
  holder="$(sed -n 's/^command=//p' "$lock" | head -n1)"
  pid="$(sed -n 's/^pid=//p' "$lock" | head -n1)"
  echo "Cannot back up $dest: the library is in use by ${holder:-another run} (pid ${pid:-unknown})" \
    "for more than ${wait_s}s; no snapshot was made, run this again after it (LOCK_WAIT=seconds)" >&2
  exit 4
fi

restic backup "${json[@]}" --tag gphotos-nas "$dest"
code=$?
# Unlocked before the check: the check reads only the repository, and tonight's run may start.
exec 9<&-
if [ "$code" -ne 0 ]; then
  echo "restic backup of $dest failed (exit $code): no complete snapshot was made" >&2
  exit 1
fi
if [ "$subset" != "0" ]; then
  if ! restic check --read-data-subset="$subset"; then
    echo "restic check --read-data-subset=$subset failed: the repository needs attention" \
      "(restic check --read-data)" >&2
    exit 1
  fi
fi
exit 0
