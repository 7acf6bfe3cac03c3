// Clips numeric values at the fit's fences. The fences were fitted on the column's own scale (signed log1p
// for money, raw for AGE), so the clipping happens on that scale too and the result is mapped back to raw
// units: a capped bill is sign·expm1(fence), not a fence computed in dollars.
import { NUMERIC_COLUMNS, NumericColumn } from './columns';
import { PreprocessingFit } from './preprocessing-fit';
import { fromFitScale, toFitScale } from './value-scale';

/** Whether a raw value lies outside the column's fences (the quality report's outlier count). */
export function isOutlier(column: NumericColumn, value: number, fit: PreprocessingFit): boolean {
  const y = toFitScale(column, value);
  const { lower, upper } = fit.numeric[column].fences;
  return y < lower || y > upper;
}

/** Raw value clipped at the fences (unchanged, bit for bit, when inside them). */
export function capValue(column: NumericColumn, value: number, fit: PreprocessingFit): number {
  const y = toFitScale(column, value);
  const { lower, upper } = fit.numeric[column].fences;
  if (y < lower) return fromFitScale(column, lower);
  if (y > upper) return fromFitScale(column, upper);
  return value;
}

/** Copy of the row with numeric columns capped; nulls and the other fields are left as they are. */
export function capRow<T extends Partial<Record<NumericColumn, number | null>>>(row: T, fit: PreprocessingFit): T {
  const out = { ...row };
  for (const c of NUMERIC_COLUMNS) {
    const v = out[c];
    if (typeof v === 'number') (out as Record<string, unknown>)[c] = capValue(c, v, fit);
  }
  return out;
}
