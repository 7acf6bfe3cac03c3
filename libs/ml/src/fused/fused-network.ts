// One TabTransformer inside the fused kernel (libs/ml/kernel, WebAssembly SIMD): its parameters in
// one flat buffer laid out as fused/kernel-layout.ts says, a forward pass for inference, a forward +
// backward pass for a batch's loss and gradients, and the optimiser's in-place updates. Each network
// has its own instance (its own linear memory) of the one compiled module, so threads never share one.
// Compute only: no files, sockets or databases.
import { EncodedMatrix } from '../encoded-matrix';
import { TabTransformerConfig } from '../tab-transformer-config';
import { sizeOfShape, WeightMap } from '../weight-map';
import { KernelLayout, kernelLayout } from './kernel-layout';
import { KERNEL_WASM_BASE64 } from './kernel-wasm';

// The WebAssembly API Node provides; this project's TypeScript libs (es2022, no DOM) do not declare it.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Exports {
  memory: WasmMemory;
  args(len: number): number;
  net_new(shapeLen: number, layoutLen: number, attention: number, ff: number, residual: number, head: number): number;
  net_free(net: number): void;
  net_param_count(net: number): number;
  net_head_start(net: number): number;
  net_params(net: number): number;
  net_grads(net: number): number;
  net_incoming(net: number): number;
  net_average(net: number): number;
  net_reserve(net: number, rows: number): void;
  net_categorical(net: number): number;
  net_numeric(net: number): number;
  net_labels(net: number): number;
  net_weights(net: number): number;
  net_logits(net: number): number;
  net_predict(net: number, rows: number): void;
  net_gradients(net: number, rows: number, seed: number, freezeEncoder: number): number;
  net_detection_gradients(net: number, rows: number, seed: number, detectorW: number, detectorB: number): number;
  net_extend(net: number, extra: number): number;
  net_buffer_len(net: number): number;
  net_adam(net: number, from: number, to: number, lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): void;
  net_reset_optimizer(net: number): void;
  net_scale_params(net: number, from: number, to: number, factor: number): void;
  net_reset_average(net: number): void;
  net_update_average(net: number, from: number, to: number, decay: number): void;
  net_add_incoming(net: number, from: number, to: number): void;
  random_stream(seed: number, count: number): number;
}

let compiled: object | undefined;
let compileError: Error | undefined;

/** The kernel, compiled once per thread; throws where WebAssembly SIMD is missing. */
function kernelModule(): object {
  if (compiled) return compiled;
  if (compileError) throw compileError;
  try {
    compiled = new Wasm.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64'));
    return compiled;
  } catch (e) {
    compileError = new Error(`the fused kernel does not compile here (${(e as Error).message})`);
    throw compileError;
  }
}

/** Whether the fused kernel runs in this process (WebAssembly with SIMD). */
export function fusedKernelAvailable(): boolean {
  try {
    kernelModule();
    return true;
  } catch {
    return false;
  }
}

function instantiate(): Exports {
  return new Wasm.Instance(kernelModule(), {}).exports as Exports;
}

/** The kernel generator's first `count` 32-bit draws for `seed` (to check it is @loan/stats' sfc32). */
export function kernelRandomStream(seed: number, count: number): Uint32Array {
  const k = instantiate();
  const at = k.random_stream(seed >>> 0, count) >>> 0;
  return new Uint32Array(k.memory.buffer, at, count).slice();
}

/** One rows' worth of a batch for a gradient call: labels 0/1 and per-row loss weights. */
export interface KernelShare {
  batch: EncodedMatrix;
  labels: Float32Array;
  weights: Float32Array;
}

export class FusedNetwork {
  readonly layout: KernelLayout;
  private readonly k: Exports;
  private readonly net: number;
  private disposed = false;
  /** Parameters beyond the model's (a pre-training detector), after them in the buffer. */
  private extra = 0;

  constructor(readonly config: TabTransformerConfig) {
    this.layout = kernelLayout(config);
    this.k = instantiate();
    const { shape, roles, rates } = this.layout;
    const args = this.k.args(shape.length + roles.length) >>> 0;
    new Int32Array(this.k.memory.buffer, args, shape.length + roles.length).set([...shape, ...roles]);
    this.net = this.k.net_new(shape.length, roles.length, ...rates) >>> 0;
    if (!this.net) throw new Error('fused kernel: the model shape or parameter layout was refused');
    const count = this.k.net_param_count(this.net);
    if (count !== this.layout.total || this.k.net_head_start(this.net) !== this.layout.headStart) {
      throw new Error(`fused kernel: layout disagrees (kernel ${count} parameters, model ${this.layout.total})`);
    }
  }

  /** Parameters the model has (the buffer may hold `extra` more after them). */
  get size(): number {
    return this.layout.total;
  }

  /** All parameters (model, then extra), a live view: valid until the next call into the kernel. */
  params(): Float32Array {
    return this.view(this.k.net_params(this.net), this.size + this.extra);
  }

  /** The last gradient call's gradients (live view, as params()). */
  grads(): Float32Array {
    return this.view(this.k.net_grads(this.net), this.size + this.extra);
  }

  /** The moving average of the parameters (live view, as params()). */
  average(): Float32Array {
    return this.view(this.k.net_average(this.net), this.size + this.extra);
  }

