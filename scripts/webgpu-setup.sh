#!/usr/bin/env bash
# npm run webgpu:setup: the WebGPU backend for tfjs ops, optional and idempotent. Node 20 has no
# navigator.gpu; the npm package `webgpu` (Dawn's prebuilt Node binding, ~130 MB, Vulkan on Linux) gives
# one, and @tensorflow/tfjs-backend-webgpu runs tfjs on it. The backend chain (libs/ml/src/backend.ts)
# takes it after tfjs-node-gpu when a hardware adapter answers; a machine without a GPU skips it, and
# TF_BACKEND=webgpu takes even a software adapter (Mesa's lavapipe), for checking correctness on a CPU.
# Vulkan is loaded at run time: the machine needs libvulkan1 and a GPU driver's Vulkan ICD (NVIDIA's
# container toolkit mounts it with NVIDIA_DRIVER_CAPABILITIES including graphics; Dockerfile.gpu).
# Only the trainer uses it, and only under ML_KERNEL=tfjs (the fused kernel is CPU WebAssembly).
# `npm install` prunes these (not in package.json, so that every machine does not download Dawn): run this
# again after one. native:setup keeps them (scripts/optional-packages.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
WEBGPU_VERSION="${WEBGPU_VERSION:-0.6.2}"
TFJS_VERSION="$(node -p "require('@tensorflow/tfjs/package.json').version")"

if node -e "require('webgpu'); require.resolve('@tensorflow/tfjs-backend-webgpu')" >/dev/null 2>&1; then
  echo "[webgpu] webgpu and @tensorflow/tfjs-backend-webgpu load already"
else
  bash scripts/install.sh
  echo "[webgpu] webgpu@$WEBGPU_VERSION and @tensorflow/tfjs-backend-webgpu@$TFJS_VERSION"
  # shellcheck source=optional-packages.sh
  . scripts/optional-packages.sh
  optional_install "webgpu@$WEBGPU_VERSION" "@tensorflow/tfjs-backend-webgpu@$TFJS_VERSION"
fi
node -e "require('webgpu'); require('@tensorflow/tfjs-backend-webgpu')" >/dev/null
echo "[webgpu] ready; the trainer's log line 'tfjs backend: …' names the adapter it took, or why it skipped WebGPU"
