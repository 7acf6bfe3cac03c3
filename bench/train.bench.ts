// Training and prediction throughput of the TabTransformer on the real data, for each recipe, measured
// side by side in one run: the fused WebAssembly kernel (libs/ml/kernel) on one and two threads, and
// tfjs ops on every tfjs backend that loads here (wasm; tfjs-node once `npm run native:setup` has built
// it), each in its own process, and against a PyTorch peer
// (bench/peers/tabtransformer_torch.py, torch from PyPI in .data/venv-torch) training the same
// architecture on the same encoded rows at the same batch size on 2 threads. Not a test: it prints
// figures and ratios. Run: npm run bench:train (TORCH_PYTHON unset: the peer is skipped and says so)
import { EncodedRow, fitPreprocessing, LABEL_COLUMN, preprocessBatch } from '@loan/features';
import { FULL_RECIPE, GradientWorkerPool, KernelChoice, parseKernelChoice, QUICK_RECIPE, resolveTabTransformerConfig, runGradientWorkerIfAsked, selectBackend, TabTransformer, TabTransformerConfig, trainClassifier } from '@loan/ml';
import { parseCreditCsv } from '@loan/features';
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

async function measure(name: string, config: Partial<TabTransformerConfig>, rows: EncodedRow[], labels: number[], withTorch: boolean, kernel: KernelChoice, workers?: GradientWorkerPool): Promise<Result> {
  const model = new TabTransformer({ ...config, seed: 1 });
  const train = { rows: rows.slice(0, TRAIN_ROWS), labels: labels.slice(0, TRAIN_ROWS) };
  const validation = { rows: rows.slice(TRAIN_ROWS, TRAIN_ROWS + 1024), labels: labels.slice(TRAIN_ROWS, TRAIN_ROWS + 1024) };
  const trained = await trainClassifier(train, validation, { model, maxEpochs: 2, patience: 5, seed: 1, workers, kernel });

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
    torch: withTorch ? torchPeer(name, config, rows, labels) : undefined,
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

const CONFIGS: [string, Partial<TabTransformerConfig>][] = [
  ['quick (d16, 1 layer)', QUICK_RECIPE.config],
  ['full (d32, 2 layers)', FULL_RECIPE.config],
  ['paper (d32, 6 layers)', { ...FULL_RECIPE.config, numLayers: 6 }],
];

/** One backend's figures, in its own process (tfjs keeps one backend per process): a JSON line. */
async function measureBackend(): Promise<void> {
  const backend = await selectBackend(undefined, (line) => console.error(line));
  const real = parseCreditCsv(readFileSync(process.env.DATA_CSV_PATH ?? 'data/credit-default-taiwan.csv', 'utf8'));
  const fit = fitPreprocessing(real);
  const rows = preprocessBatch(real, fit);
  const labels = real.map((r) => r[LABEL_COLUMN]);
  // Data-parallel training: this thread and threads - 1 workers each take a share of every batch.
  const threads = Number(process.env.BENCH_TRAIN_THREADS ?? 1);
  const kernel = parseKernelChoice(process.env.BENCH_KERNEL ?? 'tfjs');
  const workers = threads > 1 ? await GradientWorkerPool.start(threads, __filename) : undefined;
  const results: Result[] = [];
  for (const [name, config] of CONFIGS) results.push(await measure(name, config, rows, labels, process.env.BENCH_TORCH === '1', kernel, workers));
  await workers?.close();
  const label = kernel === 'fused' ? 'fused kernel' : `tfjs ops on ${backend}`;
  console.log(JSON.stringify({ backend: `${label}, ${threads} thread${threads > 1 ? 's' : ''}`, results }));
}

/** Every backend that loads here (wasm always; tfjs-node after `npm run native:setup`), then the table. */
async function main(): Promise<void> {
  if (process.env.BENCH_TRAIN_BACKEND) return measureBackend();
  const backends = ['wasm', 'tfjs-node'].filter((b) => b === 'wasm' || canLoad('@tensorflow/tfjs-node'));
  // tfjs ops on each backend; wasm runs on one thread in Node, so it is measured again split over both
  // cores (TF is threaded already); then the fused kernel on one thread and on two.
  const variants = [
    ...backends.map((backend) => ({ backend, kernel: 'tfjs', threads: 1 })),
    { backend: 'wasm', kernel: 'tfjs', threads: 2 },
    { backend: 'wasm', kernel: 'fused', threads: 1 },
    { backend: 'wasm', kernel: 'fused', threads: 2 },
  ];
  const runs: { backend: string; results: Result[] }[] = [];
  for (const [i, { backend, kernel, threads }] of variants.entries()) {
    console.error(`[bench:train] ${kernel === 'fused' ? 'fused kernel' : backend}, ${threads} thread(s)${i === 0 && process.env.TORCH_PYTHON ? ' (and the PyTorch peer)' : ''}`);
    const out = execFileSync(process.execPath, [__filename], {
      encoding: 'utf8',
      env: { ...process.env, BENCH_TRAIN_BACKEND: backend, BENCH_KERNEL: kernel, BENCH_TRAIN_THREADS: String(threads), TF_BACKEND: backend, BENCH_TORCH: i === 0 ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 << 20,
    });
    runs.push(JSON.parse(out.trim().split('\n').pop() as string));
  }
  if (!backends.includes('tfjs-node')) console.log('(tfjs-node not measured: @tensorflow/tfjs-node does not load here; `npm run native:setup` builds it)');
  console.log('\n| model | backend | train rows/s | predict rows/s (4,096) | 1-row p50 ms | 1-row p99 ms |\n|---|---|---|---|---|---|');
  for (const [k, [name]] of CONFIGS.entries()) {
    for (const run of runs) {
      const r = run.results[k];
      console.log(`| ${name} | ${run.backend} | ${r.trainRowsPerSecond.toFixed(0)} | ${r.predictBatchRowsPerSecond.toFixed(0)} | ${r.singleP50Ms.toFixed(2)} | ${r.singleP99Ms.toFixed(2)} |`);
    }
    const torch = runs[0].results[k].torch;
    if (torch) console.log(`| ${name} | PyTorch CPU, 2 threads | ${torch.trainRowsPerSecond.toFixed(0)} | ${torch.predictBatchRowsPerSecond.toFixed(0)} | | |`);
  }
  const torchRuns = runs[0].results.filter((r) => r.torch);
  if (!torchRuns.length) console.log('\n(PyTorch not measured: TORCH_PYTHON is not set)');
  else {
    console.log('\nbest backend here against PyTorch on CPU (same rows, architecture, batch 256 and epochs; target ≥ 1.0×)');
    for (const [k, [name]] of CONFIGS.entries()) {
      const torch = runs[0].results[k].torch;
      if (!torch) continue;
      const best = runs.reduce((a, b) => (b.results[k].trainRowsPerSecond > a.results[k].trainRowsPerSecond ? b : a));
      const bestPredict = runs.reduce((a, b) => (b.results[k].predictBatchRowsPerSecond > a.results[k].predictBatchRowsPerSecond ? b : a));
      console.log(
        `${name.padEnd(24)} train ${best.backend} ${(best.results[k].trainRowsPerSecond / torch.trainRowsPerSecond).toFixed(2)}×;  predict ${bestPredict.backend} ${(bestPredict.results[k].predictBatchRowsPerSecond / torch.predictBatchRowsPerSecond).toFixed(2)}×`,
      );
    }
  }
}

function canLoad(module: string): boolean {
  try {
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(module)})`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!runGradientWorkerIfAsked()) {
  main().catch((e: Error) => {
    console.error(e);
    process.exit(1);
  });
}
