#!/usr/bin/env bash
# Runs an ops-cli command with everything it needs: node modules, the local services, a fresh build.
# Usage: scripts/ops.sh bootstrap [--quick] | evaluate-real | run-day DAY | backfill FROM TO | summary DAY
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/services.sh up >/dev/null
bash scripts/nx.sh run ops-cli:build --output-style=static >/dev/null
exec node dist/apps/ops-cli/main.js "$@"
