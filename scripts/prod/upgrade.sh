#!/usr/bin/env bash
# Upgrade in place: new code, dependencies and static files while the site runs; then, only if
# there are migrations, the maintenance page while they run; then a graceful reload of gunicorn
# (new workers take new requests, old ones finish theirs: no request is dropped) and a restart
# of the task workers and the scheduler. Ends with the smoke test.
#   DOTENV_FILE=/etc/assonum/env scripts/prod/upgrade.sh            # git pull --ff-only first
#   SKIP_PULL=1 ...                                                 # code already in place
# The service commands are settings for hosts without systemd (make deploy-test sets them).
source "$(dirname "$0")/common.sh"
MAINTENANCE_FLAG="${MAINTENANCE_FLAG:-/srv/assonum/maintenance.on}"
WEB_RELOAD="${WEB_RELOAD:-systemctl reload assonum-web.service}"
WORKERS_STOP="${WORKERS_STOP:-systemctl stop assonum-scheduler.service assonum-worker@*.service}"
WORKERS_START="${WORKERS_START:-systemctl start assonum.target}"

if [ "${SKIP_PULL:-0}" != 1 ]; then
  log "Code: git pull --ff-only"
  git pull --ff-only
fi
log "Dependencies, front-end libraries"
make --no-print-directory install assets
load_settings
log "Static files (new hashed names next to the old ones: pages in flight keep theirs)"
manage collectstatic --no-input -v 0

if manage migrate --check >/dev/null 2>&1; then
  log "No migration to apply"
  eval "$WORKERS_STOP"
else
  log "Maintenance page on; workers stopped; migrations"
  touch "$MAINTENANCE_FLAG"
  trap 'rm -f "$MAINTENANCE_FLAG"' EXIT
  eval "$WORKERS_STOP"
  manage migrate --no-input -v 1
fi
manage check --deploy --fail-level WARNING
log "Graceful reload of the web server; workers and scheduler started"
eval "$WEB_RELOAD"
eval "$WORKERS_START"
rm -f "$MAINTENANCE_FLAG"
manage smoke_test
log "Upgraded to $(git describe --always --dirty 2>/dev/null || echo 'this checkout')"
