#!/bin/sh
# The nightly gphotos-nas job for plain cron and systemd (contrib/cron/, contrib/systemd/);
# install as /usr/local/bin/gphotos-nas-nightly. Every step runs even when an earlier one failed,
# and the exit code is the first hard failure's: 0 only when every step did its work.
# Soft codes: 4 (another run holds the lock: it is doing the work) and 5 (Google's daily quota:
# the next run resumes) are "try again next time", logged but not failures, so a scheduler that
# mails on a non-zero exit mails only when something needs you (1 items failed, 2 config, 3 auth).
#
# Settings (environment): INBOX (Takeout inbox, default /srv/takeout-inbox), LOG (append output
# there instead of stdout; on failure the log's tail is printed so cron's mail shows it).
# Destination, time zone, ping URL: config.json of the user running this.
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
