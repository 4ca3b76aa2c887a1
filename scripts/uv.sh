#!/usr/bin/env bash
# Runs uv, installing it first when this machine has none (plain Python or pyenv).
set -euo pipefail
if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
  exec uv "$@"
fi
boot="${XDG_CACHE_HOME:-$HOME/.cache}/samenspel-bootstrap"
if [ ! -x "$boot/bin/uv" ]; then
  echo "uv niet gevonden; installeren in $boot ..." >&2
  python3 -m venv "$boot"
  "$boot/bin/pip" install --quiet uv
fi
exec "$boot/bin/uv" "$@"
