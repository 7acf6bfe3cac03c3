// Measures a training recipe on the real data (data/credit-default-taiwan.csv):
//   80/20 stratified split → (pre-train on the 80%, labels unused) → supervised training with 15% of
//   the 80% held out for early stopping and threshold tuning → optional fine-tuning → metrics on the
//   untouched 20%, plus training and prediction throughput.
// Run from the repo root:
//   node tools/build-app.mjs libs/ml/scripts/measure-real-data.ts tmp/measure && node tmp/measure/main.js [full|quick] [--baseline] [--split-seed N] [--seed N]
//       [--pretrain-epochs N] [--config '{"numLayers":2}']
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import {
  classificationReport,
  deserialiseModel,
  LoanModel,
  RECIPES,
  selectBackend,
  serialiseModel,
  stratifiedSplit,
  trainWithRecipe,
  TrainingRecipe,
  tuneThreshold,
} from '../src';
import { loadRealDataSplit, pick } from '../src/testing/encode-real-data';
import { logisticRegressionBaseline } from './logistic-baseline';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'pretrain-epochs': { type: 'string' },
    config: { type: 'string' },
    'split-seed': { type: 'string' },
    seed: { type: 'string' },
    baseline: { type: 'boolean', default: false },
  },
});
const arg = (name: '--pretrain-epochs' | '--config' | '--split-seed' | '--seed'): string | undefined => options[name.slice(2) as 'config'];

async function main(): Promise<void> {
  const recipeName = positionals[0] ?? 'full';
  const base = RECIPES[recipeName];
  if (!base) throw new Error(`unknown recipe ${recipeName}; one of ${Object.keys(RECIPES).join(', ')}`);
  const recipe: TrainingRecipe = structuredClone(base);
  const pretrainEpochs = arg('--pretrain-epochs');
  if (pretrainEpochs !== undefined) recipe.pretrain = Number(pretrainEpochs) > 0 ? { ...recipe.pretrain, epochs: Number(pretrainEpochs) } : undefined;
  const overrides = arg('--config');
  if (overrides) recipe.config = { ...recipe.config, ...JSON.parse(overrides) };
  const splitSeed = Number(arg('--split-seed') ?? 2024);
  const seed = Number(arg('--seed') ?? 42);

  const backend = await selectBackend(undefined, (line) => console.log(line));
  const data = loadRealDataSplit(0.2, splitSeed);
  const inner = stratifiedSplit(data.train.labels, 0.15, splitSeed + 1);
  const train = pick(data.train, inner.train);
  const validation = pick(data.train, inner.test);
  console.log(
    `recipe ${recipe.name} on ${backend}: pre-train ${data.train.rows.length} rows, train ${train.rows.length}, ` +
      `validation ${validation.rows.length}, hold-out ${data.test.rows.length} (split seed ${splitSeed})`,
  );
  console.log(`config ${JSON.stringify(recipe.config)}`);

  const result = await trainWithRecipe(
    recipe,
    { unlabelled: data.train.rows, train, validation },
    {
      seed,
      onEpoch: (phase, p) => {
        const extra = Object.entries(p.metrics)
          .map(([k, v]) => `${k} ${v.toFixed(4)}`)
          .join(' ');
        console.log(
          `${phase.padEnd(9)} epoch ${String(p.epoch).padStart(2)}/${p.maxEpochs} loss ${p.loss.toFixed(4)}` +
            `${Number.isNaN(p.valLoss) ? '' : ` val ${p.valLoss.toFixed(4)}`} ${extra} ` +
            `${(p.elapsedMs / 1000).toFixed(0)}s eta≤${(p.etaMs / 1000).toFixed(0)}s ${p.rowsPerSecond.toFixed(0)} rows/s`,
        );
      },
    },
  );

  const model = new LoanModel(result.model, { threshold: result.threshold, preprocessingVersion: 'measure-script' });
  const probs = await model.predictProba(data.test.rows);
  const tuned = classificationReport(data.test.labels, probs, result.threshold);
  const half = classificationReport(data.test.labels, probs, 0.5);
  const oracle = tuneThreshold(data.test.labels, probs);

  // Prediction throughput: batches of 1024 over the hold-out, and one row at a time.
  await model.predictProba(data.test.rows);
  let t = performance.now();
  const reps = 3;
  for (let i = 0; i < reps; i++) await model.predictProba(data.test.rows);
  const batchRowsPerSecond = (reps * data.test.rows.length) / ((performance.now() - t) / 1000);
  const latencies: number[] = [];
  for (let i = 0; i < 300; i++) {
    t = performance.now();
    await model.predictProba([data.test.rows[i]]);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const singleRowsPerSecond = 1000 / (latencies.reduce((a, b) => a + b, 0) / latencies.length);

  // Artifact round trip.
  t = performance.now();
  const { artifact, checksum } = await serialiseModel(model);
  const loaded = deserialiseModel(artifact, checksum);
  const roundTripMs = performance.now() - t;
  const same = (await loaded.predictProba(data.test.rows)).every((v, i) => v === probs[i]);
  loaded.dispose();

  const summary = {
    recipe: recipe.name,
    backend,
    splitSeed,
    holdOut: {
      rocAuc: tuned.rocAuc,
      prAuc: tuned.prAuc,
      f1AtTuned: tuned.f1,
      precisionAtTuned: tuned.precision,
      recallAtTuned: tuned.recall,
      f1AtHalf: half.f1,
      threshold: result.threshold,
      brier: tuned.brier,
      oracleF1: oracle.f1,
    },
    validation: { rocAuc: result.validation.rocAuc, f1: result.validation.f1 },
    timing: {
      pretrainSeconds: (result.pretrain?.elapsedMs ?? 0) / 1000,
      pretrainRowsPerSecond: result.pretrain?.rowsPerSecond,
      trainSeconds: result.supervised.elapsedMs / 1000,
      trainRowsPerSecond: result.supervised.rowsPerSecond,
      fineTuneSeconds: (result.fineTune?.elapsedMs ?? 0) / 1000,
      totalSeconds: result.elapsedMs / 1000,
      predictRowsPerSecondBatch1024: batchRowsPerSecond,
      predictRowsPerSecondBatch1: singleRowsPerSecond,
      predictLatencyMsBatch1: { p50: latencies[150], p95: latencies[285] },
    },
    phases: { pretrain: result.pretrain, supervised: result.supervised, fineTune: result.fineTune },
    artifact: { weightBytes: artifact.weights.byteLength, checksum, roundTripMs, identicalPredictions: same },
    tensorsAlive: tf.memory().numTensors,
  };
  if (options.baseline) {
    const lr = await logisticRegressionBaseline(data.train, data.test);
    Object.assign(summary, { logisticRegression: lr });
  }
  console.log(JSON.stringify(summary, null, 2));
  model.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
