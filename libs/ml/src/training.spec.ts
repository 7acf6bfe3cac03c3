import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend';
import { isEncoderParam, isHeadParam, TabTransformer } from './tab-transformer';
import { makeSyntheticRows, TINY_CONFIG } from './testing/synthetic-rows';
import { trainClassifier } from './training';
import { EpochProgress } from './training-progress';

describe.each(['fused', 'tfjs'] as const)('trainClassifier on %s', (kernel) => {
  const train = makeSyntheticRows(640, 11);
  const validation = makeSyntheticRows(256, 12);
  const fast = { batchSize: 64, learningRate: 3e-3, kernel };

  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
  });

  it('learns a separable set: loss falls, validation accuracy and AUC are high', async () => {
    const epochs: EpochProgress[] = [];
    const before = tf.memory().numTensors;
    const result = await trainClassifier(train, validation, {
      ...fast,
      config: TINY_CONFIG,
      maxEpochs: 8,
      patience: 8,
      onEpoch: (p) => void epochs.push(p),
    });
    const h = result.history;
    expect(epochs).toEqual(h);
    expect(h.length).toBe(8);
    expect(h[h.length - 1].loss).toBeLessThan(h[0].loss * 0.7);
    expect(result.validation.accuracy).toBeGreaterThan(0.9);
    expect(result.validation.rocAuc).toBeGreaterThan(0.95);
    expect(result.threshold).toBeGreaterThan(0);
    expect(result.threshold).toBeLessThan(1);
    expect(result.validation.threshold).toBe(result.threshold);
    expect(result.validation.f1).toBeGreaterThanOrEqual(result.validationAtHalf.f1);
    expect(h[0]).toMatchObject({ epoch: 1, maxEpochs: 8 });
    expect(h[0].etaMs).toBeGreaterThan(0);
    expect(h[0].rowsPerSecond).toBeGreaterThan(0);
    expect(h[0].metrics.valRocAuc).toBeGreaterThan(0.5);
    // Only the model's variables remain: no per-batch tensors leak.
    expect(tf.memory().numTensors - before).toBe(result.model.variables().length);
    result.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible: same seeds ⇒ identical weights and metrics', async () => {
    const run = () => trainClassifier(train, validation, { ...fast, config: { ...TINY_CONFIG, ffDropout: 0.1 }, maxEpochs: 2, seed: 5 });
    const a = await run();
    const b = await run();
    const wa = await a.model.exportWeights();
    const wb = await b.model.exportWeights();
    for (const name of Object.keys(wa)) expect(Array.from(wb[name].values)).toEqual(Array.from(wa[name].values));
    expect(b.history.map((e) => e.loss)).toEqual(a.history.map((e) => e.loss));
    expect(b.threshold).toBe(a.threshold);
    a.model.dispose();
    b.model.dispose();
  });

  it('stops early and restores the best epoch’s weights', async () => {
    // A huge learning rate makes validation loss bounce, so patience 1 triggers quickly.
    const result = await trainClassifier(train, validation, {
      kernel,
      batchSize: 64,
      learningRate: 0.05,
      config: TINY_CONFIG,
      maxEpochs: 15,
      patience: 1,
    });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.history.length).toBeLessThan(15);
    const best = result.history[result.bestEpoch - 1];
    expect(best.valLoss).toBe(Math.min(...result.history.map((e) => e.valLoss)));
    // The returned model is the best epoch's: its validation AUC is that epoch's.
    expect(result.validation.rocAuc).toBeCloseTo(best.metrics.valRocAuc, 6);
    result.model.dispose();
  });

  it('with weight averaging (EMA) it still learns and frees its shadow copies', async () => {
    const before = tf.memory().numTensors;
    const result = await trainClassifier(train, validation, { ...fast, config: TINY_CONFIG, maxEpochs: 6, patience: 6, emaDecay: 0.9 });
    expect(result.validation.rocAuc).toBeGreaterThan(0.95);
    expect(tf.memory().numTensors - before).toBe(result.model.variables().length);
    result.model.dispose();
  });

  it('can stop on validation ROC-AUC instead of loss', async () => {
    const result = await trainClassifier(train, validation, { ...fast, config: TINY_CONFIG, maxEpochs: 4, monitor: 'valRocAuc' });
    const best = result.history[result.bestEpoch - 1];
    expect(best.metrics.valRocAuc).toBe(Math.max(...result.history.map((e) => e.metrics.valRocAuc)));
    result.model.dispose();
  });

  it('lets the caller stop between batches', async () => {
    let calls = 0;
    const result = await trainClassifier(train, validation, {
      ...fast,
      config: TINY_CONFIG,
      maxEpochs: 5,
      shouldStop: () => ++calls >= 3,
    });
    expect(result.stopReason).toBe('caller');
    expect(result.history).toHaveLength(0);
    expect(result.threshold).toBeGreaterThan(0);
    result.model.dispose();
  });

  it('fine-tunes in place with a frozen encoder: only the head moves', async () => {
    const model = new TabTransformer(TINY_CONFIG);
    const encoderBefore = await model.exportWeights(isEncoderParam);
    const headBefore = await model.exportWeights(isHeadParam);
    const result = await trainClassifier(train, validation, { ...fast, model, freezeEncoder: true, learningRate: 1e-3, maxEpochs: 2 });
    expect(result.model).toBe(model);
    const encoderAfter = await model.exportWeights(isEncoderParam);
    for (const name of Object.keys(encoderBefore)) expect(Array.from(encoderAfter[name].values)).toEqual(Array.from(encoderBefore[name].values));
    const headAfter = await model.exportWeights(isHeadParam);
    expect(Object.keys(headBefore).some((n) => headAfter[n].values.some((v, i) => v !== headBefore[n].values[i]))).toBe(true);
    model.dispose();
  });

  it('rejects mismatched labels', async () => {
    await expect(trainClassifier({ rows: train.rows, labels: [1, 0] }, validation, { kernel, config: TINY_CONFIG })).rejects.toThrow(/2 labels for 640 rows/);
    await expect(
      trainClassifier({ rows: train.rows.slice(0, 2), labels: [1, 2] }, validation, { kernel, config: TINY_CONFIG }),
    ).rejects.toThrow(/expected 0 or 1/);
  });

  it('row weights decide which rows teach: a zero-weighted copy with flipped labels is ignored', async () => {
    const labels = Array.from(train.labels);
    const doubled = { rows: [...train.rows, ...train.rows], labels: [...labels, ...labels.map((l) => 1 - l)] };
    const weights = [...labels.map(() => 1), ...labels.map(() => 0)];
    const options = { ...fast, config: TINY_CONFIG, maxEpochs: 6, patience: 6, seed: 3 };
    const weighted = await trainClassifier({ ...doubled, weights }, validation, options);
    const unweighted = await trainClassifier(doubled, validation, options);
    expect(weighted.validation.rocAuc).toBeGreaterThan(0.9);
    // Unweighted, each row appears with both labels: nothing to learn.
    expect(unweighted.validation.rocAuc).toBeLessThan(0.75);
    weighted.model.dispose();
    unweighted.model.dispose();
    await expect(trainClassifier({ ...train, weights: [1] }, validation, { kernel, config: TINY_CONFIG })).rejects.toThrow(/1 row weights for 640 rows/);
    await expect(trainClassifier({ ...train, weights: train.rows.map(() => 0) }, validation, { kernel, config: TINY_CONFIG })).rejects.toThrow(/sum to 0/);
  });
});

