#!/bin/sh
# QNAP: save as /share/homes/admin/bin/gphotos-nas-nightly.sh (chmod +x) beside the binary, add
# `0 3 * * * /share/homes/admin/bin/gphotos-nas-nightly.sh` to /etc/config/crontab (QTS rebuilds
# /etc/crontab from it at boot), then `crontab /etc/config/crontab && /etc/init.d/crond.sh restart`.
# Needs glibc >= 2.27 (`/lib/libc.so.6` prints it); QTS has 2.21: use the container there.
# Every step runs; the exit code is the first hard failure's; 4 (locked) and 5 (quota) are soft.
BIN_DIR="${BIN_DIR:-/share/homes/admin/bin}"
PATH="$PATH:$BIN_DIR"
CONFIG_DIR="${CONFIG_DIR:-/share/homes/admin/.config/gphotos-nas}"
INBOX="${INBOX:-/share/Takeout}"
LOG="${LOG:-/share/Photos/.gphotos-nas/nightly.log}"
mkdir -p "$(dirname "$LOG")"

rc=0
step() {
  # cron on QTS runs with HOME=/ : name the config folder explicitly.
  gphotos-nas --config-dir "$CONFIG_DIR" "$@" --quiet >>"$LOG" 2>&1
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
# Run by hand (or by a cron that mails), the failure's context is shown, not only a code.
if [ "$rc" -ne 0 ]; then tail -n 20 "$LOG"; fi
exit "$rc"
