// The one statistic per feature that the drift check tests (the calibration computes its no-drift null
// with these same functions). Numeric: Wasserstein-1 between quantile sketches on the fitted scale,
// both clamped to the fit's capping fences (a 2% sprinkle of gross outliers is a data-quality matter,
// counted by the quality report, not a shift of the distribution), divided by the reference std.
// Categorical: Jensen–Shannon distance of the code shares (plus a bucket for unknown codes).
import { CategoricalColumn, NumericColumn } from './columns';
import { jensenShannonDistance, wasserstein1FromQuantiles } from './drift-metrics';
import { PreprocessingFit } from './preprocessing-fit';
import { clamp } from './statistics';

export type DriftStatisticName = 'wasserstein' | 'jensen_shannon';

/** Normalised, fence-clamped W1 between the reference sketch and a batch's sketch (same size). */
export function numericDriftStatistic(fit: PreprocessingFit, column: NumericColumn, sketch: readonly number[]): number {
  const { reference, fences } = fit.numeric[column];
  const c = (q: readonly number[]) => q.map((y) => clamp(y, fences.lower, fences.upper));
  return wasserstein1FromQuantiles(c(reference.quantiles), c(sketch)) / (reference.std > 0 ? reference.std : 1);
}

/** JS distance between the reference code shares and a batch's counts (codes order, then unknown codes). */
export function categoricalDriftStatistic(fit: PreprocessingFit, column: CategoricalColumn, counts: readonly number[]): number {
  return jensenShannonDistance([...fit.categorical[column].frequencies, 0], counts);
}
