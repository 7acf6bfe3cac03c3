import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend';
import { LoanModel } from './loan-model';
import { TabTransformer } from './tab-transformer';
import { makeSyntheticRows, TINY_CONFIG } from './testing/synthetic-rows';

describe('LoanModel', () => {
  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
  });

  it('predicts probabilities and thresholded labels', async () => {
    const model = new LoanModel(new TabTransformer(TINY_CONFIG), { threshold: 0.5, preprocessingVersion: 'v1' });
    const { rows } = makeSyntheticRows(30, 41);
    const { probabilities, labels } = await model.predict(rows);
    expect(probabilities).toHaveLength(30);
    probabilities.forEach((p, i) => expect(labels[i]).toBe(p >= 0.5 ? 1 : 0));
    expect(await model.predictProba([])).toHaveLength(0);
    model.dispose();
  });

  it('leaves no tensors behind across predict calls (several 1024-row batches each)', async () => {
    const model = new LoanModel(new TabTransformer(TINY_CONFIG), { threshold: 0.5, preprocessingVersion: 'v1' });
    const { rows } = makeSyntheticRows(2100, 42);
    await model.predictProba(rows); // warm-up
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      expect(await model.predictProba(rows)).toHaveLength(2100);
      expect(tf.memory().numTensors).toBe(before);
    }
    await model.predictProba(rows.slice(0, 1));
    expect(tf.memory().numTensors).toBe(before);
    const parameters = model.network.params.names().length;
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - parameters);
  });

  it('validates its meta and refuses to predict once disposed', async () => {
    expect(() => new LoanModel(new TabTransformer(TINY_CONFIG), { threshold: 1.5, preprocessingVersion: 'v1' })).toThrow(/threshold/);
    const model = new LoanModel(new TabTransformer(TINY_CONFIG), { threshold: 0.5, preprocessingVersion: 'v1' });
    model.dispose();
    model.dispose(); // idempotent
    expect(model.isDisposed).toBe(true);
    await expect(model.predictProba(makeSyntheticRows(2, 43).rows)).rejects.toThrow(/disposed/);
  });
});
