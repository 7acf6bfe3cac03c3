#!/usr/bin/env bash
# Nx, offline and quiet: no cloud, no daemon, no analytics prompt, plain output.
export NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false} NX_INTERACTIVE=false
cd "$(dirname "$0")/.." && exec node_modules/.bin/nx "$@"
