#!/usr/bin/env bash
# npm run native:setup: the native TensorFlow backend from registry parts, optional and idempotent.
# @tensorflow/tfjs-node's installer downloads libtensorflow, which cannot be reached here; its npm
# package ships the binding's sources, and PyPI's tensorflow-cpu wheel ships the TensorFlow C library
# (libtensorflow_cc.so.2 exports the TF_/TFE_ C API) and its headers. So: install the package without its
# scripts, unpack the library and headers from the wheel into its deps/, and build the binding with
# node-gyp against this Node's headers. Everything keeps working on wasm without it; the backend chain
# (libs/ml/src/backend.ts) picks it when it loads. `npm install` prunes it (it is not in package.json, so
# that a machine without a compiler still installs): run this again after one.
# TF_FLAVOUR=gpu builds @tensorflow/tfjs-node-gpu against PyPI's `tensorflow` wheel instead (its CUDA
# libraries come from PyPI too: pip install "tensorflow[and-cuda]", on LD_LIBRARY_PATH; Dockerfile.gpu).
set -euo pipefail
cd "$(dirname "$0")/.."
TFJS_VERSION="$(node -p "require('@tensorflow/tfjs/package.json').version")"
TF_WHEEL_VERSION="${TF_WHEEL_VERSION:-2.21.0}"
TF_FLAVOUR="${TF_FLAVOUR:-cpu}"
case "$TF_FLAVOUR" in
  cpu) PKG=@tensorflow/tfjs-node; WHEEL_NAME=tensorflow-cpu; WHEEL_PREFIX=tensorflow_cpu ;;
  gpu) PKG=@tensorflow/tfjs-node-gpu; WHEEL_NAME=tensorflow; WHEEL_PREFIX=tensorflow ;;
  *) echo "[native] TF_FLAVOUR must be cpu or gpu, not '$TF_FLAVOUR'" >&2; exit 2 ;;
esac
MOD="node_modules/$PKG"
CACHE=.data/native

if node -e "require('$PKG')" >/dev/null 2>&1; then
  echo "[native] $PKG loads already"
  exit 0
fi
bash scripts/install.sh
command -v g++ >/dev/null && command -v make >/dev/null || { echo "[native] needs g++ and make (apt install build-essential)" >&2; exit 1; }
NODE_GYP="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || { echo "[native] node-gyp not found next to npm ($NODE_GYP)" >&2; exit 1; }
NODEDIR="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
[ -f "$NODEDIR/include/node/node_api.h" ] || { echo "[native] Node's headers are missing under $NODEDIR/include/node (apt install libnode-dev or nodejs-dev)" >&2; exit 1; }

echo "[native] $PKG@$TFJS_VERSION without its install script"
# shellcheck source=optional-packages.sh
. scripts/optional-packages.sh
[ -f "$MOD/binding.gyp" ] || optional_install --ignore-scripts "$PKG@$TFJS_VERSION"

mkdir -p "$CACHE"
WHEEL="$(ls "$CACHE"/"$WHEEL_PREFIX"-"$TF_WHEEL_VERSION"-*.whl 2>/dev/null | head -1 || true)"
if [ -z "$WHEEL" ]; then
  echo "[native] $WHEEL_NAME==$TF_WHEEL_VERSION from PyPI (hundreds of MB, once)"
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$CACHE" "$WHEEL_NAME==$TF_WHEEL_VERSION"
  WHEEL="$(ls "$CACHE"/"$WHEEL_PREFIX"-"$TF_WHEEL_VERSION"-*.whl | head -1)"
fi
rm -rf "$CACHE/tf" && mkdir -p "$CACHE/tf"
python3 - "$WHEEL" "$CACHE/tf" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith("tensorflow/include/") or n in ("tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2")]
    z.extractall(out, names)
PY
rm -rf "$MOD/deps" && mkdir -p "$MOD/deps/lib"
cp -r "$CACHE/tf/tensorflow/include" "$MOD/deps/include"
cp "$CACHE/tf/tensorflow/libtensorflow_cc.so.2" "$CACHE/tf/tensorflow/libtensorflow_framework.so.2" "$MOD/deps/lib/"
# The binding links -ltensorflow -ltensorflow_framework; the sonames it then records are the wheel's.
ln -sf libtensorflow_cc.so.2 "$MOD/deps/lib/libtensorflow.so"
ln -sf libtensorflow_framework.so.2 "$MOD/deps/lib/libtensorflow_framework.so"

echo "[native] building the binding (node-gyp, N-API 8)"
(cd "$MOD" && node "$NODE_GYP" rebuild --nodedir="$NODEDIR" --module_name=tfjs_binding --module_path=./lib/napi-v8 --napi_build_version=8 >/dev/null)
# Where the package's loader looks for it (its "binary" settings); the gyp copy step puts it elsewhere.
mkdir -p "$MOD/lib/napi-v8" && cp "$MOD/build/Release/tfjs_binding.node" "$MOD/lib/napi-v8/"
node -e "
const tf = require('$PKG');
const x = tf.tensor2d([[1, 2], [3, 4]]);
console.log('[native] $PKG loads: backend', tf.getBackend(), 'TensorFlow', tf.version['tfjs-node'], 'matMul', Array.from(tf.matMul(x, x).dataSync()).join(','));
"
