// Fills missing values with the REFERENCE statistics held in the fit: median for numeric columns (robust
// to the heavy money tails), mode for categorical codes. Never with the batch's own statistics.
import { CATEGORICAL_COLUMNS, FeatureColumn, LoanFeatures, NUMERIC_COLUMNS } from './columns';
import { PreprocessingFit } from './preprocessing-fit';

/** A feature row with every value present. */
export type CompleteFeatures = Record<FeatureColumn, number>;

/** Returns a copy with nulls (or absent values) replaced; other fields (e.g. the label) are kept as they are. */
export function imputeRow<T extends LoanFeatures>(row: T, fit: PreprocessingFit): T & CompleteFeatures {
  const out = { ...row } as Record<string, unknown>;
  for (const c of NUMERIC_COLUMNS) if (out[c] === null || out[c] === undefined) out[c] = fit.numeric[c].median;
  for (const c of CATEGORICAL_COLUMNS) if (out[c] === null || out[c] === undefined) out[c] = fit.categorical[c].mode;
  return out as T & CompleteFeatures;
}
