#!/usr/bin/env bash
# Serve the platform for `make run`: the web server and the background task worker together,
# plus the periodic-task scheduler. Ctrl-C stops all three.
# Usage: scripts/serve.sh [PORT]
set -euo pipefail
port="${1:-${PORT:-8000}}"
# The settings build the site's address (SITE_URL, used in every email) from PORT when SITE_URL
# is not set: the emails of the demo link to the port it is served on.
export PORT="$port"
py=.venv/bin/python
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
$py manage.py db_worker --queue-name "*" &
pids+=($!)
$py manage.py run_periodic --loop &
pids+=($!)
$py manage.py runserver "127.0.0.1:${port}" --noreload &
pids+=($!)
wait -n
