#!/usr/bin/env bash
# npm run chaos -- [--calendar chaos-short] [--kills 5] [--seed 1] [--instances 2] [...]: installs what is
# missing, builds the apps, then runs apps/chaos, which starts its own Redis and FerretDB (it restarts them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/build.sh
node dist/apps/chaos/main.js "$@"
