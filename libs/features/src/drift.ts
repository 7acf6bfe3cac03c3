// Data drift of a day's (imputed) rows against the reference distributions kept in the fit.
// Numeric features: Wasserstein-1 between quantile sketches on the fitted scale (signed log1p for money,
// raw AGE), divided by the reference std on that scale — unitless, "how many reference std the mass moved";
// the std rather than the IQR because a money column's IQR can be dominated by its zero mass. Categorical
// features: Jensen–Shannon distance (base 2). Every feature also gets PSI (numeric: the reference's decile
// bins; categorical: its codes). A feature drifts when its main metric OR its PSI reaches the threshold;
// the dataset drifts when the share of drifted features reaches datasetShare.
import {
  CategoricalColumn,
  FEATURE_COLUMNS,
  FeatureColumn,
  LoanFeatures,
  NUMERIC_COLUMNS,
  NumericColumn,
} from './columns';
import { jensenShannonDistance, populationStabilityIndex, wasserstein1FromQuantiles } from './drift-metrics';
import { PreprocessingFit, binIndex } from './preprocessing-fit';
import { quantileSketch } from './statistics';
import { toFitScale } from './value-scale';

export interface DriftThresholds {
  /** Normalised Wasserstein-1 (reference std units) at or above which a numeric feature drifts. */
  wasserstein: number;
  /** Jensen–Shannon distance at or above which a categorical feature drifts. */
  jensenShannon: number;
  /** PSI at or above which any feature drifts. */
  psi: number;
  /** Share of drifted features at or above which the dataset drifts. */
  datasetShare: number;
  /** Floor for empty PSI bins. */
  psiEpsilon: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = {
  wasserstein: 0.1,
  jensenShannon: 0.1,
  psi: 0.2,
  datasetShare: 0.5,
  psiEpsilon: 1e-4,
};

/** Metrics are null when the column had no non-null value in the batch (then it is not counted). */
export interface NumericFeatureDrift {
  column: NumericColumn;
  kind: 'numeric';
  n: number;
  wasserstein: number | null;
  psi: number | null;
  drifted: boolean;
}

export interface CategoricalFeatureDrift {
  column: CategoricalColumn;
  kind: 'categorical';
  n: number;
  jensenShannon: number | null;
  psi: number | null;
  drifted: boolean;
}

export type FeatureDrift = NumericFeatureDrift | CategoricalFeatureDrift;

export interface DriftReport {
  referenceFingerprint: string;
  rows: number;
  thresholds: DriftThresholds;
  /** In FEATURE_COLUMNS order. */
  features: FeatureDrift[];
  driftedFeatures: FeatureColumn[];
  /** Drifted features / features with data. */
  driftedShare: number;
  datasetDrift: boolean;
}

function numericDrift(
  column: NumericColumn,
  rows: readonly LoanFeatures[],
  fit: PreprocessingFit,
  t: DriftThresholds,
): NumericFeatureDrift {
  const ref = fit.numeric[column].reference;
  const values: number[] = [];
  for (const r of rows) {
    const v = r[column];
    if (v !== null && v !== undefined) values.push(toFitScale(column, v));
  }
  if (values.length === 0) return { column, kind: 'numeric', n: 0, wasserstein: null, psi: null, drifted: false };
  const sketch = quantileSketch(values, ref.quantiles.length);
  const wasserstein = wasserstein1FromQuantiles(ref.quantiles, sketch) / (ref.std > 0 ? ref.std : 1);
  const counts = new Array<number>(ref.binShares.length).fill(0);
  for (const y of values) counts[binIndex(ref.binEdges, y)]++;
  const psi = populationStabilityIndex(ref.binShares, counts, t.psiEpsilon);
  const drifted = wasserstein >= t.wasserstein || psi >= t.psi;
  return { column, kind: 'numeric', n: values.length, wasserstein, psi, drifted };
}

function categoricalDrift(
  column: CategoricalColumn,
  rows: readonly LoanFeatures[],
  fit: PreprocessingFit,
  t: DriftThresholds,
): CategoricalFeatureDrift {
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
  if (n === 0) return { column, kind: 'categorical', n: 0, jensenShannon: null, psi: null, drifted: false };
  const reference = [...frequencies, 0];
  const jensenShannon = jensenShannonDistance(reference, counts);
  const psi = populationStabilityIndex(reference, counts, t.psiEpsilon);
  const drifted = jensenShannon >= t.jensenShannon || psi >= t.psi;
  return { column, kind: 'categorical', n, jensenShannon, psi, drifted };
}

export function computeDriftReport(
  referenceFit: PreprocessingFit,
  currentRows: readonly LoanFeatures[],
  thresholds: Partial<DriftThresholds> = {},
): DriftReport {
  const t: DriftThresholds = { ...DEFAULT_DRIFT_THRESHOLDS, ...thresholds };
  const numeric = new Set<string>(NUMERIC_COLUMNS);
  const features = FEATURE_COLUMNS.map(
    (c): FeatureDrift =>
      numeric.has(c)
        ? numericDrift(c as NumericColumn, currentRows, referenceFit, t)
        : categoricalDrift(c as CategoricalColumn, currentRows, referenceFit, t),
  );
  const evaluated = features.filter((f) => f.n > 0);
  const driftedFeatures = evaluated.filter((f) => f.drifted).map((f) => f.column);
  const driftedShare = evaluated.length ? driftedFeatures.length / evaluated.length : 0;
  return {
    referenceFingerprint: referenceFit.fingerprint,
    rows: currentRows.length,
    thresholds: t,
    features,
    driftedFeatures,
    driftedShare,
    datasetDrift: evaluated.length > 0 && driftedShare >= t.datasetShare,
  };
}
