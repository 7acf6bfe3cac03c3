import * as tf from '@tensorflow/tfjs';
import { activeBackendChoice, parseBackendChoice, resetBackendSelectionForTests, selectBackend } from './backend';

// tfjs-node(-gpu) and WebGPU are optional packages that `npm ci` does not install (native:setup and
// webgpu:setup add them), so selection must fall through to wasm (or to cpu when wasm is not in the list).
describe('selectBackend', () => {
  afterEach(() => resetBackendSelectionForTests());

  it('falls back past the missing native bindings to wasm and reports why', async () => {
    const lines: string[] = [];
    const choice = await selectBackend(undefined, (l) => lines.push(l), {});
    expect(choice).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/tfjs backend: wasm/);
    expect(lines[0]).toMatch(/tfjs-node-gpu: cannot load @tensorflow\/tfjs-node-gpu/);
    expect(lines[0]).toMatch(/webgpu: (cannot load webgpu|no WebGPU adapter|only a software adapter)/);
  });

  it('is idempotent: later calls return the first choice without trying again', async () => {
    const first = await selectBackend(['wasm'], undefined, {});
    const lines: string[] = [];
    const second = await selectBackend(['cpu'], (l) => lines.push(l), {});
    expect(second).toBe(first);
    expect(lines).toEqual([]);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('falls back to cpu when that is the only working preference', async () => {
    expect(await selectBackend(['tfjs-node', 'cpu'], undefined, {})).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('honours TF_BACKEND and accepts aliases', async () => {
    expect(await selectBackend(undefined, undefined, { TF_BACKEND: 'CPU' })).toBe('cpu');
    resetBackendSelectionForTests();
    expect(await selectBackend(['cpu'], undefined, { TF_BACKEND: '@tensorflow/tfjs-backend-wasm' })).toBe('wasm');
  });

  it('rejects a forced backend that cannot load, and lets a later call retry', async () => {
    await expect(selectBackend(undefined, undefined, { TF_BACKEND: 'tfjs-node' })).rejects.toThrow(
      /TF_BACKEND=tfjs-node requested but unavailable: cannot load @tensorflow\/tfjs-node/,
    );
    expect(await selectBackend(['wasm'], undefined, {})).toBe('wasm');
  });

  it('refuses WebGPU by name where no adapter can be had, naming why', async () => {
    await expect(selectBackend(undefined, undefined, { TF_BACKEND: 'webgpu' })).rejects.toThrow(/TF_BACKEND=webgpu requested but unavailable: (cannot load webgpu|no WebGPU adapter)/);
    expect(parseBackendChoice('@tensorflow/tfjs-backend-webgpu')).toBe('webgpu');
  });

  it('takes a backend that is already registered without requiring its package (a bundle carries it)', async () => {
    // As bench/gpu-kit-entry.ts does for WebGPU: the backend registered itself; its package cannot be
    // required by name. Here a cpu-backed factory under tfjs-node's backend name stands in for it.
    const cpu = tf.findBackendFactory('cpu');
    if (!cpu) throw new Error('the cpu backend is not registered');
    tf.registerBackend('tensorflow', cpu);
    try {
      const lines: string[] = [];
      expect(await selectBackend(['tfjs-node'], (l) => lines.push(l), {})).toBe('tfjs-node');
      expect(tf.getBackend()).toBe('tensorflow');
      expect(lines).toEqual(['tfjs backend: tfjs-node']);
    } finally {
      await tf.setBackend('cpu');
      tf.removeBackend('tensorflow');
    }
  });

  it('rejects unknown names', async () => {
    expect(() => parseBackendChoice('tpu')).toThrow(/Unknown tfjs backend "tpu"/);
    await expect(selectBackend(['tpu'], undefined, {})).rejects.toThrow(/Unknown tfjs backend/);
  });
});

describe('activeBackendChoice', () => {
  afterEach(() => resetBackendSelectionForTests());

  it('is the selection when one was made, else the choice read back from the backend tfjs runs on', async () => {
    await selectBackend(['wasm'], undefined, {});
    expect(await activeBackendChoice()).toBe('wasm');
    resetBackendSelectionForTests();
    await tf.setBackend('cpu');
    expect(await activeBackendChoice()).toBe('cpu');
  });
});
