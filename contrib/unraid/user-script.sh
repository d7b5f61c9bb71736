#!/bin/bash
# Unraid: Settings → User Scripts → Add New Script "gphotos-nas", paste this file, schedule Custom
# `0 3 * * *`. The binary lives in /mnt/user/appdata/gphotos-nas/: /boot is FAT mounted noexec, and
# the RAM root (/usr/local/bin) is emptied by every reboot; the config (token) sits beside it.
# Every step runs; the exit code is the first hard failure's, and a failure raises an Unraid
# notification; 4 (locked) and 5 (quota) are soft. The plugin keeps the output as the log.
APPDATA="${APPDATA:-/mnt/user/appdata/gphotos-nas}"
PATH="$PATH:$APPDATA"
INBOX="${INBOX:-/mnt/user/takeout-inbox}"
NOTIFY="${NOTIFY:-/usr/local/emhttp/webGui/scripts/notify}"

rc=0
step() {
  gphotos-nas --config-dir "$APPDATA/config" "$@" --quiet
  code=$?
  case "$code" in
    0) ;;
    4 | 5) echo "gphotos-nas $1: exit $code (locked/quota), not a failure" ;;
    *)
      echo "gphotos-nas $1: exit $code"
      [ "$rc" -ne 0 ] || rc=$code
      ;;
  esac
}

step backup
step import --inbox "$INBOX"
if [ "$rc" -ne 0 ] && [ -x "$NOTIFY" ]; then
  "$NOTIFY" -e gphotos-nas -s "gphotos-nas failed (exit $rc)" -d "see the User Scripts log" -i alert
fi
exit "$rc"
