#!/usr/bin/env bash
# npm run cli -- <command>: the operator CLI with everything it needs: node modules, the local services,
# a fresh build (Nx-cached: only what changed is rebuilt; `simulate` runs the other apps' bundles).
# `npm run cli -- --help` lists the commands; `npm run cli -- <command> --help` explains one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh >&2
bash scripts/services.sh up >/dev/null
bash scripts/build.sh >/dev/null
exec node dist/apps/ops-cli/main.js "$@"
