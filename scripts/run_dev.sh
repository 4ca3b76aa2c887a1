#!/usr/bin/env bash
# Serves the site on http://127.0.0.1:8000 together with the task worker.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=scripts/uv.sh
"$UV" run python manage.py run_worker --queue-name "*" --interval 1 --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
"$UV" run python manage.py runserver 127.0.0.1:8000
