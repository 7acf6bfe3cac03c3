// The pool is served in this thread over MessageChannels (its protocol and arithmetic are what is
// under test); real worker threads run in the daily-loop e2e (the evaluator-trainer with TRAIN_THREADS=2).
import * as tf from '@tensorflow/tfjs';
import { MessageChannel, MessagePort } from 'node:worker_threads';
import { selectBackend } from './backend';
import { GradientWorkerPool, serveGradients } from './gradient-workers';
import { pretrainEncoder } from './pretraining';
import { splitRange } from './step-engine';
import { isEncoderParam, isHeadParam, TabTransformer } from './tab-transformer';
import { TabTransformerConfig } from './tab-transformer-config';
import { makeSyntheticRows, TINY_CONFIG } from './testing/synthetic-rows';
import { trainClassifier } from './training';
import { WeightMap } from './weight-map';

const NO_DROPOUT = { ...TINY_CONFIG, residualDropout: 0, seed: 5 };

function inThreadPool(workers: number): { pool: GradientWorkerPool; ports: MessagePort[] } {
  const ports: MessagePort[] = [];
  const mine = Array.from({ length: workers }, () => {
    const { port1, port2 } = new MessageChannel();
    serveGradients(port2);
    ports.push(port1, port2);
    return port1;
  });
  return { pool: GradientWorkerPool.overPorts(mine), ports };
}

function maxDifference(a: WeightMap, b: WeightMap): number {
  let worst = 0;
  for (const name of Object.keys(a)) {
    const x = a[name].values;
    const y = b[name].values;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  }
  return worst;
}

/**
 * One thread's and several threads' weights agree: the same sums in another order, whose float rounding
 * (which Adam amplifies for near-zero gradients) stays a small fraction of how far training moved them.
 */
async function expectSameTraining(config: Partial<TabTransformerConfig>, one: WeightMap, several: WeightMap, filter?: (name: string) => boolean): Promise<void> {
  const start = new TabTransformer(config);
  const initial = await start.exportWeights(filter);
  start.dispose();
  const moved = maxDifference(initial, one);
  expect(moved).toBeGreaterThan(0.01);
  expect(maxDifference(one, several)).toBeLessThan(0.02 * moved);
}

