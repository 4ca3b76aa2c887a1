#!/usr/bin/env bash
# Serves the site on http://127.0.0.1:8000 together with the task worker.
# Ctrl-C stops both. When either stops by itself, the other is stopped too and the
# script exits non-zero: a site without its worker sends no mail and indexes nothing.
set -uo pipefail
cd "$(dirname "$0")/.."
UV=scripts/uv.sh

# Each process in its own process group, so Ctrl-C reaches only this script, which then
# stops both (a breakpoint() in the server therefore cannot read the terminal: run
# `uv run python manage.py runserver` on its own to debug): the worker through uv (which passes the signal on once, so the worker
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
trap 'stop; exit 129' HUP  # the terminal was closed

# Polling rather than `wait -n PID...`, which needs bash 5.1 (macOS ships 3.2).
while kill -0 "$worker" 2>/dev/null && kill -0 "$server" 2>/dev/null; do
  sleep 1
done
if kill -0 "$worker" 2>/dev/null; then
  stopped="web server"
  wait "$server"
else
  stopped="task worker"
  wait "$worker"
fi
status=$?
echo "run_dev.sh: the $stopped stopped (exit status $status); stopping the other too." >&2
stop
exit $((status == 0 ? 1 : status))
