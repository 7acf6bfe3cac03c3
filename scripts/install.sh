#!/usr/bin/env bash
# Installs node dependencies when they are missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm install, not npm ci: the lock omits other platforms' optional binaries, which npm ci insists on.
  echo "[install] npm install"
  npm install --no-audit --no-fund --loglevel=error
fi
