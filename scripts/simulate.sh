#!/usr/bin/env bash
# npm run simulate -- <calendar> [--recipe quick|full] [...]: installs what is missing, starts the local Redis +
# FerretDB, builds the apps, then runs the five apps through the calendar and writes reports/simulation/<calendar>/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/services.sh up
bash scripts/build.sh
node dist/apps/simulator/main.js "$@"
