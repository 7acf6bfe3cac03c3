// Entry of the GPU kit's bundle (scripts/gpu-kit.sh): bench:train as one file that runs where only Node
// (or not even that: the kit carries it) and a GPU driver are. A bundle cannot require a package by name
// at run time, so the tfjs backends the kit carries are registered here before bench:train's code runs:
// wasm always (its .wasm files sit beside the bundle), WebGPU when TF_BACKEND names it and an adapter
// answers (tfjs-backend-webgpu registers only when navigator.gpu exists as it loads).
import { provideWebGpu } from '@loan/ml';

async function registerCarriedBackends(): Promise<void> {
  require('@tensorflow/tfjs-backend-wasm');
  if (process.env['TF_BACKEND'] !== 'webgpu') return;
  const provision = await provideWebGpu(true);
  // Refused: the chain tries again and reports why (TF_BACKEND=webgpu requested but unavailable: …).
  if (!provision.refused) require('@tensorflow/tfjs-backend-webgpu');
}

void registerCarriedBackends().then(() => require('./train.bench'));
