// Drift thresholds calibrated for the batch size. A fixed threshold (W1 ≥ 0.1 std, JS ≥ 0.1) means one
// thing at 3,000 rows and another at 300: the sampling noise of either distance falls like 1/√n. Here
// each feature's threshold is the (1 − alpha) quantile of its statistic under NO drift, from batches of
// size n drawn from the reference distribution kept in the fit (a parametric bootstrap: numeric values
// through the reference quantile function within the fences, codes by the reference shares), on a grid of sizes and
// interpolated linearly in (log n, log threshold). It is recomputed deterministically from the fit and
// a seeded stream, and never stored in it, so the fit's fingerprint does not change.
import { CATEGORICAL_COLUMNS, CategoricalColumn, FEATURE_COLUMNS, FeatureColumn, NUMERIC_COLUMNS, NumericColumn } from './columns';
import { categoricalDriftStatistic, numericDriftStatistic, referenceWithinFences } from './drift-statistics';
import { PreprocessingFit } from './preprocessing-fit';
import { quantileSorted } from './statistics';

// Bound once: global lookups such as Math.* are slow in hot loops inside jest's vm sandbox.
const { floor, log } = Math;

// Days hold 800–1,300 rows; beyond 1,600 the end slope (measured ≈ −½) carries the threshold on.
export const DRIFT_CALIBRATION_SIZES: readonly number[] = [100, 200, 400, 800, 1600];

export interface DriftCalibrationOptions {
  /** Per-feature false-positive rate under no drift. */
  alpha: number;
  /** No-drift batches drawn per size. */
  resamples: number;
  sizes: readonly number[];
}

export const DEFAULT_DRIFT_CALIBRATION: DriftCalibrationOptions = { alpha: 0.01, resamples: 2000, sizes: DRIFT_CALIBRATION_SIZES };

export interface DriftCalibration {
  referenceFingerprint: string;
  alpha: number;
  resamples: number;
  sizes: number[];
  /** Per feature, the (1 − alpha) no-drift quantile of its statistic at each size. */
  thresholds: Record<FeatureColumn, number[]>;
}

/**
 * n sorted uniforms in O(n), without sorting: normalised partial sums of n + 1 exponential spacings
 * have the joint law of the order statistics of n uniforms.
 */
function sortedUniforms(n: number, random: () => number, out: Float64Array): void {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s -= log(1 - random());
    out[i] = s;
  }
  s -= log(1 - random());
  for (let i = 0; i < n; i++) out[i] /= s;
}

/** First index in sorted[0, n) whose value is ≥ x. */
function lowerBound(sorted: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The no-drift null of every feature's statistic at each size. `random` is a seeded uniform stream
 * (the caller's PRNG: the processor seeds it from the fit's fingerprint). One batch of uniforms per
 * resample serves every feature: the thresholds are per feature, so only each marginal must be right.
 */
export function calibrateDrift(fit: PreprocessingFit, random: () => number, options: Partial<DriftCalibrationOptions> = {}): DriftCalibration {
  const o: DriftCalibrationOptions = { ...DEFAULT_DRIFT_CALIBRATION, ...options };
  if (!(o.alpha > 0 && o.alpha < 0.5)) throw new RangeError('calibrateDrift: alpha must be in (0, 0.5)');
  if (!Number.isInteger(o.resamples) || o.resamples * o.alpha < 5) throw new RangeError('calibrateDrift: resamples · alpha must be ≥ 5');
  const sizes = [...o.sizes].sort((a, b) => a - b);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new RangeError('calibrateDrift: ≥ 2 integer sizes ≥ 2');

  const m = fit.options.sketchSize;
  const thresholds = Object.fromEntries(FEATURE_COLUMNS.map((c) => [c, [] as number[]])) as Record<FeatureColumn, number[]>;
  const u = new Float64Array(sizes[sizes.length - 1]);
  const sketch = new Array<number>(m);
  const conditioned = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, referenceWithinFences(fit, c)])) as Record<NumericColumn, number[]>;
  const cumulative = Object.fromEntries(
    CATEGORICAL_COLUMNS.map((c) => {
      let acc = 0;
      return [c, fit.categorical[c].frequencies.map((f) => (acc += f))];
    }),
  ) as Record<CategoricalColumn, number[]>;

  for (const n of sizes) {
    const draws = Object.fromEntries(FEATURE_COLUMNS.map((c) => [c, new Float64Array(o.resamples)])) as Record<FeatureColumn, Float64Array>;
    for (let b = 0; b < o.resamples; b++) {
      sortedUniforms(n, random, u);
      for (const c of NUMERIC_COLUMNS) {
        nullSketch(conditioned[c], u, n, sketch);
        draws[c][b] = numericDriftStatistic(fit, c, sketch, conditioned[c]);
      }
      for (const c of CATEGORICAL_COLUMNS) {
        const cum = cumulative[c];
        const counts = new Array<number>(cum.length + 1).fill(0); // + the unknown-code bucket, never drawn
        let below = 0;
        for (let k = 0; k < cum.length; k++) {
          const upTo = k === cum.length - 1 ? n : lowerBound(u, n, cum[k]);
          counts[k] = upTo - below;
          below = upTo;
        }
        draws[c][b] = categoricalDriftStatistic(fit, c, counts);
      }
    }
    for (const c of FEATURE_COLUMNS) {
      const sorted = Array.from(draws[c]).sort((a, b) => a - b);
      thresholds[c].push(quantileSorted(sorted, 1 - o.alpha));
    }
  }
  return { referenceFingerprint: fit.fingerprint, alpha: o.alpha, resamples: o.resamples, sizes, thresholds };
}

