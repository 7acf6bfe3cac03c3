// TabTransformer (Huang et al. 2020, arXiv:2012.06678), written against tfjs' low-level ops.
//   each categorical column → its own embedding table (+ a learned column embedding)
//   → N transformer encoder layers over the column tokens (contextual embeddings)
//   → flatten, concatenate with the numeric features (LayerNorm'd) → MLP → one logit.
// Low-level rather than tf.layers because: (a) the embedding lookup must be one-hot × matMul — the
// wasm backend has no UnsortedSegmentSum kernel, which tf.gather's gradient needs; (b) every
// matMul in the backward pass is hand-arranged to stay on wasm's fast XNNPACK path (ops/dense.ts);
// (c) freezing, weight transfer from pre-training and the artifact format are simpler over one map
// of named variables.
import type { EncodedRow } from '@loan/features';
import * as tf from '@tensorflow/tfjs';
import { EncodedMatrix, sliceRows, toEncodedMatrix } from './encoded-matrix';
import { kernelChoice, KernelChoice } from './fused/kernel-choice';
import { FusedNetwork } from './fused/fused-network';
import { multiHeadSelfAttention } from './ops/attention';
import { constantTimesWeights, dense, matMulFast } from './ops/dense';
import { dropout } from './ops/dropout';
import { layerNorm } from './ops/layer-norm';
import { ParamStore } from './param-store';
import { Prng } from './prng';
import { ENCODER_PREFIX, HEAD_PREFIX, ParameterSpec, parameterSpecs } from './parameter-specs';
import { resolveTabTransformerConfig, TabTransformerConfig } from './tab-transformer-config';
import { sigmoid } from './loss';
import { WeightMap } from './weight-map';

export { ENCODER_PREFIX, HEAD_PREFIX, isEncoderParam, isHeadParam, parameterSpecs } from './parameter-specs';
export type { ParameterSpec } from './parameter-specs';

export const PREDICT_BATCH_SIZE = 1024;

function initialValues(spec: ParameterSpec, rng: Prng, dModel: number): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  switch (spec.init) {
    case 'ones':
      out.fill(1);
      break;
    case 'zeros':
      break;
    case 'embedding': {
      // Unit-scale tokens (‖e‖ ≈ 1) keep the residual stream well-conditioned from the start.
      const std = 1 / Math.sqrt(dModel);
      for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
      break;
    }
    case 'small':
      for (let i = 0; i < size; i++) out[i] = rng.normal() * 0.02;
      break;
    case 'glorot': {
      const limit = spec.limit ?? Math.sqrt(6 / (spec.shape[0] + spec.shape[1]));
      for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit;
      break;
    }
  }
  return out;
}

export class TabTransformer {
  readonly config: TabTransformerConfig;
  readonly params = new ParamStore();
  /** Start of each column's block in the concatenated embedding table. */
  private readonly vocabOffsets: Int32Array;
  private readonly totalVocab: number;
  private disposed = false;
  /** The fused kernel's copy of the weights for inference, and the ParamStore generation it holds. */
  private inference?: { net: FusedNetwork; generation: number };
  /** Which implementation predicts: fixed at the first prediction (ML_KERNEL, else fused where it loads). */
  private predictKernel?: KernelChoice;

  constructor(config: Partial<TabTransformerConfig> = {}) {
    this.config = resolveTabTransformerConfig(config);
    const sizes = this.config.categoricalVocabSizes;
    this.vocabOffsets = new Int32Array(sizes.length);
    for (let c = 1; c < sizes.length; c++) this.vocabOffsets[c] = this.vocabOffsets[c - 1] + sizes[c - 1];
    this.totalVocab = sizes.reduce((a, b) => a + b, 0);
    const rng = new Prng(this.config.seed);
    for (const spec of parameterSpecs(this.config)) {
      this.params.add(spec.name, spec.shape, initialValues(spec, rng, this.config.dModel));
    }
  }

  get numCategorical(): number {
    return this.config.categoricalVocabSizes.length;
  }

  /** Tokens per row in the transformer: the categorical columns, then numeric ones if enabled. */
  get numTokens(): number {
    return this.numCategorical + (this.config.numericTokens ? this.config.numericFeatures : 0);
  }

  /** Rows → the matrix this model reads (validates widths, clamps bad ids/values). */
  toMatrix(rows: readonly EncodedRow[]): EncodedMatrix {
    return toEncodedMatrix(rows, this.config.categoricalVocabSizes, this.config.numericFeatures);
  }

  /** Variables, optionally only those whose names pass the filter (e.g. the head when freezing). */
  variables(filter?: (name: string) => boolean): tf.Variable[] {
    this.assertAlive();
    return this.params.variables(filter);
  }

  exportWeights(filter?: (name: string) => boolean): Promise<WeightMap> {
    this.assertAlive();
    return this.params.exportWeights(filter);
  }

