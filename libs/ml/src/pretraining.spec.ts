import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend';
import { corruptCategorical, pretrainEncoder } from './pretraining';
import { Prng } from './prng';
import { isEncoderParam, TabTransformer } from './tab-transformer';
import { makeSyntheticRows, TINY_CONFIG } from './testing/synthetic-rows';
import { trainClassifier } from './training';

describe.each(['fused', 'tfjs'] as const)('replaced-token-detection pre-training on %s', (kernel) => {
  const unlabelled = makeSyntheticRows(768, 21).rows;

  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
  });

  it('corrupts about p of the cells and flags exactly the changed ones', () => {
    const model = new TabTransformer(TINY_CONFIG);
    const source = model.toMatrix(unlabelled);
    const batch = model.toMatrix(unlabelled.slice(0, 300));
    const original = batch.categorical.slice();
    const flags = corruptCategorical(batch, source, 0.3, new Prng(1));
    let changed = 0;
    for (let k = 0; k < flags.length; k++) {
      expect(flags[k] === 1).toBe(batch.categorical[k] !== original[k]);
      changed += flags[k];
    }
    // 0.3 minus draws that happen to repeat the original value (common in the small vocabularies).
    expect(changed / flags.length).toBeGreaterThan(0.15);
    expect(changed / flags.length).toBeLessThan(0.3);
    model.dispose();
  });

  it('pre-training loss falls, and a classifier initialised from it trains', async () => {
    const before = tf.memory().numTensors;
    const config = { ...TINY_CONFIG, dModel: 16, numHeads: 2 };
    const pre = await pretrainEncoder(unlabelled, { config, epochs: 10, batchSize: 32, learningRate: 5e-3, seed: 3, kernel });
    expect(tf.memory().numTensors).toBe(before); // temporary model, detector and optimizer all freed
    const losses = pre.history.map((h) => h.loss);
    expect(losses).toHaveLength(10);
    expect(losses[9]).toBeLessThan(losses[0] * 0.85);
    // Better than a detector that knows only the replaced share r: its loss is the entropy H(r) and
    // its accuracy 1 − r. Beating both means it reads the rows.
    const last = pre.history[9].metrics;
    const r = last.replacedShare;
    expect(losses[9]).toBeLessThan(-(r * Math.log(r) + (1 - r) * Math.log(1 - r)) - 0.03);
    expect(last.detectionAccuracy).toBeGreaterThan(1 - r + 0.01);
    expect(Object.keys(pre.encoderWeights).every(isEncoderParam)).toBe(true);

    const model = new TabTransformer(pre.config);
    model.importWeights(pre.encoderWeights);
    const imported = await model.exportWeights(isEncoderParam);
    for (const [name, w] of Object.entries(pre.encoderWeights)) expect(Array.from(imported[name].values)).toEqual(Array.from(w.values));

    const train = makeSyntheticRows(512, 22);
    const validation = makeSyntheticRows(256, 23);
    const result = await trainClassifier(train, validation, { model, batchSize: 64, learningRate: 3e-3, maxEpochs: 5, patience: 5, kernel });
    expect(result.history[4].loss).toBeLessThan(result.history[0].loss);
    expect(result.validation.rocAuc).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('works when numeric features are tokens too (only categorical tokens are judged)', async () => {
    const pre = await pretrainEncoder(unlabelled.slice(0, 128), { config: { ...TINY_CONFIG, numericTokens: true }, epochs: 2, batchSize: 64, kernel });
    expect(pre.history.every((h) => Number.isFinite(h.loss))).toBe(true);
    expect(pre.encoderWeights['encoder/embedding/numeric_w'].shape).toEqual([14, 8]);
  });

  it('supervised training accepts the encoder weights directly', async () => {
    const config = { ...TINY_CONFIG };
    const pre = await pretrainEncoder(unlabelled.slice(0, 128), { config, epochs: 1, batchSize: 64, kernel });
    const result = await trainClassifier(makeSyntheticRows(128, 24), makeSyntheticRows(64, 25), {
      config: pre.config,
      initialEncoder: pre.encoderWeights,
      freezeEncoder: true,
      maxEpochs: 1,
      kernel,
    });
    const after = await result.model.exportWeights(isEncoderParam);
    for (const [name, w] of Object.entries(pre.encoderWeights)) expect(Array.from(after[name].values)).toEqual(Array.from(w.values));
    result.model.dispose();
  });
});