/**
 * One no-drift batch's sketch, read off the sorted uniforms through the (fence-conditioned) reference
 * quantile function Q: Q is increasing, so Q(u_(i)) are the batch's order statistics, and the sketch
 * takes the same linear-interpolation quantiles of them as quantileSorted does.
 */
function nullSketch(q: readonly number[], u: Float64Array, n: number, sketch: number[]): void {
  const m = q.length;
  const Q = (p: number): number => {
    const h = p * (m - 1);
    const lo = floor(h);
    return lo >= m - 1 ? q[m - 1] : q[lo] + (q[lo + 1] - q[lo]) * (h - lo);
  };
  for (let k = 0; k < m; k++) {
    const h = ((n - 1) * k) / (m - 1);
    const lo = floor(h);
    const hi = lo + 1 < n ? lo + 1 : n - 1;
    const a = Q(u[lo]);
    sketch[k] = a + (Q(u[hi]) - a) * (h - lo);
  }
}

/**
 * A feature's threshold at batch size n: linear in (log n, log threshold) between grid sizes; outside
 * the grid, the end segment's slope carried on (the statistics fall like 1/√n, so the slope is ≈ −½).
 */
export function driftThresholdAt(calibration: DriftCalibration, column: FeatureColumn, n: number): number {
  if (!(n >= 1)) throw new RangeError('driftThresholdAt: n must be ≥ 1');
  const { sizes } = calibration;
  const t = calibration.thresholds[column];
  let i = 0;
  while (i < sizes.length - 2 && n > sizes[i + 1]) i++;
  const x0 = Math.log(sizes[i]);
  const x1 = Math.log(sizes[i + 1]);
  // A threshold of 0 (a feature with one code) stays 0: log would be −∞.
  if (!(t[i] > 0 && t[i + 1] > 0)) return Math.max(t[i], t[i + 1]);
  const y0 = Math.log(t[i]);
  const y1 = Math.log(t[i + 1]);
  return Math.exp(y0 + ((y1 - y0) * (Math.log(n) - x0)) / (x1 - x0));
}

/** P(X ≥ k) for X ~ Binomial(m, p), summed over the tail itself (no 1 − (1 − tiny) cancellation). */
export function binomialUpperTail(k: number, m: number, p: number): number {
  if (k <= 0) return 1;
  if (k > m) return 0;
  let term = Math.pow(1 - p, m); // P(X = 0)
  let tail = 0;
  for (let j = 0; j <= m; j++) {
    if (j >= k) tail += term;
    term *= ((m - j) / (j + 1)) * (p / (1 - p));
  }
  return Math.min(1, tail);
}
