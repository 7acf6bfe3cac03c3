import { describeAdapter, isSoftwareAdapter, provideWebGpu, WebGpuAdapterInfo } from './webgpu-adapter';

// Adapter infos as Dawn reports them: lavapipe read off this machine (Mesa 25), the others as their
// drivers name themselves.
const LAVAPIPE: WebGpuAdapterInfo = { vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)', isFallbackAdapter: true };
const SWIFTSHADER: WebGpuAdapterInfo = { vendor: 'google', architecture: '', device: 'swiftshader-device', description: 'SwiftShader Device (Subzero)' };
const H100: WebGpuAdapterInfo = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H100 80GB HBM3', isFallbackAdapter: false };

/** A stand-in for Dawn's navigator.gpu answering with `info` (or no adapter). */
const fakeGpu = (info: WebGpuAdapterInfo | null) => ({ requestAdapter: async () => (info ? { info } : null) });
const nav = () => (globalThis as { navigator?: { gpu?: unknown } }).navigator;

describe('WebGPU adapters', () => {
  afterEach(() => delete (globalThis as { navigator?: unknown }).navigator);

  it('tells software adapters from GPUs', () => {
    expect(isSoftwareAdapter(LAVAPIPE)).toBe(true);
    expect(isSoftwareAdapter({ ...LAVAPIPE, isFallbackAdapter: undefined, architecture: '' })).toBe(true);
    expect(isSoftwareAdapter(SWIFTSHADER)).toBe(true);
    expect(isSoftwareAdapter(H100)).toBe(false);
    expect(describeAdapter(H100)).toBe('nvidia NVIDIA H100 80GB HBM3');
    expect(describeAdapter({})).toBe('unnamed adapter');
  });

  it('offers a hardware adapter on navigator.gpu', async () => {
    const gpu = fakeGpu(H100);
    expect(await provideWebGpu(false, () => gpu)).toEqual({ adapter: H100 });
    expect(nav()?.gpu).toBe(gpu);
  });

  it('skips a software adapter unless asked for WebGPU by name, leaving no navigator behind', async () => {
    const refused = await provideWebGpu(false, () => fakeGpu(LAVAPIPE));
    expect(refused.refused).toMatch(/only a software adapter \(mesa llvmpipe.*TF_BACKEND=webgpu takes it/);
    expect(nav()).toBeUndefined();
    expect(await provideWebGpu(true, () => fakeGpu(LAVAPIPE))).toEqual({ adapter: LAVAPIPE });
    expect(nav()?.gpu).toBeDefined();
  });

  it('says why when there is no package or no adapter', async () => {
    const missing = await provideWebGpu(false, () => {
      throw new Error("Cannot find module 'webgpu'\nRequire stack: …");
    });
    expect(missing.refused).toBe("cannot load webgpu (Cannot find module 'webgpu')");
    expect((await provideWebGpu(true, () => fakeGpu(null))).refused).toBe('no WebGPU adapter (no Vulkan driver answered)');
    expect(nav()).toBeUndefined();
  });

  it('adds gpu to a navigator that exists (Node 21+) and takes it away again on refusal', async () => {
    const existing: { userAgent: string; gpu?: unknown } = { userAgent: 'Node.js/22' };
    (globalThis as { navigator?: unknown }).navigator = existing;
    await provideWebGpu(false, () => fakeGpu(null));
    expect(nav()).toBe(existing);
    expect('gpu' in existing).toBe(false);
    await provideWebGpu(false, () => fakeGpu(H100));
    expect(existing.gpu).toBeDefined();
  });

  it('uses a navigator.gpu that is already there without loading Dawn', async () => {
    const gpu = fakeGpu(H100);
    (globalThis as { navigator?: unknown }).navigator = { gpu };
    const load = jest.fn();
    expect(await provideWebGpu(false, load)).toEqual({ adapter: H100 });
    expect(load).not.toHaveBeenCalled();
  });
});
