# Sourced by native-setup.sh and webgpu-setup.sh. WebGPU's packages are not in package.json (so that every
# machine does not download Dawn's ~130 MB), and `npm install --no-save X` prunes every package that
# package.json does not name: native-setup's install removed webgpu's (seen here). So each install names,
# with its own packages, every optional backend package present at its present version (npm leaves those
# untouched, a built binding included).
OPTIONAL_PACKAGES=(@tensorflow/tfjs-node @tensorflow/tfjs-node-gpu webgpu @tensorflow/tfjs-backend-webgpu)

# Worth keeping: installed, and for a native binding, built (an unbuilt tfjs-node only registers half its
# kernels before failing to load).
_optional_present() {
  case "$1" in
    @tensorflow/tfjs-node | @tensorflow/tfjs-node-gpu) [ -f "node_modules/$1/lib/napi-v8/tfjs_binding.node" ] ;;
    *) [ -f "node_modules/$1/package.json" ] ;;
  esac
}

# optional_install [--ignore-scripts] PACKAGE@VERSION...: --ignore-scripts for native-setup, which builds
# its binding itself; without it, tfjs-node's own installer runs, fails offline, and npm drops that
# optional package, as a plain install does (with it, every optional package would stay, unbuilt).
optional_install() {
  local keep=() p v
  for p in "${OPTIONAL_PACKAGES[@]}"; do
    _optional_present "$p" || continue
    v="$(node -e "console.log(JSON.parse(require('fs').readFileSync('node_modules/$p/package.json', 'utf8')).version)")"
    keep+=("$p@$v")
  done
  local flags=()
  if [ "${1:-}" = --ignore-scripts ]; then flags+=(--ignore-scripts); shift; fi
  npm install --no-save "${flags[@]}" --no-audit --no-fund --loglevel=error "${keep[@]}" "$@"
}
