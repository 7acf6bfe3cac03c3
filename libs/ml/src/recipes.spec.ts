import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend';
import { fineTuneChallenger, FULL_RECIPE, QUICK_RECIPE, trainWithRecipe, TrainingRecipe } from './recipes';
import { TabTransformer } from './tab-transformer';
import { resolveTabTransformerConfig } from './tab-transformer-config';
import { makeSyntheticRows, TINY_CONFIG } from './testing/synthetic-rows';

describe('training recipes', () => {
  const train = makeSyntheticRows(384, 51);
  const validation = makeSyntheticRows(128, 52);

  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
  });

  it('presets are valid architectures', () => {
    expect(() => resolveTabTransformerConfig(FULL_RECIPE.config)).not.toThrow();
    expect(() => resolveTabTransformerConfig(QUICK_RECIPE.config)).not.toThrow();
  });

  it('runs pre-training → training → fine-tuning and reports each phase', async () => {
    const recipe: TrainingRecipe = {
      name: 'tiny',
      config: TINY_CONFIG,
      pretrain: { epochs: 1, batchSize: 64 },
      train: { maxEpochs: 3, batchSize: 64, learningRate: 3e-3 },
      fineTune: { maxEpochs: 1, batchSize: 64, learningRate: 1e-4 },
    };
    const phases: string[] = [];
    const before = tf.memory().numTensors;
    const result = await trainWithRecipe(recipe, { train, validation }, { onEpoch: (phase) => void phases.push(phase) });
    expect(phases).toEqual(['pretrain', 'train', 'train', 'train', 'fine-tune']);
    expect(result.recipe).toBe('tiny');
    expect(result.pretrain?.epochs).toBe(1);
    expect(result.supervised.epochs).toBe(3);
    expect(typeof result.fineTune?.kept).toBe('boolean');
    expect(result.threshold).toBeGreaterThan(0);
    expect(result.validation.rocAuc).toBeGreaterThan(0.8);
    expect(tf.memory().numTensors - before).toBe(result.model.variables().length);
    result.model.dispose();
  });

  it('fine-tunes a challenger without touching the champion', async () => {
    const champion = new TabTransformer(TINY_CONFIG);
    const before = await champion.exportWeights();
    const result = await fineTuneChallenger(champion, train, validation, { maxEpochs: 1, batchSize: 64 });
    expect(result.model).not.toBe(champion);
    const after = await champion.exportWeights();
    for (const name of Object.keys(before)) expect(Array.from(after[name].values)).toEqual(Array.from(before[name].values));
    result.model.dispose();
    champion.dispose();
  });
});