  /** Appends `count` parameters after the model's (zero), e.g. a pre-training detector; returns their offset. */
  extend(count: number): number {
    const offset = this.size + this.extra;
    this.extra += count;
    if (this.k.net_extend(this.net, this.extra) !== this.size + this.extra) throw new Error('fused kernel: could not extend the parameters');
    return offset;
  }

  /** Writes the named weights (a subset is fine) into the buffer. */
  setWeights(weights: WeightMap): void {
    const params = this.params();
    for (const [name, entry] of Object.entries(weights)) {
      const block = this.layout.byName.get(name);
      if (!block) throw new Error(`fused kernel: unknown parameter ${name}`);
      if (entry.values.length !== block.size || sizeOfShape(entry.shape) !== block.size) {
        throw new Error(`fused kernel: parameter ${name} has ${entry.values.length} values for [${block.shape}]`);
      }
      params.set(entry.values, block.offset);
    }
  }

  /** Copies of the parameters as a weight map (from `source`, default the parameters themselves). */
  weights(filter?: (name: string) => boolean, source: Float32Array = this.params()): WeightMap {
    const out: WeightMap = {};
    for (const b of this.layout.blocks) {
      if (!filter || filter(b.name)) out[b.name] = { shape: [...b.shape], values: source.slice(b.offset, b.offset + b.size) };
    }
    return out;
  }

  /** Logits of every row (inference mode). */
  predict(m: EncodedMatrix): Float32Array {
    this.assertAlive();
    if (m.size === 0) return new Float32Array(0);
    this.writeInputs(m);
    this.k.net_predict(this.net, m.size);
    return this.view(this.k.net_logits(this.net), m.size).slice();
  }

  /**
   * Mean weighted BCE of the share and its gradients (in grads(); with `freezeEncoder` only the head's
   * are computed: [layout.headStart, size)). Dropout masks from `seed`.
   */
  gradients(share: KernelShare, seed: number, freezeEncoder = false): number {
    this.assertAlive();
    const n = share.batch.size;
    if (share.labels.length !== n || share.weights.length !== n) throw new Error(`fused kernel: ${n} rows, ${share.labels.length} labels, ${share.weights.length} weights`);
    this.writeInputs(share.batch);
    this.view(this.k.net_labels(this.net), n).set(share.labels);
    this.view(this.k.net_weights(this.net), n).set(share.weights);
    return this.k.net_gradients(this.net, n, seed >>> 0, freezeEncoder ? 1 : 0);
  }

  /**
   * Replaced-token detection: mean BCE over the batch's categorical cells against `targets` (1 =
   * replaced, [rows, cats]), the detector's weights at `detector` (from extend()), gradients of the
   * encoder and the detector. Returns the loss and the cells' logits.
   */
  detectionGradients(batch: EncodedMatrix, targets: Float32Array, seed: number, detector: { w: number; b: number }): { loss: number; logits: Float32Array } {
    this.assertAlive();
    const cells = batch.size * batch.numCategorical;
    if (targets.length !== cells) throw new Error(`fused kernel: ${targets.length} detection targets for ${cells} cells`);
    this.writeInputs(batch);
    this.view(this.k.net_labels(this.net), cells).set(targets);
    const loss = this.k.net_detection_gradients(this.net, batch.size, seed >>> 0, detector.w, detector.b);
    if (Number.isNaN(loss)) throw new Error('fused kernel: the detector does not fit in the parameter buffer');
    return { loss, logits: this.view(this.k.net_logits(this.net), cells).slice() };
  }

  /** grads[from..to) += values (another thread's gradients over the same range). */
  addGradients(from: number, to: number, values: Float32Array): void {
    this.view(this.k.net_incoming(this.net), this.size + this.extra).set(values, from);
    this.k.net_add_incoming(this.net, from, to);
  }

  /** One Adam step on [from, to) with bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ of step t. */
  adam(from: number, to: number, learningRate: number, step: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): void {
    this.k.net_adam(this.net, from, to, learningRate, beta1, beta2, epsilon, 1 - beta1 ** step, 1 - beta2 ** step);
  }

  resetOptimizer(): void {
    this.k.net_reset_optimizer(this.net);
  }

  /** params[from..to) *= factor. */
  scale(from: number, to: number, factor: number): void {
    this.k.net_scale_params(this.net, from, to, factor);
  }

  resetAverage(): void {
    this.k.net_reset_average(this.net);
  }

  updateAverage(from: number, to: number, decay: number): void {
    this.k.net_update_average(this.net, from, to, decay);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.k.net_free(this.net);
  }

  private writeInputs(m: EncodedMatrix): void {
    const cats = this.config.categoricalVocabSizes.length;
    if (m.numCategorical !== cats || m.numNumeric !== this.config.numericFeatures) {
      throw new Error(`fused kernel: rows have ${m.numCategorical} categorical and ${m.numNumeric} numeric values, the model ${cats} and ${this.config.numericFeatures}`);
    }
    this.k.net_reserve(this.net, m.size);
    new Int32Array(this.k.memory.buffer, this.k.net_categorical(this.net) >>> 0, m.size * cats).set(m.categorical.subarray(0, m.size * cats));
    this.view(this.k.net_numeric(this.net), m.size * m.numNumeric).set(m.numeric.subarray(0, m.size * m.numNumeric));
  }

  private view(pointer: number, length: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, pointer >>> 0, length);
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('FusedNetwork has been disposed');
  }
}
