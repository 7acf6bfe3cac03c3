// WebGPU in Node for tfjs-backend-webgpu: Node 20 has no navigator.gpu, so the npm package `webgpu`
// (Dawn's Node binding, optional: npm run webgpu:setup) provides one, on Vulkan. Dawn also offers
// software adapters (Mesa's lavapipe, SwiftShader) that run shaders on the CPU, slower than the wasm
// backend; the chain takes those only when TF_BACKEND=webgpu asks for WebGPU by name.

/** What the chain reads of a GPUAdapter (GPUAdapterInfo, with Dawn's isFallbackAdapter). */
export interface WebGpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: WebGpuAdapterInfo } | null>;
}

/** Whether an adapter runs on the CPU (a fallback adapter, or a known software rasteriser). */
export function isSoftwareAdapter(info: WebGpuAdapterInfo): boolean {
  if (info.isFallbackAdapter === true || info.architecture === 'software') return true;
  return /llvmpipe|lavapipe|swiftshader|software/i.test(`${info.device ?? ''} ${info.description ?? ''}`);
}

/** One line naming an adapter, for the backend log. */
export function describeAdapter(info: WebGpuAdapterInfo): string {
  return [info.vendor, info.description || info.device || info.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
}

/** Loads Dawn and returns its navigator.gpu; throws when the package is not installed. */
function dawnGpu(): GpuLike {
  // Plain require: an optional package, absent on most machines.
  const dawn = require('webgpu') as { create(flags: string[]): GpuLike; globals: Record<string, unknown> };
  // tfjs-backend-webgpu uses the WebGPU enums (GPUBufferUsage, …) as globals, as in a browser.
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  return dawn.create([]);
}

export interface WebGpuProvision {
  /** Why WebGPU is not offered, or undefined when navigator.gpu now holds a usable adapter. */
  refused?: string;
  adapter?: WebGpuAdapterInfo;
}

/**
 * Makes navigator.gpu available for tfjs-backend-webgpu (which registers only when it finds one) if an
 * adapter answers that the chain should use: a hardware one, or any when `acceptSoftware`. On refusal
 * nothing is left behind on globalThis.navigator.
 */
export async function provideWebGpu(acceptSoftware: boolean, loadGpu: () => GpuLike = dawnGpu): Promise<WebGpuProvision> {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  let gpu = nav?.gpu;
  let installed = false;
  if (!gpu) {
    try {
      gpu = loadGpu();
    } catch (err) {
      return { refused: `cannot load webgpu (${(err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 160)})` };
    }
    if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
    else (globalThis as { navigator?: unknown }).navigator = { gpu };
    installed = true;
  }
  const undo = () => {
    if (!installed) return;
    if (nav) delete nav.gpu;
    else delete (globalThis as { navigator?: unknown }).navigator;
  };
  let adapter: { info?: WebGpuAdapterInfo } | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (err) {
    undo();
    return { refused: `requestAdapter failed (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!adapter) {
    undo();
    return { refused: 'no WebGPU adapter (no Vulkan driver answered)' };
  }
  const info = adapter.info ?? {};
  if (!acceptSoftware && isSoftwareAdapter(info)) {
    undo();
    return { refused: `only a software adapter (${describeAdapter(info)}), slower than the CPU backends; TF_BACKEND=webgpu takes it`, adapter: info };
  }
  return { adapter: info };
}