describe('the fused kernel and tfjs ops train alike', () => {
  const train = makeSyntheticRows(384, 31);
  const validation = makeSyntheticRows(128, 32);
  const noDropout = { ...TINY_CONFIG, attentionDropout: 0, ffDropout: 0, residualDropout: 0, headDropout: 0, numLayers: 2, seed: 9 };

  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
  });

  /** Largest |difference| over every parameter, and how far training moved them (the scale). */
  async function compare(a: TabTransformer, b: TabTransformer, start: Record<string, { values: Float32Array }>): Promise<{ diff: number; moved: number }> {
    const wa = await a.exportWeights();
    const wb = await b.exportWeights();
    let diff = 0;
    let moved = 0;
    for (const name of Object.keys(wa)) {
      wa[name].values.forEach((v, i) => {
        diff = Math.max(diff, Math.abs(v - wb[name].values[i]));
        moved = Math.max(moved, Math.abs(v - start[name].values[i]));
      });
    }
    return { diff, moved };
  }

  it.each([
    ['Adam', {}],
    ['Adam with weight decay and a moving average', { weightDecay: 0.01, emaDecay: 0.9 }],
    ['the head alone (encoder frozen)', { freezeEncoder: true }],
  ])('%s: same weights, loss and validation AUC without dropout', async (_name, extra) => {
    const initial = await new TabTransformer(noDropout).exportWeights();
    const run = async (kernel: 'fused' | 'tfjs') => trainClassifier(train, validation, { kernel, config: noDropout, batchSize: 64, learningRate: 3e-3, maxEpochs: 3, patience: 5, seed: 4, ...extra });
    const fused = await run('fused');
    const reference = await run('tfjs');
    const { diff, moved } = await compare(fused.model, reference.model, initial);
    expect(moved).toBeGreaterThan(0.01);
    // The same maths in another order of float sums. Adam turns float noise in near-zero gradients
    // (rare categories' embeddings, the key bias, whose gradient is zero in exact arithmetic) into
    // steps of up to the learning rate, so single weights may differ by a few percent of how far
    // training moved them; what the models compute must agree far more closely.
    expect(diff).toBeLessThan(0.05 * moved);
    const m = fused.model.toMatrix(validation.rows);
    const a = await fused.model.predictLogits(m);
    const b = await reference.model.predictLogits(m);
    const spread = Math.max(...b.map(Math.abs));
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(0.02 * spread);
    fused.history.forEach((e, i) => expect(e.loss).toBeCloseTo(reference.history[i].loss, 4));
    expect(fused.validation.rocAuc).toBeCloseTo(reference.validation.rocAuc, 3);
    fused.model.dispose();
    reference.model.dispose();
  });
});
