#!/usr/bin/env bash
# Serve the platform for `make run`: the web server and the background task worker together,
# plus the periodic-task scheduler. Ctrl-C stops all three.
set -euo pipefail
port="${1:-8000}"
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
