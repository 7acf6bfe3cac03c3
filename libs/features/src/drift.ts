// Data drift of a day's rows against the reference distributions kept in the fit, with thresholds
// calibrated for the batch size (drift-calibration.ts). Each feature has one statistic (drift-statistics.ts:
// fence-clamped, std-normalised Wasserstein-1 for numeric features, Jensen–Shannon distance for codes),
// computed on the batch's non-null values (gaps are imputed with the median or mode: a point mass that
// is the feed's missingness, reported by the quality report, not a drift) inside the fences for numeric
// features (drift-statistics.ts says why), and is flagged when it exceeds
// its no-drift (1 − alpha) quantile at the feature's n. PSI is reported too, for operators; it does not
// flag. The dataset drifts when the number of flagged features is improbable under no drift:
// P(Binomial(m, alpha) ≥ flagged) < datasetAlpha (m = features with data). Features are correlated (the six
// PAY_* and BILL_AMT* columns move together), which widens the no-drift spread of that count; the spec
// measures the dataset false-alarm rate on reference resamples.
import { CategoricalColumn, FEATURE_COLUMNS, FeatureColumn, LoanFeatures, NUMERIC_COLUMNS, NumericColumn } from './columns';
import { binomialUpperTail, DriftCalibration, driftThresholdAt } from './drift-calibration';
import { DEFAULT_PSI_EPSILON, populationStabilityIndex } from './drift-metrics';
import { categoricalDriftStatistic, DriftStatisticName, numericDriftStatistic, withinFences } from './drift-statistics';
import { PreprocessingFit, binIndex } from './preprocessing-fit';
import { quantileSketch } from './statistics';
import { toFitScale } from './value-scale';

export interface DriftOptions {
  /** The no-drift thresholds for this fit (calibrateDrift), which also fix the per-feature alpha. */
  calibration: DriftCalibration;
  /** The dataset drifts when the binomial tail of the flagged count is below this. */
  datasetAlpha: number;
  /** Floor for empty PSI bins. */
  psiEpsilon: number;
}

export const DEFAULT_DATASET_DRIFT_ALPHA = 0.01;

/** value/threshold are null when the column had no non-null value in the batch (then it is not counted). */
export interface FeatureDrift {
  column: FeatureColumn;
  kind: 'numeric' | 'categorical';
  statistic: DriftStatisticName;
  /** Values tested: non-null, and for numeric features inside the fit's fences (beyond them: outliers). */
  n: number;
  value: number | null;
  /** The statistic's no-drift (1 − alpha) quantile at this n. */
  threshold: number | null;
  flagged: boolean;
  /** Reported for operators; it does not flag. */
  psi: number | null;
}

export interface DriftReport {
  referenceFingerprint: string;
  rows: number;
  /** Per-feature no-drift false-positive rate. */
  featureAlpha: number;
  datasetAlpha: number;
  /** In FEATURE_COLUMNS order. */
  features: FeatureDrift[];
  driftedFeatures: FeatureColumn[];
  /** Flagged features / features with data. */
  driftedShare: number;
  /** P(Binomial(features with data, featureAlpha) ≥ flagged). */
  datasetPValue: number;
  datasetDrift: boolean;
}

function numericDrift(column: NumericColumn, rows: readonly LoanFeatures[], fit: PreprocessingFit, o: DriftOptions): FeatureDrift {
  const ref = fit.numeric[column].reference;
  const all: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    const v = r[column];
    if (v === null || v === undefined) continue;
    const y = toFitScale(column, v);
    all.push(y);
    if (withinFences(fit, column, y)) values.push(y);
  }
  const base = { column, kind: 'numeric' as const, statistic: 'wasserstein' as const, n: values.length };
  if (values.length === 0) return { ...base, value: null, threshold: null, flagged: false, psi: null };
  const value = numericDriftStatistic(fit, column, quantileSketch(values, ref.quantiles.length));
  const counts = new Array<number>(ref.binShares.length).fill(0);
  for (const y of all) counts[binIndex(ref.binEdges, y)]++;
  const threshold = driftThresholdAt(o.calibration, column, values.length);
  return { ...base, value, threshold, flagged: value > threshold, psi: populationStabilityIndex(ref.binShares, counts, o.psiEpsilon) };
}

function categoricalDrift(column: CategoricalColumn, rows: readonly LoanFeatures[], fit: PreprocessingFit, o: DriftOptions): FeatureDrift {
  const { codes, frequencies } = fit.categorical[column];
  // One extra bucket for codes the reference never had (validated rows have none, but be total).
  const counts = new Array<number>(codes.length + 1).fill(0);
  let n = 0;
  for (const r of rows) {
    const v = r[column];
    if (v === null || v === undefined) continue;
    const i = codes.indexOf(v);
    counts[i < 0 ? codes.length : i]++;
    n++;
  }
  const base = { column, kind: 'categorical' as const, statistic: 'jensen_shannon' as const, n };
  if (n === 0) return { ...base, value: null, threshold: null, flagged: false, psi: null };
  const value = categoricalDriftStatistic(fit, column, counts);
  const threshold = driftThresholdAt(o.calibration, column, n);
  return { ...base, value, threshold, flagged: value > threshold, psi: populationStabilityIndex([...frequencies, 0], counts, o.psiEpsilon) };
}

export function computeDriftReport(
  referenceFit: PreprocessingFit,
  currentRows: readonly LoanFeatures[],
  options: Pick<DriftOptions, 'calibration'> & Partial<DriftOptions>,
): DriftReport {
  const o: DriftOptions = { datasetAlpha: DEFAULT_DATASET_DRIFT_ALPHA, psiEpsilon: DEFAULT_PSI_EPSILON, ...options };
  if (o.calibration.referenceFingerprint !== referenceFit.fingerprint) {
    throw new RangeError(`drift calibration is for ${o.calibration.referenceFingerprint}, the fit is ${referenceFit.fingerprint}`);
  }
  const numeric = new Set<string>(NUMERIC_COLUMNS);
  const features = FEATURE_COLUMNS.map((c) =>
    numeric.has(c)
      ? numericDrift(c as NumericColumn, currentRows, referenceFit, o)
      : categoricalDrift(c as CategoricalColumn, currentRows, referenceFit, o),
  );
  const evaluated = features.filter((f) => f.n > 0);
  const driftedFeatures = evaluated.filter((f) => f.flagged).map((f) => f.column);
  const datasetPValue = binomialUpperTail(driftedFeatures.length, evaluated.length, o.calibration.alpha);
  return {
    referenceFingerprint: referenceFit.fingerprint,
    rows: currentRows.length,
    featureAlpha: o.calibration.alpha,
    datasetAlpha: o.datasetAlpha,
    features,
    driftedFeatures,
    driftedShare: evaluated.length ? driftedFeatures.length / evaluated.length : 0,
    datasetPValue,
    datasetDrift: driftedFeatures.length > 0 && datasetPValue < o.datasetAlpha,
  };
}
