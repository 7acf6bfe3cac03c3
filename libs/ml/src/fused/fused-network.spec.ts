// The fused kernel against the reference: tab-transformer.ts on tfjs, the same weights and rows. Forward
// logits and every parameter's gradient must agree, for each architecture switch the config has.
import { SeededRandom } from '@loan/stats';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend';
import { EncodedMatrix } from '../encoded-matrix';
import { weightedBceWithLogits } from '../loss';
import { isHeadParam, TabTransformer } from '../tab-transformer';
import { TabTransformerConfig } from '../tab-transformer-config';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { FusedNetwork, kernelRandomStream } from './fused-network';
import { KERNEL_SOURCE_SHA256 } from './kernel-wasm';

const NO_DROPOUT = { attentionDropout: 0, ffDropout: 0, residualDropout: 0, headDropout: 0 };
const BASE: Partial<TabTransformerConfig> = { categoricalVocabSizes: [3, 5, 4], numericFeatures: 5, dModel: 8, numLayers: 2, numHeads: 2, ffMultiplier: 2, headHidden: [12, 6], seed: 3, ...NO_DROPOUT };

const VARIANTS: [string, Partial<TabTransformerConfig>][] = [
  ['pre-norm, ReLU, numerics as given, two hidden layers', { ...BASE, numericNorm: 'none' }],
  ['post-norm, GELU, numeric tokens, LayerNorm on numerics, no hidden layer', { ...BASE, norm: 'post', ffActivation: 'gelu', numericTokens: true, numericNorm: 'layer', headHidden: [] }],
  ['one hidden layer, one head, no numerics', { ...BASE, numericFeatures: 0, numHeads: 1, headHidden: [7] }],
  ['four heads, three layers, numeric tokens, pre-norm', { ...BASE, dModel: 16, numHeads: 4, numLayers: 3, numericTokens: true }],
];

function rows(n: number, config: TabTransformerConfig, seed: number): EncodedMatrix {
  const rng = new SeededRandom(seed);
  const cats = config.categoricalVocabSizes.length;
  const categorical = new Int32Array(n * cats);
  for (let i = 0; i < n; i++) config.categoricalVocabSizes.forEach((v, c) => (categorical[i * cats + c] = rng.int(0, v - 1)));
  // One out-of-range id: both sides read it as 0 (unknown).
  if (n > 1) categorical[cats] = 99;
  const numeric = Float32Array.from({ length: n * config.numericFeatures }, () => rng.normal());
  return { size: n, numCategorical: cats, numNumeric: config.numericFeatures, categorical, numeric };
}

function labelsAndWeights(n: number, seed: number): { labels: Float32Array; weights: Float32Array } {
  const rng = new SeededRandom(seed);
  return { labels: Float32Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0)), weights: Float32Array.from({ length: n }, () => 0.5 + rng.next()) };
}

