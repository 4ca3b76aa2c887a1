#!/usr/bin/env bash
# Serves the site on http://127.0.0.1:8000 together with the task worker.
# Ctrl-C stops both. When either stops by itself, the other is stopped too and the
# script exits non-zero: a site without its worker sends no mail and indexes nothing.
set -uo pipefail
cd "$(dirname "$0")/.."
UV=scripts/uv.sh

# Each process in its own process group, so Ctrl-C reaches only this script, which then
# stops both: the worker through uv (which passes the signal on once, so the worker
# finishes its current task) and the server with its autoreloader child as a group.
set -m
"$UV" run python manage.py run_worker --queue-name "*" --interval 1 --no-reload &
worker=$!
"$UV" run python manage.py runserver 127.0.0.1:8000 &
server=$!
set +m

stop() {
  trap - INT TERM
  kill -TERM "$worker" 2>/dev/null
  kill -TERM -- "-$server" 2>/dev/null
  wait "$worker" "$server" 2>/dev/null
}
trap 'echo "Stopping the server and the worker ..." >&2; stop; exit 130' INT
trap 'stop; exit 143' TERM

wait -n "$worker" "$server"
status=$?
if kill -0 "$worker" 2>/dev/null; then
  stopped="web server"
else
  stopped="task worker"
fi
echo "run_dev.sh: the $stopped stopped (exit status $status); stopping the other too." >&2
stop
exit $((status == 0 ? 1 : status))
