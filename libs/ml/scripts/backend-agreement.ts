// Does a tfjs backend train the TabTransformer as the plain-JS cpu backend does? Trains the same small
// model (synthetic rows, fixed seeds, no dropout, tfjs ops) once per backend, each in its own process
// (tfjs keeps one backend per process), and prints each run's losses, validation ROC-AUC and the largest
// difference of its validation probabilities (predicted with tfjs ops on that backend) to the cpu run's.
// Probabilities, not weights: parameters without effect (an attention key bias shifts every score of a
// softmax alike) drift on float noise alone, differently on every backend. For a GPU path (webgpu,
// tfjs-node-gpu) on a new machine, or WebGPU on a software adapter where there is no GPU. Exits 1 when a
// backend's probabilities differ by more than 1e-3.
// Run from the repo root (npm run webgpu:setup first for webgpu):
//   node tools/build-app.mjs libs/ml/scripts/backend-agreement.ts tmp/backend-agreement && node tmp/backend-agreement/main.js webgpu [wasm …]
import { execFileSync } from 'node:child_process';
import { selectBackend, trainClassifier } from '../src';
import { makeSyntheticRows, TINY_CONFIG } from '../src/testing/synthetic-rows';

interface Run {
  backend: string;
  losses: number[];
  rocAuc: number;
  probabilities: number[];
}

async function trainHere(): Promise<void> {
  let chosen = '';
  await selectBackend(undefined, (line) => (chosen = line.replace(/^tfjs backend: /, '')));
  const validation = makeSyntheticRows(256, 12);
  const result = await trainClassifier(makeSyntheticRows(640, 11), validation, {
    batchSize: 64,
    learningRate: 3e-3,
    kernel: 'tfjs',
    config: { ...TINY_CONFIG, ffDropout: 0, attentionDropout: 0, residualDropout: 0, headDropout: 0 },
    maxEpochs: 4,
    patience: 4,
    seed: 5,
  });
  const probabilities = Array.from(await result.model.usePredictKernel('tfjs').predictProba(result.model.toMatrix(validation.rows)));
  const run: Run = { backend: chosen, losses: result.history.map((h) => h.loss), rocAuc: result.validation.rocAuc, probabilities };
  console.log(JSON.stringify(run));
  process.exit(0); // a GPU device may keep the event loop alive
}

function runIn(backend: string): Run {
  const out = execFileSync(process.execPath, [__filename], { env: { ...process.env, AGREEMENT_CHILD: '1', TF_BACKEND: backend }, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

const largestDifference = (a: number[], b: number[]): number => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);

function main(): void {
  const backends = process.argv.slice(2);
  if (!backends.length) throw new Error('name the backends to compare with cpu, e.g. webgpu');
  const reference = runIn('cpu');
  console.log(`cpu: losses ${reference.losses.map((l) => l.toFixed(5)).join(' ')}, ROC-AUC ${reference.rocAuc.toFixed(5)}`);
  let failed = false;
  for (const backend of backends) {
    const run = runIn(backend);
    const diff = largestDifference(reference.probabilities, run.probabilities);
    const ok = diff < 1e-3;
    failed ||= !ok;
    console.log(`${run.backend}: losses ${run.losses.map((l) => l.toFixed(5)).join(' ')}, ROC-AUC ${run.rocAuc.toFixed(5)}; validation probabilities within ${diff.toExponential(1)} of cpu's: ${ok ? 'agrees' : 'DISAGREES'}`);
  }
  process.exit(failed ? 1 : 0);
}

if (process.env.AGREEMENT_CHILD) void trainHere();
else main();