/**
 * max |a − b| / max |b|: the error relative to the reference's scale, which is floored at `floor` (the
 * key bias's gradient is zero in exact arithmetic, softmax being blind to a shift of a row's scores, so
 * both sides hold float noise there: it is judged against the model's gradient scale instead).
 */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-12): number {
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Every parameter's gradient close to the reference's: relative to its own scale, floored at 10⁻³ of the model's largest gradient. */
function expectSameGradients(got: Record<string, { values: Float32Array }>, names: string[], reference: ArrayLike<number>[], where = ''): void {
  const floor = 1e-3 * Math.max(...reference.map((g) => Math.max(...Array.from(g, Math.abs))));
  names.forEach((name, i) => {
    const err = relativeError(got[name].values, reference[i], floor);
    if (err > 2e-4) throw new Error(`${where}${name}: relative error ${err}`);
  });
}

describe('fused kernel', () => {
  beforeAll(async () => {
    await selectBackend(['cpu'], undefined, {});
  });

  describe.each(VARIANTS)('%s', (_name, partial) => {
    let model: TabTransformer;
    let fused: FusedNetwork;
    beforeEach(async () => {
      model = new TabTransformer(partial);
      // Perturb the zero and one initialisations so biases and norms carry gradient signal everywhere.
      const rng = new SeededRandom(11);
      const weights = await model.exportWeights();
      for (const entry of Object.values(weights)) entry.values.forEach((v, i) => (entry.values[i] = v + 0.1 * rng.normal()));
      model.importWeights(weights);
      fused = new FusedNetwork(model.config);
      fused.setWeights(weights);
    });
    afterEach(() => {
      model.dispose();
      fused.dispose();
    });

    it('gives the reference logits, in one chunk and across the kernel\'s 256-row chunks', async () => {
      model.usePredictKernel('tfjs');
      for (const n of [37, 600]) {
        const m = rows(n, model.config, 5);
        const expected = await model.predictLogits(m);
        expect(relativeError(fused.predict(m), expected)).toBeLessThan(1e-5);
      }
    });

    it('gives the reference loss and gradient of every parameter', () => {
      const m = rows(23, model.config, 6);
      const { labels, weights } = labelsAndWeights(m.size, 7);
      const names = model.params.names();
      const reference = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => weightedBceWithLogits(model.logits(m), tf.tensor1d(labels), tf.tensor1d(weights)), model.variables());
        return { loss: value.dataSync()[0], grads: names.map((n) => grads[model.params.get(n).name].dataSync()) };
      });
      const loss = fused.gradients({ batch: m, labels, weights }, 1);
      expect(Math.abs(loss - reference.loss)).toBeLessThan(1e-5 * Math.max(1, reference.loss));
      expectSameGradients(fused.weights(undefined, fused.grads()), names, reference.grads);
    });

    it('gives the reference replaced-token-detection loss and gradients (encoder and detector)', () => {
      const m = rows(17, model.config, 10);
      const cats = m.numCategorical;
      const d = model.config.dModel;
      const rng = new SeededRandom(12);
      const targets = Float32Array.from({ length: m.size * cats }, () => (rng.next() < 0.3 ? 1 : 0));
      const w = Float32Array.from({ length: cats * d }, () => rng.normal() * 0.3);
      const b = Float32Array.from({ length: cats }, () => rng.normal() * 0.1);
      // The reference: pretraining.ts' formulation on tfjs ops.
      const encoderNames = model.params.names((n) => !isHeadParam(n));
      const reference = tf.tidy(() => {
        const wv = tf.variable(tf.tensor2d(w, [cats, d]));
        const bv = tf.variable(tf.tensor1d(b));
        const { value, grads } = tf.variableGrads(() => {
          let enc = tf.reshape(model.encode(m), [m.size, model.numTokens, d]) as tf.Tensor3D;
          if (model.numTokens > cats) enc = tf.slice(enc, [0, 0, 0], [m.size, cats, d]);
          const z = tf.add(tf.sum(tf.mul(enc, wv), -1), bv);
          const t = tf.tensor2d(targets, [m.size, cats]);
          return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, t)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))) as tf.Scalar;
        }, [...encoderNames.map((n) => model.params.get(n)), wv, bv]);
        const out = { loss: value.dataSync()[0], grads: encoderNames.map((n) => grads[model.params.get(n).name].dataSync()), w: grads[wv.name].dataSync(), b: grads[bv.name].dataSync() };
        wv.dispose();
        bv.dispose();
        return out;
      });
      const at = fused.extend(cats * d + cats);
      fused.params().set(w, at);
      fused.params().set(b, at + cats * d);
      const { loss } = fused.detectionGradients(m, targets, 1, { w: at, b: at + cats * d });
      expect(Math.abs(loss - reference.loss)).toBeLessThan(1e-5);
      expectSameGradients(fused.weights(undefined, fused.grads()), encoderNames, reference.grads);
      expect(relativeError(fused.grads().subarray(at, at + cats * d), reference.w)).toBeLessThan(2e-4);
      expect(relativeError(fused.grads().subarray(at + cats * d, at + cats * d + cats), reference.b)).toBeLessThan(2e-4);
    });

    it('with the encoder frozen, computes the same head gradients and leaves the encoder out', () => {
      const m = rows(19, model.config, 8);
      const { labels, weights } = labelsAndWeights(m.size, 9);
      fused.gradients({ batch: m, labels, weights }, 1);
      const full = fused.grads().slice();
      fused.grads().fill(123);
      fused.gradients({ batch: m, labels, weights }, 1, true);
      const head = fused.grads();
      const start = fused.layout.headStart;
      expect(start).toBe(fused.layout.blocks.find((b) => isHeadParam(b.name))?.offset);
      expect(relativeError(head.subarray(start), full.subarray(start))).toBeLessThan(1e-6);
      // Untouched: the encoder's part still holds what was there.
      expect(head.subarray(0, start).every((v) => v === 123)).toBe(true);
    });
  });

  it('gives the reference gradients for random architectures too (seeded)', async () => {
    const pick = <T>(rng: SeededRandom, xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)];
    for (let trial = 0; trial < 8; trial++) {
      const rng = new SeededRandom(100 + trial);
      const d = pick(rng, [4, 8, 12, 16]);
      const config: Partial<TabTransformerConfig> = {
        ...NO_DROPOUT,
        categoricalVocabSizes: Array.from({ length: rng.int(1, 4) }, () => rng.int(1, 7)),
        numericFeatures: rng.int(0, 6),
        dModel: d,
        numHeads: pick(rng, [1, 2, 4].filter((h) => d % h === 0)),
        numLayers: rng.int(1, 3),
        ffMultiplier: rng.int(1, 4),
        ffActivation: pick(rng, ['relu', 'gelu'] as const),
        norm: pick(rng, ['pre', 'post'] as const),
        numericTokens: rng.next() < 0.5,
        numericNorm: pick(rng, ['layer', 'none'] as const),
        headHidden: Array.from({ length: rng.int(0, 3) }, () => rng.int(1, 20)),
        seed: trial,
      };
      const model = new TabTransformer(config);
      const fused = new FusedNetwork(model.config);
      try {
        const weights = await model.exportWeights();
        for (const entry of Object.values(weights)) entry.values.forEach((v, i) => (entry.values[i] = v + 0.1 * rng.normal()));
        model.importWeights(weights);
        fused.setWeights(weights);
        const m = rows(rng.int(1, 13), model.config, trial);
        const { labels, weights: w } = labelsAndWeights(m.size, trial);
        const names = model.params.names();
        const reference = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => weightedBceWithLogits(model.logits(m), tf.tensor1d(labels), tf.tensor1d(w)), model.variables());
          return { loss: value.dataSync()[0], grads: names.map((n) => grads[model.params.get(n).name].dataSync()) };
        });
        const loss = fused.gradients({ batch: m, labels, weights: w }, 1);
        const where = JSON.stringify(model.config);
        expect({ where, loss }).toEqual({ where, loss: expect.closeTo(reference.loss, 4) });
        expectSameGradients(fused.weights(undefined, fused.grads()), names, reference.grads, `${where}\n`);
      } finally {
        model.dispose();
        fused.dispose();
      }
    }
  });

  it('is the binary of the current Rust sources (else: npm run kernel:build)', () => {
    const root = resolve(__dirname, '../../../..');
    const hash = execFileSync(process.execPath, ['tools/kernel-build.mjs', '--hash'], { cwd: root, encoding: 'utf8' }).trim();
    expect(KERNEL_SOURCE_SHA256).toBe(hash);
  });

  it('draws the same stream as @loan/stats SeededRandom for the same seed', () => {
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const js = new SeededRandom(seed);
      const expected = Array.from({ length: 64 }, () => Math.round(js.next() * 4294967296));
      expect(Array.from(kernelRandomStream(seed, 64))).toEqual(expected);
    }
  });

  it('drops cells at the configured rate, scales the kept ones by 1/keep, and repeats a seed', async () => {
    // A head whose hidden units all output 1 (zero weights, bias 1) and whose output weights are 0: the
    // gradient of output weight j is then σ(0)·mask_j = 0.5·mask_j, so the masks can be read off.
    const units = 20_000;
    const rate = 0.25;
    const model = new TabTransformer({ ...BASE, headDropout: rate, headHidden: [units] });
    const fused = new FusedNetwork(model.config);
    try {
      const weights = await model.exportWeights();
      weights['head/hidden0/w_tokens'].values.fill(0);
      weights['head/hidden0/w_numeric'].values.fill(0);
      weights['head/hidden0/b'].values.fill(1);
      weights['head/output/w'].values.fill(0);
      fused.setWeights(weights);
      const share = { batch: rows(1, model.config, 1), labels: new Float32Array([0]), weights: new Float32Array([1]) };
      const masks = (seed: number) => {
        fused.gradients(share, seed);
        return Array.from(fused.weights((n) => n === 'head/output/w', fused.grads())['head/output/w'].values, (g) => g / 0.5);
      };
      const a = masks(5);
      const dropped = a.filter((m) => m === 0).length;
      // Binomial(20,000, 0.25): sd ≈ 61 cells; 4 sd either side.
      expect(Math.abs(dropped - units * rate)).toBeLessThan(4 * Math.sqrt(units * rate * (1 - rate)));
      expect(a.filter((m) => m !== 0).every((m) => Math.abs(m - 1 / (1 - rate)) < 1e-5)).toBe(true);
      expect(masks(5)).toEqual(a);
      const b = masks(6);
      expect(b.filter((m, i) => m !== a[i]).length).toBeGreaterThan(units * 0.2);
    } finally {
      model.dispose();
      fused.dispose();
    }
  });

  it('refuses a shape it cannot run and weights that do not fit', () => {
    const model = new TabTransformer(BASE);
    // dModel 8 over 3 heads: the kernel's own check refuses it.
    expect(() => new FusedNetwork({ ...model.config, numHeads: 3 })).toThrow(/refused/);
    const fused = new FusedNetwork(model.config);
    expect(() => fused.setWeights({ 'head/output/b': { shape: [2], values: new Float32Array(2) } })).toThrow(/head\/output\/b has 2 values/);
    expect(() => fused.setWeights({ 'head/nothing': { shape: [1], values: new Float32Array(1) } })).toThrow(/unknown parameter head\/nothing/);
    const m = rows(2, model.config, 1);
    expect(() => fused.predict({ ...m, numNumeric: 4 })).toThrow(/4 numeric values, the model 3 and 5/);
    fused.dispose();
    expect(() => fused.predict(m)).toThrow(/disposed/);
    model.dispose();
  });
});
