#!/bin/sh
# Synology DSM: Control Panel → Task Scheduler → Create → Scheduled Task → User-defined script;
# paste this file as the "Run command" (or save it and run `sh /volume1/homes/USER/gphotos-nas.sh`).
# User: the account that ran `gphotos-nas auth`. "Send run details by email: only when the script
# terminates abnormally" then mails only on a real failure, with the log's tail, because:
#   - every step runs even when an earlier one failed (the old recipe's `exit $rc` after the first
#     command skipped the import);
#   - the exit code is the first hard failure's (the old `exit 0` hid every failure);
#   - 4 (locked: another run is working) and 5 (daily quota: the next run resumes) are soft.
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
