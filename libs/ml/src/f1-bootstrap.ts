// Paired bootstrap of an F1 difference: two decision rules (model + threshold) on the same labelled rows,
// resampled together so the strong correlation between them (same rows, often the same scores) is kept.
// F1 has no simple closed-form variance, and a threshold change leaves the AUC (and DeLong) unchanged,
// so this is how the recalibration rung is judged.
import { confusionMatrix, f1Of, type Labels, type Scores } from './metrics';
import { Prng } from './prng';

export interface PairedF1Bootstrap {
  /** F1(a) − F1(b) on the rows as given. */
  difference: number;
  f1A: number;
  f1B: number;
  /** One-sided (1 − alpha) lower bound of the difference: the alpha quantile of the resampled differences. */
  lower: number;
  /** The (1 − alpha) quantile, for symmetry in reports. */
  upper: number;
  /** Standard deviation of the resampled differences. */
  se: number;
  resamples: number;
  alpha: number;
}

export interface PairedF1BootstrapOptions {
  resamples?: number;
  seed?: number;
  alpha?: number;
}

/** F1 of rule a (probsA ≥ thresholdA) minus rule b on the same rows, with a seeded paired percentile bootstrap. */
export function pairedF1Bootstrap(
  labels: Labels,
  a: { probs: Scores; threshold: number },
  b: { probs: Scores; threshold: number },
  options: PairedF1BootstrapOptions = {},
): PairedF1Bootstrap {
  const resamples = options.resamples ?? 1000;
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`alpha must be in (0, 0.5), got ${alpha}`);
  if (!(resamples >= 10)) throw new RangeError(`resamples must be at least 10, got ${resamples}`);
  const n = labels.length;
  if (a.probs.length !== n || b.probs.length !== n) throw new RangeError(`labels (${n}) and scores (${a.probs.length}, ${b.probs.length}) differ in length`);
  if (n === 0) throw new RangeError('no rows to bootstrap');
  // Per row: bit 0 = label, bit 1 = a predicts positive, bit 2 = b predicts positive.
  const code = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    code[i] = (labels[i] === 1 ? 1 : 0) | (a.probs[i] >= a.threshold ? 2 : 0) | (b.probs[i] >= b.threshold ? 4 : 0);
  }
  const f1A = f1Of(confusionMatrix(labels, a.probs, a.threshold));
  const f1B = f1Of(confusionMatrix(labels, b.probs, b.threshold));
  const rng = new Prng(options.seed ?? 1);
  const diffs = new Float64Array(resamples);
  const counts = new Int32Array(8);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[code[rng.nextInt(n)]]++;
    diffs[r] = f1FromCounts(counts, 2) - f1FromCounts(counts, 4);
  }
  diffs.sort();
  let mean = 0;
  for (const d of diffs) mean += d / resamples;
  let sq = 0;
  for (const d of diffs) sq += (d - mean) ** 2;
  return {
    difference: f1A - f1B,
    f1A,
    f1B,
    lower: quantile(diffs, alpha),
    upper: quantile(diffs, 1 - alpha),
    se: Math.sqrt(sq / (resamples - 1)),
    resamples,
    alpha,
  };
}

/** F1 of the rule whose prediction is bit `bit` of each code, from counts of the 8 codes. */
function f1FromCounts(counts: Int32Array, bit: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let c = 0; c < 8; c++) {
    const positive = (c & 1) === 1;
    const predicted = (c & bit) !== 0;
    if (positive && predicted) tp += counts[c];
    else if (predicted) fp += counts[c];
    else if (positive) fn += counts[c];
  }
  const den = 2 * tp + fp + fn;
  return den === 0 ? 0 : (2 * tp) / den;
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
