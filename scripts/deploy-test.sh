#!/usr/bin/env bash
# `make deploy-test`: the production deployment of docs/deployment.md, run end to end on this
# machine and checked through nginx over HTTPS:
#   nginx (installed from Debian when missing) with deploy/nginx/assonum.conf and a self-signed
#   certificate; PostgreSQL; Redis; gunicorn with deploy/gunicorn.conf.py, two db_worker
#   processes and the scheduler, as the systemd units of deploy/systemd start them (DEBUG=0,
#   settings from one env file); scripts/prod/install.sh, backup.sh, restore.sh, upgrade.sh.
# Everything listens on 127.0.0.1 on free high ports, lives in one temporary folder and one
# temporary database, and is stopped and removed at the end, whatever happens. 3 to 5 minutes on
# 2 quiet cores (most of it is Django starting up, about 20 times).
#
# DATABASE_URL: the PostgreSQL server to use (its database part is ignored; default
# postgres://postgres@127.0.0.1:5432/postgres). REDIS_URL: default redis://127.0.0.1:6379/9, or
# a redis-server started here when nothing answers. UPGRADE_FROM: the commit whose schema the
# upgrade starts from (default: the first commit). KEEP_DEPLOY_TEST=1 keeps the folder.
set -Eeuo pipefail
trap 'echo "DEPLOY TEST FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
START=$SECONDS
step() { printf '\n==== [%3ss] %s ====\n' "$((SECONDS - START))" "$*"; }
ok() { printf '  ok  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*" >&2; exit 1; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Hard time bound: the whole run is stopped after DEPLOY_TEST_TIMEOUT seconds (15 minutes: a
# quiet 2-core machine needs 3 to 4, one shared with several test suites up to 10).
( sleep "${DEPLOY_TEST_TIMEOUT:-900}"; echo "deploy test: time limit reached" >&2; kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

T="$(mktemp -d /tmp/assonum-deploy-test.XXXXXX)"
chmod 755 "$T"
SRV="$T/srv"          # stands for /srv/assonum
RUN="$T/run"          # stands for /run/assonum
mkdir -p "$SRV"/{media,private,static,var,backups} "$RUN" "$T/log" "$T/nginx"
chmod 700 "$SRV/private"

PG_SERVER="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PG_SERVER="${PG_SERVER%/*}"
DB_NAME="assonum_deploytest_$$"
DB_URL="$PG_SERVER/$DB_NAME"
UPGRADE_DB_URL="$PG_SERVER/${DB_NAME}_upgrade"
psql_admin() { psql "$PG_SERVER/postgres" -XqAt -v ON_ERROR_STOP=1 "$@"; }

PIDS=()
REDIS_PID=""
cleanup() {
  local rc=$?
  set +e
  trap - ERR
  for pid in "${PIDS[@]}" $REDIS_PID; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}" $REDIS_PID; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null
  done
  psql_admin -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" \
             -c "DROP DATABASE IF EXISTS ${DB_NAME}_upgrade WITH (FORCE)" 2>/dev/null
  pkill -TERM -P "$WATCHDOG" 2>/dev/null  # its sleep
  kill "$WATCHDOG" 2>/dev/null
  if [ "${KEEP_DEPLOY_TEST:-0}" = 1 ] || [ $rc -ne 0 ]; then
    echo "Logs and files kept in $T" >&2
    [ $rc -ne 0 ] && tail -n 20 "$T"/log/*.log >&2
  else
    rm -rf "$T"
  fi
  [ $rc -eq 0 ] && printf '\nDEPLOY TEST PASSED in %ss\n' "$((SECONDS - START))"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
step "nginx from Debian's packages"
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nginx >/dev/null
  # Only our own nginx runs here, on a high port: not Debian's service on port 80.
  (systemctl disable --now nginx || service nginx stop || true) >/dev/null 2>&1
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
"$NGINX" -v 2>&1
id www-data >/dev/null 2>&1 || fail "no www-data user (Debian's nginx package creates it)"

step "Self-signed certificate for assonum.test"
HOST=assonum.test
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$HOST" \
  -addext "subjectAltName=DNS:$HOST" -keyout "$T/nginx/privkey.pem" \
  -out "$T/nginx/fullchain.pem" 2>/dev/null
HTTPS_PORT="$(free_port)"; HTTP_PORT="$(free_port)"; SMTP_PORT="$(free_port)"
BASE="https://$HOST:$HTTPS_PORT"
CURL=(curl -sS --max-time 30 --cacert "$T/nginx/fullchain.pem"
      --resolve "$HOST:$HTTPS_PORT:127.0.0.1" --resolve "$HOST:$HTTP_PORT:127.0.0.1")

step "PostgreSQL, Redis, SMTP server"
pg_isready -q -d "$PG_SERVER/postgres" || fail "PostgreSQL does not answer at $PG_SERVER"
psql_admin -c "CREATE DATABASE $DB_NAME"
ok "database $DB_NAME"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/9}"
if ! redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null || { apt-get update -qq; apt-get install -y -qq redis-server >/dev/null; }
  REDIS_PORT="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    >"$T/log/redis.log" 2>&1 &
  REDIS_PID=$!
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  for _ in $(seq 1 50); do redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -u "$REDIS_URL" ping >/dev/null
ok "Redis at $REDIS_URL"
"$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$T/maildir" \
  >"$T/log/smtp.log" 2>&1 &
PIDS+=($!)
ok "aiosmtpd on 127.0.0.1:$SMTP_PORT (Maildir $T/maildir)"

step "Settings file (the /etc/assonum/env of docs/deployment.md)"
cat >"$T/env" <<EOF
DEBUG=0
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
ALLOWED_HOSTS=$HOST
SITE_URL=$BASE
DATABASE_URL=$DB_URL
REDIS_URL=$REDIS_URL
EMAIL_HOST=127.0.0.1
EMAIL_PORT=$SMTP_PORT
DEFAULT_FROM_EMAIL=AssoNum <ne-pas-repondre@$HOST>
VAR_DIR=$SRV/var
STATIC_ROOT=$SRV/static
MEDIA_ROOT=$SRV/media
PRIVATE_MEDIA_ROOT=$SRV/private
LOG_FORMAT=json
TRUSTED_PROXY_COUNT=1
EOF
chmod 600 "$T/env"
# Processes get this file and nothing of this shell's environment, as under systemd.
PROD=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$T" "LANG=C.UTF-8" "DOTENV_FILE=$T/env")
PROD_SCRIPTS=("${PROD[@]}" "APP_DIR=$ROOT" "MAINTENANCE_FLAG=$SRV/maintenance.on")

# The upgrade test's starting point, prepared meanwhile: the schema and demo content of an
# earlier commit (git archive), in a database of its own, by that commit's own code.
UPGRADE_FROM="${UPGRADE_FROM:-$(git rev-list --max-parents=0 HEAD | tail -1)}"
OLD="$T/old"
mkdir -p "$OLD"
git archive "$UPGRADE_FROM" | tar -x -C "$OLD"
psql_admin -c "CREATE DATABASE ${DB_NAME}_upgrade"
sed "s#^DATABASE_URL=.*#DATABASE_URL=$UPGRADE_DB_URL#" "$T/env" >"$T/env-upgrade"
OLD_ENV=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$T" "LANG=C.UTF-8" "DEBUG=0"
         "VAR_DIR=$T/old-var" "MEDIA_ROOT=$T/old-var/media" "DOTENV_FILE=$T/env-upgrade")
# The old code reads its settings from the environment (it knows no DOTENV_FILE).
while IFS='=' read -r name value; do OLD_ENV+=("$name=$value"); done < <(grep -v '^#' "$T/env-upgrade")
(cd "$OLD" && "${OLD_ENV[@]}" "$PY" manage.py migrate --no-input -v 0 \
   && "${OLD_ENV[@]}" "$PY" manage.py load_demo) >"$T/log/old.log" 2>&1 &
OLD_PID=$!
PIDS+=("$OLD_PID")
ok "old schema of $(git log -1 --format=%h "$UPGRADE_FROM") being prepared in ${DB_NAME}_upgrade"

step "scripts/prod/install.sh (dependencies, collectstatic, migrate, check --deploy)"
"${PROD_SCRIPTS[@]}" scripts/prod/install.sh >"$T/log/install.log" 2>&1 \
  || { tail -n 30 "$T/log/install.log"; fail "install.sh"; }
grep -q "no issues" "$T/log/install.log" || fail "check --deploy reported issues"
ok "installed; check --deploy: no issues"
"${PROD[@]}" "$PY" manage.py load_demo >"$T/log/load_demo.log" 2>&1
ok "content: load_demo"

step "gunicorn, two task workers, the scheduler (the ExecStart lines of deploy/systemd)"
start_app() {
  "${PROD[@]}" "GUNICORN_BIND=unix:$RUN/gunicorn.sock" "GUNICORN_WORKERS=2" \
    "GUNICORN_PIDFILE=$RUN/gunicorn.pid" \
    "$ROOT/.venv/bin/gunicorn" --config deploy/gunicorn.conf.py config.wsgi \
    >>"$T/log/gunicorn.log" 2>&1 &
  WEB_PID=$!
  "${PROD[@]}" "$PY" manage.py db_worker --queue-name "*" --worker-id "$(hostname)-1" \
    --no-startup-delay >>"$T/log/worker1.log" 2>&1 &
  WORKER1_PID=$!
  "${PROD[@]}" "$PY" manage.py db_worker --queue-name "*" --worker-id "$(hostname)-2" \
    --no-startup-delay >>"$T/log/worker2.log" 2>&1 &
  WORKER2_PID=$!
  "${PROD[@]}" "$PY" manage.py run_periodic --loop >>"$T/log/scheduler.log" 2>&1 &
  SCHEDULER_PID=$!
  PIDS+=("$WEB_PID" "$WORKER1_PID" "$WORKER2_PID" "$SCHEDULER_PID")
  for _ in $(seq 1 100); do [ -S "$RUN/gunicorn.sock" ] && break; sleep 0.2; done
  [ -S "$RUN/gunicorn.sock" ] || fail "gunicorn did not open its socket"
  chmod 666 "$RUN/gunicorn.sock"  # systemd's socket unit gives it to www-data instead
}
stop_app() {  # as systemctl stop assonum.target
  local pid
  for pid in "$WEB_PID" "$WORKER1_PID" "$WORKER2_PID" "$SCHEDULER_PID"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "$WEB_PID" "$WORKER1_PID" "$WORKER2_PID" "$SCHEDULER_PID"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
}
start_app
ok "gunicorn $WEB_PID, workers $WORKER1_PID $WORKER2_PID, scheduler $SCHEDULER_PID"

step "nginx with deploy/nginx/assonum.conf"
# The site file as shipped; only ports, folders and certificate paths are substituted.
sed -e "s#listen 80#listen 127.0.0.1:$HTTP_PORT#; s#listen 443#listen 127.0.0.1:$HTTPS_PORT#" \
    -e "s#assonum.example.org#$HOST#g" \
    -e "s#/etc/letsencrypt/live/$HOST/#$T/nginx/#; s#/etc/letsencrypt/live/assonum.test/#$T/nginx/#" \
    -e "s#/srv/assonum/app/#$ROOT/#g; s#/srv/assonum/#$SRV/#g; s#/run/assonum/#$RUN/#g" \
    -e "s#/var/log/nginx/#$T/log/#g; s#/var/www/html#$T/nginx#g" \
    deploy/nginx/assonum.conf >"$T/nginx/site.conf"
cat >"$T/nginx/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/log/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    server_tokens off;
    client_body_temp_path $T/nginx/body;
    proxy_temp_path $T/nginx/proxy;
    fastcgi_temp_path $T/nginx/fastcgi;
    uwsgi_temp_path $T/nginx/uwsgi;
    scgi_temp_path $T/nginx/scgi;
    access_log off;
    include $T/nginx/site.conf;
}
EOF
"$NGINX" -t -q -c "$T/nginx/nginx.conf" -p "$T/nginx" -e "$T/log/nginx-error.log"
"$NGINX" -c "$T/nginx/nginx.conf" -p "$T/nginx" -e "$T/log/nginx-error.log" -g "daemon off;" &
PIDS+=($!)
wait_healthy() {  # until /healthz answers 200 through nginx (gunicorn's workers have booted)
  for _ in $(seq 1 120); do
    [ "$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$BASE/healthz" 2>/dev/null)" = 200 ] && return
    sleep 0.5
  done
  fail "/healthz did not answer 200 within a minute"
}
wait_healthy
ok "nginx on https://$HOST:$HTTPS_PORT (127.0.0.1)"

# ---------------------------------------------------------------------------------------------
step "Checks through nginx over HTTPS"
headers() { "${CURL[@]}" -o /dev/null -D - "$@" | tr -d '\r' | tr 'A-Z' 'a-z'; }
code() { "${CURL[@]}" -o /dev/null -w '%{http_code}' "$@" 2>/dev/null || true; }

home_headers="$(headers --http2 "$BASE/")"
grep -q '^http/2 200' <<<"$home_headers" || fail "home page over HTTP/2: $(head -1 <<<"$home_headers")"
grep -q '^strict-transport-security: max-age=31536000' <<<"$home_headers" || fail "HSTS on /"
grep -Eq '^x-request-id: [0-9a-f]{32}$' <<<"$home_headers" || fail "request id on /"
"${CURL[@]}" "$BASE/" | grep -q '<h1' || fail "home page content"
ok "home page: HTTP/2 200, HSTS, X-Request-ID from nginx"
request_id="$(sed -n 's/^x-request-id: //p' <<<"$home_headers")"
sleep 1
grep -q "id=$request_id" "$T/log/assonum.access.log" || fail "request id not in nginx's log"
grep -q "id=$request_id" "$T/log/gunicorn.log" || fail "request id not in gunicorn's log"
ok "request id $request_id in nginx's and gunicorn's logs"

[ "$(code "http://$HOST:$HTTP_PORT/")" = 301 ] || fail "HTTP is not redirected to HTTPS"
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --resolve "other.test:$HTTP_PORT:127.0.0.1" \
      "http://other.test:$HTTP_PORT/" || true)" = 000 ] || fail "an unknown host name got an answer"
ok "HTTP redirects to HTTPS; unknown host names get no answer"

hashed="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["paths"]["css/site.css"])' \
          "$SRV/static/staticfiles.json")"
static_headers="$(headers -H 'Accept-Encoding: gzip' "$BASE/static/$hashed")"
grep -q ' 200' <<<"$(head -1 <<<"$static_headers")" || fail "static file $hashed"
grep -q '^cache-control: public, max-age=31536000, immutable' <<<"$static_headers" \
  || fail "long cache header of $hashed: $static_headers"
grep -q '^content-encoding: gzip' <<<"$static_headers" || fail "gzip of $hashed"
ok "static /static/$hashed: 200, gzip, Cache-Control immutable one year"

health="$("${CURL[@]}" "$BASE/healthz")"
"$PY" - "$health" <<'EOF'
import json, sys
body = json.loads(sys.argv[1])
assert body["status"] == "ok" and body["database"] and body["cache"], body
assert isinstance(body["tasks"]["backlog"], int), body
assert body["tasks"]["oldest_pending_age_seconds"] >= 0, body
EOF
ok "/healthz: $health"

step "Newsletter subscription: the confirmation email reaches the SMTP server"
EMAIL="marie.durand+deploytest@la-chatre.example.org"
subscribe_code="$("${CURL[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' \
  --data-urlencode "email=$EMAIL" --data "consent=on" --data "source=/" "$BASE/lettre/")"
[[ "$subscribe_code" == "302 $BASE/lettre/merci/" ]] || fail "subscription answered $subscribe_code"
message=""
for _ in $(seq 1 120); do
  message="$(grep -rl "$EMAIL" "$T/maildir/new" 2>/dev/null | head -1 || true)"
  [ -n "$message" ] && break
  sleep 0.5
done
[ -n "$message" ] || fail "no email for $EMAIL reached the SMTP server in 60 s"
confirm_url="$("$PY" - "$message" <<'EOF'
import email, re, sys
from email import policy
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
text = msg.get_body(preferencelist=("plain",)).get_content()
print(re.search(r"https://\S+/lettre/confirmation/\S+/", text).group(0))
EOF
)"
[ "$(code "$confirm_url")" = 200 ] || fail "confirmation link $confirm_url"
ok "email sent by a db_worker through SMTP; its confirmation link answers 200 through nginx"

step "Media and private media"
mkdir -p "$SRV/media/original_images"
printf '\x89PNG\r\n\x1a\n deploy test image' >"$SRV/media/original_images/la-chatre.png"
chmod 644 "$SRV/media/original_images/la-chatre.png"
media_headers="$(headers "$BASE/media/original_images/la-chatre.png")"
grep -q ' 200' <<<"$(head -1 <<<"$media_headers")" || fail "public media file"
grep -q '^x-content-type-options: nosniff' <<<"$media_headers" || fail "nosniff on media"
grep -q '^content-security-policy: .*sandbox' <<<"$media_headers" || fail "sandbox CSP on media"
ok "public media served by nginx, nosniff and sandboxed"
mkdir -p "$SRV/media/documents"; echo "document" >"$SRV/media/documents/rapport.pdf"
[ "$(code "$BASE/media/documents/rapport.pdf")" = 404 ] || fail "documents served from disk"
ok "Wagtail documents never straight from the disk (404)"
echo "Relevé d'identité bancaire de l'association de L'Île-Bouchard" >"$SRV/private/rib.txt"
for path in /_private/rib.txt /private/rib.txt /media/../private/rib.txt /static/../private/rib.txt; do
  got="$("${CURL[@]}" --path-as-is -o "$T/got" -w '%{http_code}' "$BASE$path")"
  ! grep -q "Bouchard" "$T/got" || fail "nginx served a private file at $path"
  [ "$got" != 200 ] || fail "$path answered 200"
done
ok "PRIVATE_MEDIA_ROOT is not served by nginx (no location points to it; ../ escapes refused)"
if grep -rqs "PrivateFileField" assonum --include=models.py; then
  echo "  note: an app keeps private uploads: their owner-only download is not checked here yet"
else
  echo "  note: no app keeps private uploads yet: an owner-only download cannot be checked"
fi

# ---------------------------------------------------------------------------------------------
count_rows() {  # count_rows URL: "table count" for every table of the database, sorted
  psql "$1" -XqAt -F ' ' -c "SELECT table_name,
      (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', table_name),
                                           false, true, '')))[1]::text
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
}
media_sums() { (cd "$SRV" && find media private -type f -print0 | sort -z | xargs -0 sha256sum); }
# Rows that the running workers and scheduler write (task results, last periodic runs).
VOLATILE='^(django_tasks_database_dbtaskresult|django_tasks_db_dbtaskresult|core_periodicrun) '

step "Backup under load (requests through nginx, workers and scheduler running)"
# The demo's search-index tasks first (the row counts compared below must not move on their own).
backlog_of() { "${CURL[@]}" "$BASE/healthz" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["tasks"]["backlog"])'; }
for _ in $(seq 1 180); do [ "$(backlog_of)" = 0 ] && break; sleep 0.5; done
[ "$(backlog_of)" = 0 ] || fail "the two workers did not empty the task queue in 90 s"
ok "task queue emptied by the two workers"
( while :; do
    for p in / /boite-a-outils/ /annuaire/ /lettre/ /healthz; do
      "${CURL[@]}" -o /dev/null -w '%{http_code}\n' "$BASE$p" || echo 000
    done
  done >"$T/load.codes" 2>/dev/null ) &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
sleep 2
backup="$("${PROD_SCRIPTS[@]}" "BACKUP_DIR=$SRV/backups" "BACKUP_KEEP=2" scripts/prod/backup.sh \
          2>"$T/log/backup.log" | tail -1)"
sleep 1
kill "$LOAD_PID"; wait "$LOAD_PID" 2>/dev/null || true
[ -d "$backup" ] || { cat "$T/log/backup.log"; fail "backup.sh made no folder"; }
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || fail "backup checksums"
load_total="$(wc -l <"$T/load.codes")"
load_bad="$(grep -cv '^200$' "$T/load.codes" || true)"
[ "$load_bad" = 0 ] || fail "$load_bad of $load_total requests failed during the backup"
ok "backup $(basename "$backup") ($(du -sh "$backup" | cut -f1)), $load_total requests meanwhile, all 200"
# Rotation: two more backups, BACKUP_KEEP=2 keeps the newest two.
for _ in 1 2; do
  sleep 1
  "${PROD_SCRIPTS[@]}" "BACKUP_DIR=$SRV/backups" "BACKUP_KEEP=2" scripts/prod/backup.sh \
    >/dev/null 2>>"$T/log/backup.log"
done
[ "$(find "$SRV/backups" -maxdepth 1 -name 'assonum-2*' | wc -l)" = 2 ] || fail "rotation"
[ ! -d "$backup" ] || fail "rotation kept the oldest backup"
backup="$(find "$SRV/backups" -maxdepth 1 -name 'assonum-2*' | sort | tail -1)"
ok "rotation keeps the newest 2"

step "Wipe the database and the media, restore (application stopped, maintenance page)"
stop_app
before_rows="$(count_rows "$DB_URL")"
before_media="$(media_sums)"
maintenance="$("${CURL[@]}" -D - "$BASE/" | tr -d '\r')"
grep -q '^HTTP/2 502\|^HTTP/1.1 502' <<<"$maintenance" || fail "status while stopped"
grep -q 'Le site est en maintenance' <<<"$maintenance" || fail "maintenance page while stopped"
ok "application stopped: nginx shows the maintenance page (502)"
psql_admin -c "DROP DATABASE $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
rm -rf "$SRV/media" "$SRV/private"
[ "$(count_rows "$DB_URL" | wc -l)" = 0 ] || fail "the database is not empty"
"${PROD_SCRIPTS[@]}" scripts/prod/restore.sh "$backup" >"$T/log/restore.log" 2>&1 \
  || { tail -n 30 "$T/log/restore.log"; fail "restore.sh"; }
grep -q "Test de fumée réussi" "$T/log/restore.log" || fail "restore smoke test"
after_rows="$(count_rows "$DB_URL")"
diff <(grep -Ev "$VOLATILE" <<<"$before_rows") <(grep -Ev "$VOLATILE" <<<"$after_rows") \
  || fail "row counts differ after the restore"
[ "$before_media" = "$(media_sums)" ] || fail "media files differ after the restore"
subscribers="$(grep '^newsletter_subscriber ' <<<"$after_rows" | cut -d' ' -f2)"
[ "${subscribers:-0}" -ge 1 ] || fail "the subscriber of this run is missing"
ok "$(wc -l <<<"$after_rows") tables, same row counts ($(awk '{s+=$2} END {print s}' <<<"$after_rows") rows), same media files"
start_app
wait_healthy
[ "$(code "$BASE/")" = 200 ] || fail "home page after the restore"
ok "application started again on the restored database: home page 200"

# ---------------------------------------------------------------------------------------------
step "Upgrade from the schema of $(git log -1 --format='%h %s' "$UPGRADE_FROM")"
wait "$OLD_PID" || { tail -n 30 "$T/log/old.log"; fail "the old code did not migrate and load its demo"; }
old_rows="$(count_rows "$UPGRADE_DB_URL")"
ok "old schema: $(wc -l <<<"$old_rows") tables, $(awk '{s+=$2} END {print s}' <<<"$old_rows") rows"
( while :; do "${CURL[@]}" -o /dev/null -w '%{http_code}\n' "$BASE/" || echo 000; done \
    >"$T/upgrade.codes" 2>/dev/null ) &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
"${PROD_SCRIPTS[@]}" "DOTENV_FILE=$T/env-upgrade" SKIP_PULL=1 \
  "WEB_RELOAD=kill -HUP $WEB_PID" "WORKERS_STOP=:" "WORKERS_START=:" \
  scripts/prod/upgrade.sh >"$T/log/upgrade.log" 2>&1 \
  || { tail -n 30 "$T/log/upgrade.log"; fail "upgrade.sh"; }
sleep 3  # the reloaded gunicorn workers take over
kill "$LOAD_PID"; wait "$LOAD_PID" 2>/dev/null || true
grep -q "Maintenance page on" "$T/log/upgrade.log" || fail "the upgrade did not show the maintenance page"
grep -q "Test de fumée réussi" "$T/log/upgrade.log" || fail "upgrade smoke test"
new_rows="$(count_rows "$UPGRADE_DB_URL")"
lost="$("$PY" - "$old_rows" "$new_rows" <<'EOF'
import sys
old = dict(line.split() for line in sys.argv[1].splitlines())
new = dict(line.split() for line in sys.argv[2].splitlines())
for table, count in sorted(old.items()):
    if int(new.get(table, -1)) < int(count):
        print(f"{table}: {count} -> {new.get(table, 'table gone')}")
EOF
)"
[ -z "$lost" ] || fail "rows lost by the upgrade: $lost"
ok "migrated forward: every table of the old schema kept its rows ($(wc -l <<<"$new_rows") tables now)"
codes="$(sort "$T/upgrade.codes" | uniq -c | tr -s ' ' | tr '\n' ',')"
grep -Eqv '^(200|503)$' "$T/upgrade.codes" && fail "requests dropped during the upgrade: $codes"
grep -q '^503$' "$T/upgrade.codes" || fail "no maintenance answer seen during the migrations ($codes)"
[ "$(tail -1 "$T/upgrade.codes")" = 200 ] || fail "the site did not come back after the upgrade"
ok "during the upgrade the site answered only 200 or the maintenance page ($codes); none dropped"
"${PROD[@]}" "$PY" -c "import os" # keep set -e happy on the last command