describe('splitRange', () => {
  it('covers [0, size) in contiguous parts that differ by at most one row', () => {
    expect(splitRange(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(splitRange(5, 1)).toEqual([[0, 5]]);
    const parts = splitRange(257, 4).map(([a, b]) => b - a);
    expect(parts.reduce((s, n) => s + n, 0)).toBe(257);
    expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
  });
});

describe.each(['fused', 'tfjs'] as const)('GradientWorkerPool (served in-thread), %s kernel', (kernel) => {
  const train = makeSyntheticRows(512, 21);
  const validation = makeSyntheticRows(128, 22);
  const opened: MessagePort[] = [];

  beforeAll(async () => {
    await selectBackend(undefined, undefined, {});
  });
  afterAll(() => opened.forEach((p) => p.close()));

  async function trained(workers: number, options: { freezeEncoder?: boolean; batchSize?: number } = {}) {
    const model = new TabTransformer(NO_DROPOUT);
    const { pool, ports } = inThreadPool(workers);
    opened.push(...ports);
    const result = await trainClassifier(train, validation, { model, maxEpochs: 2, patience: 5, learningRate: 3e-3, batchSize: 128, seed: 3, kernel, ...options, workers: workers ? pool : undefined });
    const weights = await model.exportWeights();
    model.dispose();
    await pool.close();
    return { result, weights };
  }

  it('without dropout, splitting each batch over 3 threads trains the same weights as one thread', async () => {
    const one = await trained(0);
    const three = await trained(2);
    await expectSameTraining(NO_DROPOUT, one.weights, three.weights);
    expect(three.result.history[1].loss).toBeCloseTo(one.result.history[1].loss, 5);
    expect(three.result.validation.rocAuc).toBeCloseTo(one.result.validation.rocAuc, 4);
  });

  it('with a frozen encoder, the workers return only the head’s gradients and the encoder stays put', async () => {
    const start = new TabTransformer(NO_DROPOUT);
    const start0 = await start.exportWeights();
    const encoderBefore = await start.exportWeights((n) => !isHeadParam(n));
    start.dispose();
    const one = await trained(0, { freezeEncoder: true });
    const two = await trained(1, { freezeEncoder: true });
    expect(maxDifference(one.weights, two.weights)).toBeLessThan(0.02 * maxDifference(start0, one.weights));
    const encoderAfter = Object.fromEntries(Object.entries(two.weights).filter(([n]) => !isHeadParam(n)));
    expect(maxDifference(encoderBefore, encoderAfter)).toBe(0);
  });

  it('batches too small to share run on the main thread alone, with the same result', async () => {
    const one = await trained(0, { batchSize: 40 });
    const two = await trained(1, { batchSize: 40 });
    expect(maxDifference(one.weights, two.weights)).toBe(0);
  });

  it('a worker that fails mid-step turns into a rejected training run, and no tensors leak', async () => {
    const { port1, port2 } = new MessageChannel();
    opened.push(port1, port2);
    // A peer that builds its replica, then fails the first step, as a worker running out of memory would.
    port2.on('message', (m: { kind: string }) =>
      port2.postMessage(m.kind === 'model' || m.kind === 'fused-model' ? { kind: 'ready' } : { kind: 'error', message: 'replica out of memory' }),
    );
    const pool = GradientWorkerPool.overPorts([port1]);
    const model = new TabTransformer(NO_DROPOUT);
    const before = tf.memory().numTensors;
    await expect(trainClassifier(train, validation, { model, maxEpochs: 1, batchSize: 128, kernel, workers: pool })).rejects.toThrow(/gradient worker: replica out of memory/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    await pool.close();
  });

  it('refuses a thread count that is not a positive integer', async () => {
    await expect(GradientWorkerPool.start(0, __filename)).rejects.toThrow(/threads must be an integer ≥ 1/);
    await expect(GradientWorkerPool.start(1.5, __filename)).rejects.toThrow(/threads must be an integer ≥ 1/);
  });
});

describe('GradientWorkerPool (served in-thread), replaced-token-detection pre-training on the fused kernel', () => {
  const rows = makeSyntheticRows(600, 31).rows;
  const opened: MessagePort[] = [];
  afterAll(() => opened.forEach((p) => p.close()));

  async function pretrained(workers: number) {
    const model = new TabTransformer({ ...NO_DROPOUT, attentionDropout: 0, ffDropout: 0 });
    const { pool, ports } = inThreadPool(workers);
    opened.push(...ports);
    const result = await pretrainEncoder(rows, { model, epochs: 2, batchSize: 128, learningRate: 3e-3, seed: 4, kernel: 'fused', workers: workers ? pool : undefined });
    const weights = await model.exportWeights(isEncoderParam);
    model.dispose();
    await pool.close();
    return { result, weights };
  }

  it('without dropout, splitting each batch over 3 threads pre-trains the same encoder as one thread', async () => {
    const one = await pretrained(0);
    const three = await pretrained(2);
    await expectSameTraining({ ...NO_DROPOUT, attentionDropout: 0, ffDropout: 0 }, one.weights, three.weights, isEncoderParam);
    // Loss and detection accuracy are assembled from the shares' cells: the same as one thread's.
    expect(three.result.history[1].loss).toBeCloseTo(one.result.history[1].loss, 4);
    expect(three.result.history[1].metrics.detectionAccuracy).toBeCloseTo(one.result.history[1].metrics.detectionAccuracy, 3);
    expect(three.result.history[1].metrics.replacedShare).toBe(one.result.history[1].metrics.replacedShare);
  });
});
