// Training and prediction throughput of the TabTransformer on the real data, for each recipe, measured
// side by side in one run: the fused WebAssembly kernel (libs/ml/kernel) on one and two threads, and
// tfjs ops on every tfjs backend that loads here (wasm; tfjs-node once `npm run native:setup` has built
// it), each in its own process, and against a PyTorch peer
// (bench/peers/tabtransformer_torch.py, torch from PyPI in .data/venv-torch) training the same
// architecture on the same encoded rows at the same batch size on 2 threads, in rounds back to back with
// the fused kernel (BENCH_ROUNDS, default 3). Not a test: it prints figures and ratios.
// Run: npm run bench:train (TORCH_PYTHON unset: the peer is skipped and says so).
// --gpu (issue 10 §3, for a GPU machine; scripts/gpu-kit.sh packs it for one): the paper model at batch
// 256 / 2,048 / 8,192, tfjs ops on each GPU backend that loads against the fused kernel on this machine's
// CPU (2 threads and every core) and PyTorch on the same GPU (TORCH_DEVICE, default cuda).
import { EncodedRow, fitPreprocessing, LABEL_COLUMN, preprocessBatch } from '@loan/features';
import { FULL_RECIPE, GradientWorkerPool, KernelChoice, parseKernelChoice, QUICK_RECIPE, resolveTabTransformerConfig, runGradientWorkerIfAsked, selectBackend, TabTransformer, TabTransformerConfig, trainClassifier } from '@loan/ml';
import { parseCreditCsv } from '@loan/features';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { median, range } from './rounds';

const TRAIN_ROWS = 8000;
const SINGLE_CALLS = 200;

/** How one run trains: batch size and epochs (BENCH_BATCH / BENCH_EPOCHS in a child; 256 × 2 by default). */
interface Shape {
  batchSize: number;
  epochs: number;
}
const DEFAULT_SHAPE: Shape = { batchSize: 256, epochs: 2 };
/** At large batches, enough epochs for ten optimiser steps over TRAIN_ROWS rows. */
const shapeFor = (batchSize: number): Shape => ({ batchSize, epochs: Math.max(2, Math.ceil((10 * batchSize) / TRAIN_ROWS)) });

interface TorchResult {
  trainRowsPerSecond: number;
  predictBatchRowsPerSecond: number;
}

interface Result {
  name: string;
  trainRowsPerSecond: number;
  predictBatchRowsPerSecond: number;
  singleP50Ms: number;
  singleP99Ms: number;
}

async function measure(name: string, config: Partial<TabTransformerConfig>, rows: EncodedRow[], labels: number[], kernel: KernelChoice, shape: Shape, workers?: GradientWorkerPool): Promise<Result> {
  const model = new TabTransformer({ ...config, seed: 1 });
  const train = { rows: rows.slice(0, TRAIN_ROWS), labels: labels.slice(0, TRAIN_ROWS) };
  const validation = { rows: rows.slice(TRAIN_ROWS, TRAIN_ROWS + 1024), labels: labels.slice(TRAIN_ROWS, TRAIN_ROWS + 1024) };
  const trained = await trainClassifier(train, validation, { model, batchSize: shape.batchSize, maxEpochs: shape.epochs, patience: shape.epochs + 1, seed: 1, workers, kernel });

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
    trainRowsPerSecond: trained.trainRowsPerSecond,
    predictBatchRowsPerSecond,
    singleP50Ms: latencies[Math.floor(SINGLE_CALLS * 0.5)],
    singleP99Ms: latencies[Math.floor(SINGLE_CALLS * 0.99)],
  };
}

