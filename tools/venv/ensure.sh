#!/usr/bin/env bash
# tools/venv/ensure.sh <name> <requirement...>: a Python venv at .data/venv-<name> with the pinned
# requirements, made once (idempotent; a changed pin reinstalls). Prints the venv's path.
set -euo pipefail
cd "$(dirname "$0")/../.."
name="$1"; shift
dir=".data/venv-$name"
want="$*"
if [ ! -x "$dir/bin/python" ] || [ "$(cat "$dir/.requirements" 2>/dev/null)" != "$want" ]; then
  echo "[venv] $dir: $want" >&2
  python3 -m venv "$dir"
  "$dir/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
  echo "$want" > "$dir/.requirements"
fi
echo "$PWD/$dir"
