#!/usr/bin/env bash
# Runs on the GPU machine (copied into .gpu-kit/ as run.sh by scripts/gpu-kit.sh), from the repository
# root: bench:train --gpu from the kit's bundle. Uses the machine's node if it has one, else the carried
# one; installs the carried Vulkan loader where none is found; PyTorch is the machine's python3 (cuda).
set -euo pipefail
KIT="$(cd "$(dirname "$0")" && pwd)"
OUT_DIR="${OUT:-tmp}"
mkdir -p "$OUT_DIR"
NODE="$(command -v node || true)"
if [ -z "$NODE" ]; then
  xz -dc "$KIT/node.xz" >/tmp/node && chmod +x /tmp/node && NODE=/tmp/node
fi
DAWN="$KIT/node_modules/webgpu/dist/linux-x64/dawn.node"
[ -f "$DAWN" ] || xz -dc "$DAWN.xz" >"$DAWN"
if ! ldconfig -p | grep -q libvulkan.so.1; then
  for f in "$KIT"/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
# NVIDIA's container runtime mounts its Vulkan ICD here (the device tool's README); elsewhere the loader finds it.
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$ICD" ]; then export VK_DRIVER_FILES="$ICD"; fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "(no nvidia-smi)"
"$NODE" --version
export TORCH_PYTHON="${TORCH_PYTHON:-$(command -v python3 || true)}"
export BENCH_GPU_BACKENDS="${BENCH_GPU_BACKENDS:-webgpu}"
export BENCH_OUT="$OUT_DIR/gpu-bench.json"
"$NODE" "$KIT/bench.js" --gpu 2>&1 | tee "$OUT_DIR/gpu-bench.log"
