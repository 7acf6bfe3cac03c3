# Sourced by native-setup.sh and webgpu-setup.sh. WebGPU's packages are not in package.json (so that every
# machine does not download Dawn's ~130 MB), and `npm install --no-save X` prunes every package that
# package.json does not name: native-setup's install removed webgpu's (seen here). So each install names,
# with its own packages, every optional backend package present at its present version (npm leaves those
# untouched, a built binding included).
OPTIONAL_PACKAGES=(@tensorflow/tfjs-node @tensorflow/tfjs-node-gpu webgpu @tensorflow/tfjs-backend-webgpu)

optional_install() { # optional_install PACKAGE@VERSION...
  local keep=() p v
  for p in "${OPTIONAL_PACKAGES[@]}"; do
    v="$(node -e "try { console.log(JSON.parse(require('fs').readFileSync('node_modules/$p/package.json', 'utf8')).version) } catch {}")"
    [ -n "$v" ] && keep+=("$p@$v")
  done
  npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "${keep[@]}" "$@"
}
