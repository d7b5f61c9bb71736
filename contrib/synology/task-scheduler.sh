#!/bin/sh
# Synology DSM: Control Panel → Task Scheduler → Create → Scheduled Task → User-defined script;
# user: the one that ran `gphotos-nas auth`; email "only when the script terminates abnormally";
# Run command: this file. Every step runs even when one fails (an old `exit $rc` skipped the
# import), the exit code is the first hard failure's (an old `exit 0` hid them all), 4 (locked) and
# 5 (quota) are soft, and on failure the log's tail is printed so that the mail shows it.
PATH="$PATH:/usr/local/bin"
INBOX="${INBOX:-/volume1/takeout-inbox}"
LOG="${LOG:-/volume1/photos/.gphotos-nas/nightly.log}"
mkdir -p "$(dirname "$LOG")"

rc=0
step() {
  gphotos-nas "$@" --quiet >>"$LOG" 2>&1
  code=$?
  case "$code" in
    0) ;;
    4 | 5) echo "gphotos-nas $1: exit $code (locked/quota), not a failure" >>"$LOG" ;;
    *)
      echo "gphotos-nas $1: exit $code" >>"$LOG"
      [ "$rc" -ne 0 ] || rc=$code
      ;;
  esac
}

step backup
step import --inbox "$INBOX"
if [ "$rc" -ne 0 ]; then tail -n 20 "$LOG"; fi
exit "$rc"
