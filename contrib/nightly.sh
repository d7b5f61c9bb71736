#!/bin/sh
# The nightly job for plain cron and systemd, installed as /usr/local/bin/gphotos-nas-nightly.
# Every step runs even when one failed; the exit code is the first hard failure's. 4 (locked: another
# run is working) and 5 (quota: the next run resumes) are soft, so a scheduler that mails on a
# non-zero exit mails only when something needs you. INBOX: the Takeout inbox; LOG: append output
# there, printing the log's tail on failure (cron mails it). The rest comes from config.json.
# ACCOUNTS: a household's accounts into the same library, e.g. ACCOUNTS="default ben" (each one
# authorized once with `gphotos-nas auth --account NAME`); each account's Takeout exports then
# arrive in INBOX/NAME/. One account's failure (a revoked token: exit 3) never skips the others.
PATH="$PATH:/usr/local/bin"
INBOX="${INBOX:-/srv/takeout-inbox}"
LOG="${LOG:-}"
ACCOUNTS="${ACCOUNTS:-}"

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

if [ -z "$ACCOUNTS" ]; then
  step backup
  step import --inbox "$INBOX"
else
  for account in $ACCOUNTS; do
    step backup --account "$account"
    step import --inbox "$INBOX/$account" --account "$account"
  done
fi
if [ "$rc" -ne 0 ] && [ -n "$LOG" ]; then tail -n 20 "$LOG"; fi
exit "$rc"
