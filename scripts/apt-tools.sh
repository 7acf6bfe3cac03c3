#!/usr/bin/env bash
# scripts/apt-tools.sh COMMAND:PACKAGE...  installs each Debian PACKAGE whose COMMAND is missing
# (e.g. chromium:chromium promtool:prometheus redis-server:redis-server). Sourced by services.sh for
# apt_install; run directly by test.sh for the browser and the Prometheus rule checks.
set -euo pipefail

_apt_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

apt_install() { # apt_install PACKAGE
  local log="$_apt_root/.data/apt.log" sudo=""
  mkdir -p "$_apt_root/.data"
  command -v apt-get >/dev/null || { echo "[apt] $1 is not installed and apt-get is unavailable; install it by hand" >&2; return 1; }
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  echo "[apt] installing $1 with apt-get" >&2
  # The package's postinst may try to start a system-wide service on the default port; not our concern.
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$1" >"$log" 2>&1; then
    echo "[apt] apt-get install failed; running apt-get update and retrying" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update >>"$log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$1" >>"$log" 2>&1 ||
      { tail -n 20 "$log" >&2; echo "[apt] could not install $1 (log: $log)" >&2; return 1; }
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || apt_install "${pair#*:}"
  done
fi
