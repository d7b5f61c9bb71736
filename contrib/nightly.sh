#!/bin/sh
# The nightly job for plain cron and systemd, installed as /usr/local/bin/gphotos-nas-nightly.
# Every step runs even when one failed; the exit code is the first hard failure's. 4 (locked: another
# run is working) and 5 (quota: the next run resumes) are soft, so a scheduler that mails on a
# non-zero exit mails only when something needs you. INBOX: the Takeout inbox; LOG: append output
# there, printing the log's tail on failure (cron mails it). The rest comes from config.json.
PATH="$PATH:/usr/local/bin"
INBOX="${INBOX:-/srv/takeout-inbox}"
LOG="${LOG:-}"

say() { if [ -n "$LOG" ]; then echo "$*" >>"$LOG"; else echo "$*"; fi; }

rc=0
step() {
  if [ -n "$LOG" ]; then gphotos-nas "$@" --quiet >>"$LOG" 2>&1; else gphotos-nas "$@" --quiet; fi
  code=$?
  case "$code" in
    0) ;;
    4 | 5) say "gphotos-nas $1: exit $code (locked/quota), not a failure: the next run resumes" ;;
    *)
      say "gphotos-nas $1: exit $code"
      [ "$rc" -ne 0 ] || rc=$code
      ;;
  esac
}

step backup
step import --inbox "$INBOX"
if [ "$rc" -ne 0 ] && [ -n "$LOG" ]; then tail -n 20 "$LOG"; fi
exit "$rc"
