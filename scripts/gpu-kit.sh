#!/usr/bin/env bash
# npm run gpu:kit: packs issue 10 §3's GPU measurement for a machine that has a GPU and nothing else:
# no npm, no network, perhaps no Node. Into .gpu-kit/ (git-ignored; name it in the device tool's `carry`):
#   bench.js       bench:train bundled with tfjs, its wasm backend and tfjs-backend-webgpu (gpu-kit-entry.ts)
#   *.wasm         tfjs-backend-wasm's binaries, found beside the bundle
#   node_modules/webgpu   Dawn's loader and its linux-x64 dawn.node, xz-compressed (a native addon cannot
#                  be bundled; 21.5 MB raw)
#   node.xz        this machine's node binary, used where the GPU machine has none
#   debs/          libvulkan1 (Vulkan's loader; the GPU driver brings the ICD)
#   run.sh         what the GPU machine runs (scripts/gpu-kit-run.sh)
# Then, on the machine: `bash .gpu-kit/run.sh` from the repository root. It prints the --gpu tables of
# bench:train and writes their JSON to $OUT (or tmp/).
set -euo pipefail
cd "$(dirname "$0")/.."
KIT=.gpu-kit
bash scripts/webgpu-setup.sh
rm -rf "$KIT" && mkdir -p "$KIT/node_modules/webgpu/dist/linux-x64" "$KIT/debs"

node tools/build-app.mjs bench/gpu-kit-entry.ts "$KIT/build" --bundle-packages --external webgpu
mv "$KIT/build/main.js" "$KIT/bench.js" && rm -rf "$KIT/build"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$KIT/"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$KIT/node_modules/webgpu/"
xz -T0 -9 -c node_modules/webgpu/dist/linux-x64/dawn.node >"$KIT/node_modules/webgpu/dist/linux-x64/dawn.node.xz"
xz -T0 -9 -c "$(command -v node)" >"$KIT/node.xz"
(cd "$KIT/debs" && apt-get download libvulkan1 >/dev/null 2>&1) || echo "[gpu-kit] apt-get download libvulkan1 failed: the GPU machine must have the Vulkan loader"
cp scripts/gpu-kit-run.sh "$KIT/run.sh"
echo "[gpu-kit] $(du -sh "$KIT" | cut -f1) in $KIT (the device tool carries at most 64 MiB with the working tree)"
