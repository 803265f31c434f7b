#!/usr/bin/env bash
# Backup: the database (pg_dump custom format: a consistent snapshot while the site runs), the
# public media and the private media, with SHA-256 checksums, into
# $BACKUP_DIR/assonum-<UTC time>/ ; keeps the newest $BACKUP_KEEP backups. Prints its folder.
#   DOTENV_FILE=/etc/assonum/env BACKUP_DIR=/srv/assonum/backups scripts/prod/backup.sh
# Copy the folders elsewhere too (another host, object storage): a backup on the same disk
# protects from mistakes, not from losing the disk.
source "$(dirname "$0")/common.sh"
BACKUP_DIR="${BACKUP_DIR:-/srv/assonum/backups}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"
load_settings
require_postgres

umask 077
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dest="$BACKUP_DIR/assonum-$stamp"
work="$dest.partial"
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

log "Database"
pg_dump --format=custom --no-owner --no-privileges --file="$work/database.dump" "$DATABASE_URL"
archive() {  # archive FOLDER NAME: a tar of the folder's content (empty when it does not exist)
  if [ -d "$1" ]; then
    tar --warning=no-file-changed -C "$1" -czf "$work/$2.tar.gz" .
  else
    tar -czf "$work/$2.tar.gz" --files-from /dev/null
  fi
}
if [ -n "$AWS_STORAGE_BUCKET_NAME" ]; then
  log "Public media are in the bucket $AWS_STORAGE_BUCKET_NAME: back it up with its own tools"
  archive /nonexistent media
else
  log "Public media ($MEDIA_ROOT)"
  archive "$MEDIA_ROOT" media
fi
if [ -n "$PRIVATE_S3_BUCKET" ]; then
  log "Private media are in the bucket $PRIVATE_S3_BUCKET: back it up with its own tools"
  archive /nonexistent private
else
  log "Private media ($PRIVATE_MEDIA_ROOT)"
  archive "$PRIVATE_MEDIA_ROOT" private
fi
{
  echo "code=$(git describe --always --dirty 2>/dev/null || echo unknown)"
  echo "taken_at=$stamp"
} > "$work/VERSION"
(cd "$work" && sha256sum database.dump media.tar.gz private.tar.gz VERSION > SHA256SUMS)
mv "$work" "$dest"
trap - EXIT

# Rotation: the newest $BACKUP_KEEP stay.
find "$BACKUP_DIR" -maxdepth 1 -type d -name 'assonum-2*' ! -name '*.partial' | sort \
  | head -n "-$BACKUP_KEEP" | xargs -r rm -rf
log "Backup: $dest ($(du -sh "$dest" | cut -f1))"
echo "$dest"
