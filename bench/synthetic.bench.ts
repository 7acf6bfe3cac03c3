// Synthetic-data bench. Default: sampling speed of our generator against SDV's GaussianCopulaSynthesizer
// on the same real rows (Python: bench/synthetic.bench.sdv.py, in a venv under tmp/venv-bench that the
// script creates with pip on first run; BENCH_VENV overrides the path, BENCH_ROWS the row count).
// `--fidelity`: label-structure fidelity (TRTS/TSTR/detection) of the legacy joint copula and the
// class-conditional model side by side, both fitted on a seeded 70% of the real rows, and the concept
// scenarios' effect on a no-drift-trained logistic baseline.
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CompleteRow, parseCreditCsv } from '@loan/features';
import {
  createRng,
  defaultFeatureEncoder,
  type DistributionModel,
  fitClassConditionalCopula,
  fitCopula,
  fitLogistic,
  labelFidelity,
  predictLogistic,
  sampleDistribution,
  sampleScenario,
  type Scenario,
  splitRows,
} from '@loan/synthetic';
import { aucWithError } from '@loan/stats';

const root = resolve(__dirname, '../../..');
const dataPath = resolve(root, 'data/credit-default-taiwan.csv');
const real = parseCreditCsv(readFileSync(dataPath, 'utf8'));
const f3 = (x: number) => x.toFixed(3);
const auc = (a: { auc: number; se: number }) => `${f3(a.auc)} ± ${f3(a.se)}`;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}

function fidelity(): void {
  const { train, holdout } = splitRows(real, 0.3, 'bench-synthetic');
  const models: [string, DistributionModel][] = [
    ['joint copula (legacy)', timed(() => fitCopula(train)).value],
    ['class-conditional copula', timed(() => fitClassConditionalCopula(train)).value],
  ];
  for (const [name, model] of models) {
    const sample = sampleDistribution(model, train.length, createRng('bench-fidelity'));
    const r = labelFidelity(train, holdout, sample);
    console.log(
      `${name}: TRTS real ${auc(r.trts.reference)} synthetic ${auc(r.trts.compared)} gap ${f3(r.trts.gap)} ± ${f3(r.trts.gapSe)} | ` +
        `TSTR ${auc(r.tstr.compared)} gap ${f3(r.tstr.gap)} ± ${f3(r.tstr.gapSe)} | detection ${auc(r.detection)}`,
    );
  }
  // Concept shifts: a baseline trained on no-drift synthetic rows, scored on a no-drift day and on a
  // severity-1 day of each scenario, against a model refitted on (other rows of) that day's distribution.
  const model = models[1][1];
  const calm = sampleDistribution(model, 20_000, createRng('bench-calm-train'));
  const encoder = defaultFeatureEncoder(calm);
  const fitOn = (rows: CompleteRow[]) => fitLogistic(encoder.encode(rows), Float64Array.from(rows, (r) => r.default_payment_next_month));
  const score = (m: ReturnType<typeof fitOn>, rows: CompleteRow[]) =>
    aucWithError(Float64Array.from(rows, (r) => r.default_payment_next_month), predictLogistic(m, encoder.encode(rows)));
  const baseline = fitOn(calm);
  const scenarios: Scenario[] = [
    { name: 'none' },
    { name: 'recession' },
    { name: 'credit_expansion' },
    { name: 'recession_concept' },
    { name: 'recession_concept', severity: 0.5 },
    { name: 'new_segment' },
    { name: 'new_segment', severity: 0.5 },
  ];
  for (const scenario of scenarios) {
    const day = sampleScenario(model, 5_000, scenario, createRng(`bench-day|${JSON.stringify(scenario)}`));
    const refit = fitOn(sampleScenario(model, 20_000, scenario, createRng(`bench-refit|${JSON.stringify(scenario)}`)));
    const rate = day.reduce((s, r) => s + r.default_payment_next_month, 0) / day.length;
    console.log(
      `${JSON.stringify(scenario)}: default rate ${f3(rate)}; calm-trained AUC ${auc(score(baseline, day))}; refitted AUC ${auc(score(refit, day))}`,
    );
  }
}

function speed(): void {
  const n = Number(process.env.BENCH_ROWS ?? 50_000);
  const model = fitClassConditionalCopula(real);
  sampleDistribution(model, 2_000, createRng('warm-up'));
  const ours = timed(() => sampleDistribution(model, n, createRng('bench-speed')));
  const oursRate = n / (ours.ms / 1000);
  console.log(`ours (class-conditional copula): ${n} rows in ${ours.ms.toFixed(0)} ms = ${oursRate.toFixed(0)} rows/s`);
  const venv = resolve(root, process.env.BENCH_VENV ?? 'tmp/venv-bench');
  const python = resolve(venv, 'bin/python');
  if (!existsSync(python)) {
    console.log(`setting up ${venv} with sdv (pip)…`);
    execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'pip', 'install', '--quiet', 'sdv'], { stdio: 'inherit' });
  }
  const out = execFileSync(python, [resolve(root, 'bench/synthetic.bench.sdv.py'), dataPath, String(n)], { encoding: 'utf8' });
  const sdv = JSON.parse(out.trim().split('\n').pop() as string) as { rows: number; sampleSeconds: number; fitSeconds: number };
  const sdvRate = sdv.rows / sdv.sampleSeconds;
  console.log(`SDV GaussianCopulaSynthesizer: fit ${sdv.fitSeconds.toFixed(1)} s; ${sdv.rows} rows in ${(sdv.sampleSeconds * 1000).toFixed(0)} ms = ${sdvRate.toFixed(0)} rows/s`);
  console.log(`ratio (ours / SDV): ${(oursRate / sdvRate).toFixed(1)}×`);
}

if (parseArgs({ options: { fidelity: { type: 'boolean', default: false } } }).values.fidelity) fidelity();
else speed();
