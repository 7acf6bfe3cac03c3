#!/usr/bin/env bash
# npm run fuzz:api -- [--examples 40] [--seed 1]: schemathesis (PyPI, into .data/venv-fuzz) against a
# running inference-api on private servers, every route with the admin token and again without it.
# Exits 1 on any 5xx or any response the OpenAPI spec does not allow. Reports under reports/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/build.sh
SCHEMATHESIS="$(bash tools/venv/ensure.sh fuzz schemathesis==4.32.5)/bin/schemathesis"
exec node dist/apps/fuzz-api/main.js --schemathesis "$SCHEMATHESIS" "$@"
