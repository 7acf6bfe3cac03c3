#!/usr/bin/env bash
# Bundles every app into dist/apps/<name>/main.js (see tools/build-app.mjs), through Nx so unchanged apps are cached.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/nx.sh run-many -t build --output-style=static
