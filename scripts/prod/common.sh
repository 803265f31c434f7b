# Shared by the production scripts: where the code is, its settings, and small helpers.
# The settings come from the file DOTENV_FILE names (default /etc/assonum/env), read by Django's
# settings themselves (python-dotenv): the same file the systemd units give the processes.
set -Eeuo pipefail
trap 'echo "FAILED at ${BASH_SOURCE[0]}:${LINENO}: ${BASH_COMMAND}" >&2' ERR

APP_DIR="${APP_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$APP_DIR"
PY="$APP_DIR/.venv/bin/python"
export DOTENV_FILE="${DOTENV_FILE:-/etc/assonum/env}"

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
manage() { "$PY" manage.py "$@"; }

# Read the settings this host runs with (DATABASE_URL, MEDIA_ROOT...) as shell variables.
load_settings() {
  [ -f "$DOTENV_FILE" ] || die "no settings file at DOTENV_FILE=$DOTENV_FILE"
  [ -x "$PY" ] || die "no virtual environment at $APP_DIR/.venv (run scripts/prod/install.sh)"
  eval "$("$PY" - <<'PYEOF'
import shlex
import config.settings as s
for name in ("DATABASE_URL", "MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "STATIC_ROOT",
             "AWS_STORAGE_BUCKET_NAME", "PRIVATE_S3_BUCKET"):
    print(f"{name}={shlex.quote(str(getattr(s, name, '')))}")
PYEOF
)"
}

require_postgres() {
  case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) die "DATABASE_URL is not PostgreSQL: these scripts back up and restore PostgreSQL only" ;;
  esac
}
