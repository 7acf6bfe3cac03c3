// Small fixes to the wasm backend's kernel set, applied when wasm is the active backend.
// Why: on wasm, Identity copies the whole buffer, and tfjs' autograd clones (Identity) every tensor
// it saves for the backward pass — ~400 needless copies per training step of our model. Sharing the
// buffer with a reference count is what the cpu backend's Identity and wasm's own Reshape already
// do, and is safe because tensors are immutable (variables get new buffers on assign).
import * as tf from '@tensorflow/tfjs';

let patched = false;

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/** Idempotent; a no-op unless the wasm backend is registered. */
export function optimiseWasmKernels(): void {
  if (patched || !tf.findBackendFactory('wasm')) return;
  const existing = tf.getKernel('Identity', 'wasm');
  if (existing) tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, backend } = args;
      const x = (inputs as { x: tf.TensorInfo }).x;
      if (x.dtype === 'string' && existing) return existing.kernelFunc(args);
      (backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  patched = true;
}
