#!/usr/bin/env bash
# First installation on a production host, from a checkout in APP_DIR (default: this one):
# locked dependencies in .venv, front-end libraries, static files, database schema, then
# Django's deployment checklist, which must pass.
#   DOTENV_FILE=/etc/assonum/env scripts/prod/install.sh
source "$(dirname "$0")/common.sh"

log "Python dependencies (requirements.lock) and front-end libraries (package-lock.json)"
make --no-print-directory install assets
load_settings
log "Static files into $STATIC_ROOT"
manage collectstatic --no-input -v 0
log "Database schema"
manage migrate --no-input -v 1
log "Deployment checklist"
manage check --deploy --fail-level WARNING
log "Installed. Next: load_territory (first time), createsuperuser, start assonum.target"
