#!/bin/sh
# Container entrypoint for gphotos-nas (POSIX sh; the image is debian:bookworm-slim).
#
#   schedule   run the nightly job now (unless SCHEDULE_AT is set), then every --every / at
#              SCHEDULE_AT; a failed night is logged and the loop goes on (the next night retries)
#   nightly    run the nightly job once and exit with its code (for `docker run --rm` from cron)
#   health     the HEALTHCHECK: `status` of /photos, as PUID
#   *          any gphotos-nas command (`auth …`, `pick`, `status`, `--version`), as PUID
#
# The nightly job: `import --inbox $INBOX` (Takeout exports that arrived), then a pick reminder
# (picking needs a person at Google's picker, so it cannot run unattended). Exit codes 4 (another
# run holds the lock) and 5 (Google's daily quota) are soft: "try again next time", not failures.
#
# Variables: PUID/PGID (default 1000), TZ, SCHEDULE_EVERY (default 24h), SCHEDULE_AT (HH:MM),
# GPHOTOS_NAS_CONFIG_DIR (/config), PHOTOS (/photos), INBOX (/inbox), GPHOTOS_NAS_BIN (the binary).
set -u

BIN="${GPHOTOS_NAS_BIN:-/usr/local/bin/gphotos-nas}"
PUID="${PUID:-1000}"
PGID="${PGID:-1000}"
PHOTOS="${PHOTOS:-/photos}"
INBOX="${INBOX:-/inbox}"
export GPHOTOS_NAS_CONFIG_DIR="${GPHOTOS_NAS_CONFIG_DIR:-/config}"
# The config folder is the home: nothing else in the container is written.
export HOME="$GPHOTOS_NAS_CONFIG_DIR"

log() { echo "$(date +%Y-%m-%dT%H:%M:%S%:z) entrypoint: $*" >&2; }
die() { log "$1"; exit "${2:-2}"; }

case "$PUID" in '' | *[!0-9]*) die "PUID must be a number, not '$PUID'" ;; esac
case "$PGID" in '' | *[!0-9]*) die "PGID must be a number, not '$PGID'" ;; esac
# A misspelt TZ would silently mean UTC: day folders off by hours. Refuse it instead.
if [ -n "${TZ:-}" ] && [ "$TZ" != UTC ] && [ ! -f "/usr/share/zoneinfo/$TZ" ]; then
  die "TZ=$TZ is not a known time zone (see /usr/share/zoneinfo), e.g. TZ=Europe/Berlin"
fi

# Root drops to PUID:PGID (setpriv, from util-linux, needs no user entry); a container started
# with --user is already that user, and PUID/PGID cannot apply.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$GPHOTOS_NAS_CONFIG_DIR"
  # Only the config folder is ours to chown (small, holds the token); photos and inbox are the
  # owner's data and are never changed behind their back.
  if [ "$(stat -c %u:%g "$GPHOTOS_NAS_CONFIG_DIR")" != "$PUID:$PGID" ]; then
    chown -R "$PUID:$PGID" "$GPHOTOS_NAS_CONFIG_DIR" || die "cannot chown $GPHOTOS_NAS_CONFIG_DIR"
  fi
  AS="setpriv --reuid=$PUID --regid=$PGID --clear-groups --"
else
  [ "$(id -u)" = "$PUID" ] || log "not started as root: running as uid $(id -u), PUID=$PUID ignored"
  AS=""
fi

child=""
# docker stop sends SIGTERM to this shell (PID 1): pass it on to the running gphotos-nas, which
# removes its partial downloads and exits 143, then leave with 143 too.
on_term() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child"
  fi
  exit 143
}

# Runs gphotos-nas as PUID in the background and waits, so that a trapped signal reaches it.
gp() {
  $AS "$BIN" "$@" &
  child=$!
  wait "$child"
  code=$?
  child=""
  return "$code"
}

# Runs one step of the nightly job and folds its exit code into $rc (first hard failure wins).
rc=0
step() {
  gp "$@"
  code=$?
  case "$code" in
    0) ;;
    4 | 5) log "$1 exited $code (locked/quota): not a failure, the next run resumes" ;;
    *)
      log "$1 exited $code"
      [ "$rc" -ne 0 ] || rc=$code
      ;;
  esac
}

nightly() {
  rc=0
  step import --inbox "$INBOX" --dest "$PHOTOS"
  log "reminder: photos already in Google Photos come only by picking; run" \
    "'docker compose run --rm gphotos-nas pick' (or press Start a pick in the web console)" \
    "and choose the days since the last pick"
  return "$rc"
}

# Seconds from now until the next HH:MM in TZ (tomorrow when that minute has passed today).
seconds_until() {
  h=$(echo "$1" | cut -d: -f1 | sed 's/^0//')
  m=$(echo "$1" | cut -d: -f2 | sed 's/^0//')
  now=$(date +%H:%M:%S | awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }')
  d=$(((h * 3600 + m * 60 - now + 86400) % 86400))
  [ "$d" -gt 0 ] || d=86400
  echo "$d"
}

# 24h, 30m, 90s or plain seconds, for --every / SCHEDULE_EVERY.
to_seconds() {
  case "$1" in
    [!0-9]* | *[!0-9smhd]* | '') return 1 ;;
    *d) echo $((${1%d} * 86400)) ;;
    *h) echo $((${1%h} * 3600)) ;;
    *m) echo $((${1%m} * 60)) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}

schedule() {
  every="${SCHEDULE_EVERY:-24h}"
  if [ "${1:-}" = --every ]; then every="${2:-}"; fi
  interval=$(to_seconds "$every") || die "schedule: --every takes 24h, 30m, 90s (got '$every')"
  [ "$interval" -gt 0 ] || die "schedule: --every must be more than 0"
  at="${SCHEDULE_AT:-}"
  case "$at" in
    '') ;;
    [01][0-9]:[0-5][0-9] | 2[0-3]:[0-5][0-9]) ;;
    *) die "schedule: SCHEDULE_AT takes HH:MM, e.g. 02:00 (got '$at')" ;;
  esac
  trap on_term TERM INT
  if [ -n "$at" ]; then log "schedule: nightly job daily at $at ($TZ)"; else log "schedule: every $every"; fi
  first=1
  while :; do
    if [ -n "$at" ]; then wait_s=$(seconds_until "$at"); elif [ "$first" = 1 ]; then wait_s=0; else wait_s=$interval; fi
    first=0
    if [ "$wait_s" -gt 0 ]; then
      sleep "$wait_s" &
      child=$!
      wait "$child"
      child=""
    fi
    nightly
    nightly_rc=$?
    log "nightly job exited $nightly_rc (next: $([ -n "$at" ] && echo "at $at" || echo "in $every"))"
  done
}

TZ="${TZ:-UTC}"
export TZ
case "${1:-}" in
  schedule)
    shift
    schedule "$@"
    ;;
  nightly)
    trap on_term TERM INT
    nightly
    ;;
  health)
    # Before the first nightly run there is no index: that is "not yet", not "unhealthy".
    [ -e "$PHOTOS/.gphotos-nas/index.sqlite" ] || exit 0
    gp status --dest "$PHOTOS" --quiet >/dev/null
    ;;
  '') exec $AS "$BIN" --help ;;
  *) exec $AS "$BIN" "$@" ;;
esac