/** The PyTorch peer on the same rows and architecture (its own process, 2 threads; `device` cuda on a GPU). */
function torchPeer(python: string, name: string, config: Partial<TabTransformerConfig>, rows: EncodedRow[], labels: number[], shape = DEFAULT_SHAPE, device = 'cpu'): TorchResult {
  mkdirSync('tmp', { recursive: true });
  const file = `tmp/bench-train-${name.split(' ')[0]}.json`;
  writeFileSync(
    file,
    JSON.stringify({
      config: resolveTabTransformerConfig(config),
      batchSize: shape.batchSize,
      epochs: shape.epochs,
      categorical: rows.slice(0, TRAIN_ROWS).map((r) => r.categorical),
      numeric: rows.slice(0, TRAIN_ROWS).map((r) => r.numeric),
      labels: labels.slice(0, TRAIN_ROWS),
    }),
  );
  const out = execFileSync(python, ['bench/peers/tabtransformer_torch.py', '--rows', file, '--threads', '2', '--device', device], { encoding: 'utf8', maxBuffer: 16 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const ALL_CONFIGS: [string, Partial<TabTransformerConfig>][] = [
  ['quick (d16, 1 layer)', QUICK_RECIPE.config],
  ['full (d32, 2 layers)', FULL_RECIPE.config],
  ['paper (d32, 6 layers)', { ...FULL_RECIPE.config, numLayers: 6 }],
];
const PAPER = ALL_CONFIGS[2];
/** BENCH_CONFIGS=paper (a child of --gpu) measures that model alone. */
const CONFIGS = process.env.BENCH_CONFIGS === 'paper' ? [PAPER] : ALL_CONFIGS;

/** The real rows, encoded as training sees them, with their labels (DATA_CSV_PATH, else the repository's copy). */
function loadRealRows(): { rows: EncodedRow[]; labels: number[] } {
  const real = parseCreditCsv(readFileSync(process.env.DATA_CSV_PATH ?? 'data/credit-default-taiwan.csv', 'utf8'));
  return { rows: preprocessBatch(real, fitPreprocessing(real)), labels: real.map((r) => r[LABEL_COLUMN]) };
}

/** One backend's figures, in its own process (tfjs keeps one backend per process): a JSON line. */
async function measureBackend(): Promise<void> {
  let chosen = '';
  const backend = await selectBackend(undefined, (line) => {
    chosen = line.replace(/^tfjs backend: /, '').replace(/ \((forced by TF_BACKEND|skipped .*)\)$/, '');
    console.error(line);
  });
  const { rows, labels } = loadRealRows();
  // Data-parallel training: this thread and threads - 1 workers each take a share of every batch.
  const threads = Number(process.env.BENCH_TRAIN_THREADS ?? 1);
  const kernel = parseKernelChoice(process.env.BENCH_KERNEL ?? 'tfjs');
  const workers = threads > 1 ? await GradientWorkerPool.start(threads, __filename) : undefined;
  const results: Result[] = [];
  const shape = { batchSize: Number(process.env.BENCH_BATCH ?? DEFAULT_SHAPE.batchSize), epochs: Number(process.env.BENCH_EPOCHS ?? DEFAULT_SHAPE.epochs) };
  for (const [name, config] of CONFIGS) results.push(await measure(name, config, rows, labels, kernel, shape, workers));
  await workers?.close();
  const label = kernel === 'fused' ? 'fused kernel' : `tfjs ops on ${chosen || backend}`;
  console.log(JSON.stringify({ backend: `${label}, ${threads} thread${threads > 1 ? 's' : ''}`, results }));
}

/** One variant's figures, measured in its own process (tfjs keeps one backend per process). */
function runVariant(backend: string, kernel: string, threads: number, extraEnv: Record<string, string> = {}): { backend: string; results: Result[] } {
  console.error(`[bench:train] ${kernel === 'fused' ? 'fused kernel' : `tfjs ops on ${backend}`}, ${threads} thread(s)`);
  const out = execFileSync(process.execPath, [__filename], {
    encoding: 'utf8',
    env: { ...process.env, ...extraEnv, BENCH_TRAIN_BACKEND: backend, BENCH_KERNEL: kernel, BENCH_TRAIN_THREADS: String(threads), TF_BACKEND: backend },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() as string);
}


/** Why a child failed, in one line (its last line of output, usually the error's message). */
function failureOf(e: unknown): string {
  return String((e as Error).message).split('\n').filter(Boolean).slice(-1)[0]?.slice(0, 200) ?? 'failed';
}

/**
 * Every variant once for the table (tfjs ops on each backend that loads, on one thread and wasm on two;
 * the fused kernel on one thread and two), then the head-to-head with PyTorch: ROUNDS rounds of the
 * fused kernel on two threads and the PyTorch peer back to back, so that both meet the same machine
 * (a shared VM whose speed drifts between minutes), with the median ratio and its range.
 */
async function main(): Promise<void> {
  if (process.env.BENCH_TRAIN_BACKEND) return measureBackend();
  if (process.argv.includes('--gpu')) return gpuMain();
  // The optional backends where they load: native:setup builds tfjs-node(-gpu), webgpu:setup adds WebGPU
  // (forced by name, so on a machine without a GPU it runs on a software adapter if there is one: a
  // correctness check, not a speed to compare).
  const optional: [string, string[]][] = [['tfjs-node', ['@tensorflow/tfjs-node']], ['tfjs-node-gpu', ['@tensorflow/tfjs-node-gpu']], ['webgpu', ['webgpu', '@tensorflow/tfjs-backend-webgpu']]];
  const backends = ['wasm', ...optional.filter(([, modules]) => modules.every(canLoad)).map(([b]) => b)];
  const variants = [
    ...backends.map((backend) => ({ backend, kernel: 'tfjs', threads: 1 })),
    { backend: 'wasm', kernel: 'tfjs', threads: 2 },
    { backend: 'wasm', kernel: 'fused', threads: 1 },
    { backend: 'wasm', kernel: 'fused', threads: 2 },
  ];
  // An optional backend that loads but cannot start (WebGPU without an adapter that Dawn accepts) is
  // reported, not fatal: the other variants still run.
  const runs: { backend: string; results: Result[] }[] = [];
  for (const { backend, kernel, threads } of variants) {
    try {
      runs.push(runVariant(backend, kernel, threads));
    } catch (e) {
      console.log(`(${kernel === 'fused' ? 'fused kernel' : `tfjs ops on ${backend}`} not measured: ${failureOf(e)})`);
    }
  }
  if (!backends.includes('tfjs-node')) console.log('(tfjs-node not measured: @tensorflow/tfjs-node does not load here; `npm run native:setup` builds it)');
  if (!backends.includes('webgpu')) console.log('(WebGPU not measured: `npm run webgpu:setup` adds it)');
  console.log('\n| model | implementation | train rows/s | predict rows/s (4,096) | 1-row p50 ms | 1-row p99 ms |\n|---|---|---|---|---|---|');
  for (const [k, [name]] of CONFIGS.entries()) {
    for (const run of runs) {
      const r = run.results[k];
      console.log(`| ${name} | ${run.backend} | ${r.trainRowsPerSecond.toFixed(0)} | ${r.predictBatchRowsPerSecond.toFixed(0)} | ${r.singleP50Ms.toFixed(2)} | ${r.singleP99Ms.toFixed(2)} |`);
    }
  }

  const python = process.env.TORCH_PYTHON;
  if (!python) {
    console.log('\n(PyTorch not measured: TORCH_PYTHON is not set)');
    return;
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const { rows, labels } = loadRealRows();
  const ours: Result[][] = [];
  const theirs: TorchResult[][] = [];
  for (let round = 1; round <= rounds; round++) {
    ours.push(runVariant('wasm', 'fused', 2).results);
    console.error(`[bench:train] PyTorch CPU, 2 threads (round ${round} of ${rounds})`);
    theirs.push(CONFIGS.map(([name, config]) => torchPeer(python, name, config, rows, labels)));
  }
  console.log(`\nfused kernel on 2 threads against PyTorch on CPU, 2 threads (same rows, architecture, batch 256, 2 epochs), ${rounds} rounds back to back; target ≥ 1.0× in training`);
  console.log('\n| model | fused train rows/s | PyTorch train rows/s | train ratio, median (range) | fused predict rows/s | PyTorch predict rows/s | predict ratio, median (range) |\n|---|---|---|---|---|---|---|');
  for (const [k, [name]] of CONFIGS.entries()) {
    const train = ours.map((r, i) => r[k].trainRowsPerSecond / theirs[i][k].trainRowsPerSecond);
    const predict = ours.map((r, i) => r[k].predictBatchRowsPerSecond / theirs[i][k].predictBatchRowsPerSecond);
    console.log(
      `| ${name} | ${median(ours.map((r) => r[k].trainRowsPerSecond)).toFixed(0)} | ${median(theirs.map((t) => t[k].trainRowsPerSecond)).toFixed(0)} | **${median(train).toFixed(2)}×** (${range(train)}) | ` +
        `${median(ours.map((r) => r[k].predictBatchRowsPerSecond)).toFixed(0)} | ${median(theirs.map((t) => t[k].predictBatchRowsPerSecond)).toFixed(0)} | ${median(predict).toFixed(2)}× (${range(predict)}) |`,
    );
  }
}

/**
 * Issue 10 §3 on a GPU machine: the paper model (d 32, 6 layers) at the issue's batch sizes. tfjs ops on
 * each GPU backend (forced by name, so a backend that does not load says why instead of falling back),
 * the fused kernel on this machine's CPU at 2 threads and at every core (the CPU path), and PyTorch on
 * the same GPU. Targets: ≥ 10× the CPU path, ≥ PyTorch on the GPU. BENCH_GPU_BATCHES, BENCH_GPU_BACKENDS
 * and TORCH_DEVICE override the defaults; BENCH_OUT names a file for the JSON of every figure.
 */
async function gpuMain(): Promise<void> {
  const batches = (process.env.BENCH_GPU_BATCHES ?? '256,2048,8192').split(',').map(Number);
  const gpuBackends = (process.env.BENCH_GPU_BACKENDS ?? 'tfjs-node-gpu,webgpu').split(',');
  const threads = [...new Set([2, cpus().length])];
  const python = process.env.TORCH_PYTHON;
  const device = process.env.TORCH_DEVICE ?? 'cuda';
  const { rows, labels } = loadRealRows();
  const [name, config] = PAPER;
  const figures: { batch: number; implementation: string; trainRowsPerSecond?: number; predictBatchRowsPerSecond?: number; failed?: string }[] = [];
  for (const batch of batches) {
    const shape = shapeFor(batch);
    const env = { BENCH_CONFIGS: 'paper', BENCH_BATCH: String(shape.batchSize), BENCH_EPOCHS: String(shape.epochs) };
    const attempt = (implementation: string, run: () => { trainRowsPerSecond: number; predictBatchRowsPerSecond: number }) => {
      try {
        const r = run();
        figures.push({ batch, implementation, trainRowsPerSecond: r.trainRowsPerSecond, predictBatchRowsPerSecond: r.predictBatchRowsPerSecond });
      } catch (e) {
        figures.push({ batch, implementation, failed: failureOf(e) });
      }
    };
    for (const backend of gpuBackends) attempt(`tfjs ops on ${backend}`, () => runVariant(backend, 'tfjs', 1, env).results[0]);
    for (const t of threads) attempt(`fused kernel, CPU, ${t} threads`, () => runVariant('wasm', 'fused', t, env).results[0]);
    if (python) attempt(`PyTorch on ${device}`, () => torchPeer(python, name, config, rows, labels, shape, device));
  }
  console.log(`\n${name}, ${TRAIN_ROWS} real rows, epochs for at least ten steps; ${cpus().length} CPU cores`);
  console.log('\n| batch | implementation | train rows/s | predict rows/s (4,096) |\n|---|---|---|---|');
  for (const f of figures) console.log(`| ${f.batch} | ${f.implementation} | ${f.failed ? `not measured: ${f.failed}` : f.trainRowsPerSecond?.toFixed(0)} | ${f.predictBatchRowsPerSecond?.toFixed(0) ?? ''} |`);
  console.log('\ntraining ratios (targets: ≥ 10× the CPU path, ≥ 1.0× PyTorch on the same GPU)');
  for (const batch of batches) {
    const at = figures.filter((f) => f.batch === batch && f.trainRowsPerSecond);
    const cpu = Math.max(...at.filter((f) => f.implementation.startsWith('fused')).map((f) => f.trainRowsPerSecond as number));
    const torch = at.find((f) => f.implementation.startsWith('PyTorch'))?.trainRowsPerSecond;
    for (const gpu of at.filter((f) => f.implementation.startsWith('tfjs ops'))) {
      const rps = gpu.trainRowsPerSecond as number;
      console.log(`batch ${batch}, ${gpu.implementation}: ${(rps / cpu).toFixed(2)}× the best CPU path${torch ? `, ${(rps / torch).toFixed(2)}× PyTorch` : ''}`);
    }
  }
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify({ model: name, cpus: cpus().length, figures }, null, 2));
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
