#!/usr/bin/env bash
# npm run chaos -- [--calendar chaos-short] [--kills 5] [--seed 1] [--instances 2] [...]: installs what is
# missing, builds the apps, then runs apps/chaos, which starts its own Redis and FerretDB (it restarts them).
# npm run chaos:serving -- [--seconds 60] [--clients 16] [...] (first argument --serving): the serving run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/build.sh
if [ "${1:-}" = "--serving" ]; then
  shift
  exec node dist/apps/chaos-serving/main.js "$@"
fi
exec node dist/apps/chaos/main.js "$@"