  importWeights(weights: WeightMap, requireAll = false): void {
    this.assertAlive();
    this.params.importWeights(weights, requireAll);
  }

  /**
   * Contextual embeddings, [rows·numTokens, dModel] (categorical tokens first, per row). Passing `rng` means training mode (dropout on,
   * masks drawn from it); without it the pass is deterministic. Call inside tf.tidy.
   */
  encode(batch: EncodedMatrix, rng?: Prng): tf.Tensor2D {
    this.assertAlive();
    const c = this.config;
    const p = (name: string) => this.params.get(ENCODER_PREFIX + name);
    const n = batch.size;
    const columns = this.numCategorical;
    const d = c.dModel;

    // One-hot rows over the concatenated table; one-hot × table is the lookup (see header). Built in
    // JS: wasm's OneHot kernel ignores dtype 'float32' and writes int32 bit patterns (1 → 1.4e-45),
    // which silently zeroes every embedding.
    const oneHotValues = new Float32Array(n * columns * this.totalVocab);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < columns; j++) {
        const id = batch.categorical[i * columns + j];
        const globalId = this.vocabOffsets[j] + (id >= 0 && id < c.categoricalVocabSizes[j] ? id : 0);
        oneHotValues[(i * columns + j) * this.totalVocab + globalId] = 1;
      }
    }
    const oneHot = tf.tensor2d(oneHotValues, [n * columns, this.totalVocab], 'float32');
    const tokens = constantTimesWeights(oneHot, p('embedding/categories') as tf.Tensor2D);
    let x3 = tf.add(tf.reshape(tokens, [n, columns, d]), p('embedding/columns')) as tf.Tensor3D;
    if (c.numericTokens && c.numericFeatures > 0) {
      // [n, F, 1] · w [F, d] + b [F, d]: one learned direction (and offset) per numeric feature.
      const numeric = tf.tensor3d(batch.numeric, [n, c.numericFeatures, 1], 'float32');
      const numericTokens = tf.add(tf.mul(numeric, p('embedding/numeric_w')), p('embedding/numeric_b')) as tf.Tensor3D;
      x3 = tf.concat([x3, numericTokens], 1);
    }
    const seq = this.numTokens;
    let x = tf.reshape(x3, [n * seq, d]) as tf.Tensor2D;

    for (let l = 0; l < c.numLayers; l++) {
      const lp = (name: string) => p(`layer${l}/${name}`);
      const attention = (h: tf.Tensor2D) =>
        multiHeadSelfAttention(
          h,
          {
            wQ: lp('attention/w_q') as tf.Tensor2D,
            bQ: lp('attention/b_q') as tf.Tensor1D,
            wK: lp('attention/w_k') as tf.Tensor2D,
            bK: lp('attention/b_k') as tf.Tensor1D,
            wV: lp('attention/w_v') as tf.Tensor2D,
            bV: lp('attention/b_v') as tf.Tensor1D,
            wOut: lp('attention/w_out') as tf.Tensor2D,
            bOut: lp('attention/b_out') as tf.Tensor1D,
          },
          n,
          seq,
          c.numHeads,
          c.attentionDropout,
          rng,
        );
      const feedForward = (h: tf.Tensor2D) => {
        const w1 = lp('ff/w1') as tf.Tensor2D;
        const b1 = lp('ff/b1') as tf.Tensor1D;
        let hidden: tf.Tensor2D;
        if (c.ffActivation === 'relu') {
          hidden = dense(h, w1, b1, 'relu');
        } else {
          // GELU, sigmoid approximation: z·σ(1.702 z).
          const z = dense(h, w1, b1);
          hidden = tf.mul(z, tf.sigmoid(tf.mul(z, 1.702)));
        }
        return dense(dropout(hidden, c.ffDropout, rng), lp('ff/w2') as tf.Tensor2D, lp('ff/b2') as tf.Tensor1D);
      };
      const norm = (h: tf.Tensor2D, which: string) =>
        layerNorm(h, lp(`${which}/gamma`) as tf.Tensor1D, lp(`${which}/beta`) as tf.Tensor1D);
      if (c.norm === 'pre') {
        x = tf.add(x, dropout(attention(norm(x, 'norm1')), c.residualDropout, rng));
        x = tf.add(x, dropout(feedForward(norm(x, 'norm2')), c.residualDropout, rng));
      } else {
        x = norm(tf.add(x, dropout(attention(x), c.residualDropout, rng)), 'norm1');
        x = norm(tf.add(x, dropout(feedForward(x), c.residualDropout, rng)), 'norm2');
      }
    }
    if (c.norm === 'pre') x = layerNorm(x, p('final_norm/gamma') as tf.Tensor1D, p('final_norm/beta') as tf.Tensor1D);
    return x;
  }

  /** Logits [rows]. `rng` = training mode, as for encode(). Call inside tf.tidy. */
  logits(batch: EncodedMatrix, rng?: Prng): tf.Tensor1D {
    const c = this.config;
    const p = (name: string) => this.params.get(HEAD_PREFIX + name);
    const n = batch.size;
    const tokens = tf.reshape(this.encode(batch, rng), [n, this.numTokens * c.dModel]) as tf.Tensor2D;
    let numeric: tf.Tensor2D | undefined;
    if (c.numericFeatures > 0) {
      numeric = tf.tensor2d(batch.numeric, [n, c.numericFeatures], 'float32');
      if (c.numericNorm === 'layer') {
        numeric = layerNorm(numeric, p('numeric_norm/gamma') as tf.Tensor1D, p('numeric_norm/beta') as tf.Tensor1D);
      }
    }
    let h: tf.Tensor2D;
    if (c.headHidden.length === 0) {
      // No hidden layer: the output layer reads [tokens, numeric] directly.
      h = numeric ? tf.concat([tokens, numeric], 1) : tokens;
    } else {
      // [tokens, numeric] · [w_tokens; w_numeric] = tokens·w_tokens + numeric·w_numeric
      let z = dense(tokens, p('hidden0/w_tokens') as tf.Tensor2D, p('hidden0/b') as tf.Tensor1D);
      if (numeric) z = tf.add(z, matMulFast(numeric, p('hidden0/w_numeric') as tf.Tensor2D));
      h = dropout(tf.relu(z), c.headDropout, rng);
      for (let i = 1; i < c.headHidden.length; i++) {
        h = dropout(dense(h, p(`hidden${i}/w`) as tf.Tensor2D, p(`hidden${i}/b`) as tf.Tensor1D, 'relu'), c.headDropout, rng);
      }
    }
    return tf.reshape(dense(h, p('output/w') as tf.Tensor2D, p('output/b') as tf.Tensor1D), [n]);
  }

  /** Default probabilities for every row, in batches (inference mode; no tensors left behind). */
  async predictProba(data: EncodedMatrix | readonly EncodedRow[], batchSize = PREDICT_BATCH_SIZE): Promise<Float32Array> {
    const m = Array.isArray(data) ? this.toMatrix(data) : (data as EncodedMatrix);
    const fused = await this.fusedForInference();
    if (fused) return fused.predict(m).map(sigmoid);
    const out = new Float32Array(m.size);
    for (let start = 0; start < m.size; start += batchSize) {
      const end = Math.min(start + batchSize, m.size);
      const probs = tf.tidy(() => tf.sigmoid(this.logits(sliceRows(m, start, end))));
      try {
        out.set((await probs.data()) as Float32Array, start);
      } finally {
        probs.dispose();
      }
    }
    return out;
  }

  /** Raw logits for every row (inference mode), e.g. for validation loss. */
  async predictLogits(m: EncodedMatrix, batchSize = PREDICT_BATCH_SIZE): Promise<Float32Array> {
    const fused = await this.fusedForInference();
    if (fused) return fused.predict(m);
    const out = new Float32Array(m.size);
    for (let start = 0; start < m.size; start += batchSize) {
      const end = Math.min(start + batchSize, m.size);
      const logits = tf.tidy(() => this.logits(sliceRows(m, start, end)));
      try {
        out.set((await logits.data()) as Float32Array, start);
      } finally {
        logits.dispose();
      }
    }
    return out;
  }

  /**
   * Chooses the implementation predictions run on (default: ML_KERNEL, else the fused kernel where it
   * loads). The two agree to float rounding (fused/fused-network.spec.ts).
   */
  usePredictKernel(choice: KernelChoice): this {
    this.predictKernel = kernelChoice(choice);
    return this;
  }

  /** The fused kernel holding this model's current weights, or undefined when tfjs predicts. */
  private async fusedForInference(): Promise<FusedNetwork | undefined> {
    this.assertAlive();
    this.predictKernel ??= kernelChoice();
    if (this.predictKernel !== 'fused') return undefined;
    this.inference ??= { net: new FusedNetwork(this.config), generation: -1 };
    if (this.inference.generation !== this.params.generation) {
      const generation = this.params.generation;
      this.inference.net.setWeights(await this.params.exportWeights());
      this.inference.generation = generation;
    }
    return this.inference.net;
  }

  /** An independent copy (same config and weights), e.g. to fine-tune a challenger off the champion. */
  async clone(): Promise<TabTransformer> {
    this.assertAlive();
    const weights = await this.exportWeights();
    const copy = new TabTransformer(this.config);
    copy.importWeights(weights, true);
    return copy;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.params.dispose();
    this.inference?.net.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('TabTransformer has been disposed');
  }
}
