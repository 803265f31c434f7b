#!/usr/bin/env bash
# Restore a backup folder made by backup.sh into an EMPTY database (create it first:
# createdb -O assonum assonum), with the application stopped (systemctl stop assonum.target;
# nginx shows the maintenance page meanwhile). Checks the checksums first; then the media,
# migrations up to this code, Django's checks and the smoke test.
#   DOTENV_FILE=/etc/assonum/env scripts/prod/restore.sh /srv/assonum/backups/assonum-20261201T031500Z
source "$(dirname "$0")/common.sh"
backup="${1:?usage: restore.sh BACKUP_FOLDER}"
backup="$(cd "$backup" && pwd)"
load_settings
require_postgres

log "Checksums"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || die "checksums do not match: $backup"
tables="$(psql "$DATABASE_URL" -XtAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
[ "$tables" = 0 ] || die "the database is not empty ($tables tables): restore into an empty one"

log "Database"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" \
  "$backup/database.dump"
if [ -z "$AWS_STORAGE_BUCKET_NAME" ]; then
  log "Public media into $MEDIA_ROOT"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$backup/media.tar.gz"
fi
if [ -z "$PRIVATE_S3_BUCKET" ]; then
  log "Private media into $PRIVATE_MEDIA_ROOT"
  mkdir -p "$PRIVATE_MEDIA_ROOT"
  chmod 700 "$PRIVATE_MEDIA_ROOT"
  tar -C "$PRIVATE_MEDIA_ROOT" -xzf "$backup/private.tar.gz"
fi

log "Migrations (a backup of older code is brought up to this one), checks, smoke test"
manage migrate --no-input -v 1
manage check --deploy --fail-level WARNING
manage smoke_test
log "Restored $(grep '^taken_at=' "$backup/VERSION" | cut -d= -f2). Start: systemctl start assonum.target"
