// Training and prediction throughput of the TabTransformer on the real data, for each recipe, measured
// side by side in one run on the backend this machine selects (printed first), and against a PyTorch peer
// (bench/peers/tabtransformer_torch.py, torch from PyPI in .data/venv-torch) training the same
// architecture on the same encoded rows at the same batch size on 2 threads. Not a test: it prints
// figures and ratios. Run: npm run bench:train (TORCH_PYTHON unset: the peer is skipped and says so)
import { EncodedRow, fitPreprocessing, LABEL_COLUMN, preprocessBatch } from '@loan/features';
import { FULL_RECIPE, QUICK_RECIPE, resolveTabTransformerConfig, selectBackend, TabTransformer, TabTransformerConfig, trainClassifier } from '@loan/ml';
import { parseCreditCsv } from '@loan/synthetic';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const TRAIN_ROWS = 8000;
const SINGLE_CALLS = 200;

interface Result {
  name: string;
  torch?: { trainRowsPerSecond: number; predictBatchRowsPerSecond: number };
  trainRowsPerSecond: number;
  predictBatchRowsPerSecond: number;
  singleP50Ms: number;
  singleP99Ms: number;
}

async function measure(name: string, config: Partial<TabTransformerConfig>, rows: EncodedRow[], labels: number[]): Promise<Result> {
  const model = new TabTransformer({ ...config, seed: 1 });
  const train = { rows: rows.slice(0, TRAIN_ROWS), labels: labels.slice(0, TRAIN_ROWS) };
  const validation = { rows: rows.slice(TRAIN_ROWS, TRAIN_ROWS + 1024), labels: labels.slice(TRAIN_ROWS, TRAIN_ROWS + 1024) };
  const trained = await trainClassifier(train, validation, { model, maxEpochs: 2, patience: 5, seed: 1 });

  const batch = rows.slice(0, 4096);
  await model.predictProba(batch.slice(0, 1024)); // warm-up
  let t = performance.now();
  await model.predictProba(batch);
  const predictBatchRowsPerSecond = batch.length / ((performance.now() - t) / 1000);

  const latencies: number[] = [];
  for (let i = 0; i < SINGLE_CALLS; i++) {
    t = performance.now();
    await model.predictProba([rows[i]]);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  model.dispose();
  return {
    name,
    torch: torchPeer(name, config, rows, labels),
    trainRowsPerSecond: trained.trainRowsPerSecond,
    predictBatchRowsPerSecond,
    singleP50Ms: latencies[Math.floor(SINGLE_CALLS * 0.5)],
    singleP99Ms: latencies[Math.floor(SINGLE_CALLS * 0.99)],
  };
}

/** The PyTorch peer on the same rows and architecture (its own process, 2 threads). */
function torchPeer(name: string, config: Partial<TabTransformerConfig>, rows: EncodedRow[], labels: number[]): Result['torch'] {
  const python = process.env.TORCH_PYTHON;
  if (!python) return undefined;
  mkdirSync('tmp', { recursive: true });
  const file = `tmp/bench-train-${name.split(' ')[0]}.json`;
  writeFileSync(
    file,
    JSON.stringify({
      config: resolveTabTransformerConfig(config),
      batchSize: 256,
      epochs: 2,
      categorical: rows.slice(0, TRAIN_ROWS).map((r) => r.categorical),
      numeric: rows.slice(0, TRAIN_ROWS).map((r) => r.numeric),
      labels: labels.slice(0, TRAIN_ROWS),
    }),
  );
  const out = execFileSync(python, ['bench/peers/tabtransformer_torch.py', '--rows', file, '--threads', '2'], { encoding: 'utf8', maxBuffer: 16 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

async function main(): Promise<void> {
  const backend = await selectBackend(undefined, (line) => console.log(line));
  console.log(`backend: ${backend}`);
  const real = parseCreditCsv(readFileSync(process.env.DATA_CSV_PATH ?? 'data/credit-default-taiwan.csv', 'utf8'));
  const fit = fitPreprocessing(real);
  const rows = preprocessBatch(real, fit);
  const labels = real.map((r) => r[LABEL_COLUMN]);

  const results = [
    await measure('quick (d16, 1 layer)', QUICK_RECIPE.config, rows, labels),
    await measure('full (d32, 2 layers)', FULL_RECIPE.config, rows, labels),
    await measure('paper (d32, 6 layers)', { ...FULL_RECIPE.config, numLayers: 6 }, rows, labels),
  ];
  const base = results[0];
  console.log('\nmodel                    train rows/s  predict rows/s (1024)  1-row p50 ms  1-row p99 ms  train ×quick  predict ×quick');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(24)} ${r.trainRowsPerSecond.toFixed(0).padStart(12)}  ${r.predictBatchRowsPerSecond.toFixed(0).padStart(21)}  ${r.singleP50Ms.toFixed(2).padStart(12)}  ${r.singleP99Ms.toFixed(2).padStart(12)}  ${(r.trainRowsPerSecond / base.trainRowsPerSecond).toFixed(2).padStart(12)}  ${(r.predictBatchRowsPerSecond / base.predictBatchRowsPerSecond).toFixed(2).padStart(14)}`,
    );
  }
  console.log(`\nagainst PyTorch ${process.env.TORCH_PYTHON ? 'on CPU, 2 threads, same rows, architecture, batch 256 and epochs' : '(skipped: TORCH_PYTHON is not set)'}`);
  for (const r of results) {
    if (!r.torch) continue;
    console.log(
      `${r.name.padEnd(24)} train ${r.trainRowsPerSecond.toFixed(0)} vs ${r.torch.trainRowsPerSecond.toFixed(0)} rows/s = ${(r.trainRowsPerSecond / r.torch.trainRowsPerSecond).toFixed(2)}×;  ` +
        `predict ${r.predictBatchRowsPerSecond.toFixed(0)} vs ${r.torch.predictBatchRowsPerSecond.toFixed(0)} rows/s = ${(r.predictBatchRowsPerSecond / r.torch.predictBatchRowsPerSecond).toFixed(2)}×  (target ≥ 1.0×)`,
    );
  }
  for (const r of results) {
    console.log(`${r.name}: batching 1024 rows is ${((r.predictBatchRowsPerSecond * r.singleP50Ms) / 1000).toFixed(0)}× the throughput of one row per call`);
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
