// The whole transform for validated rows: impute → cap → encode, every step with the fit's statistics.
// Rows are independent, so a batch is just the rows one by one (a row encodes the same in any batch).
// preprocessRow fuses the three steps per value (no intermediate row objects, and no round trip through
// raw units after capping); the spec checks it equals encodeRow(capRow(imputeRow(row))).
import { CATEGORICAL_COLUMNS, EncodedRow, LoanFeatures, NUMERIC_COLUMNS } from './columns';
import { encodeCategory } from './category-encoder';
import { PreprocessingFit } from './preprocessing-fit';
import { clamp } from './statistics';
import { toFitScale } from './value-scale';

/** Preprocesses one validated row (see validateRow; nulls allowed, extra fields such as the label ignored). */
export function preprocessRow(row: LoanFeatures, fit: PreprocessingFit): EncodedRow {
  const categorical = new Array<number>(CATEGORICAL_COLUMNS.length);
  for (let j = 0; j < CATEGORICAL_COLUMNS.length; j++) {
    const c = CATEGORICAL_COLUMNS[j];
    categorical[j] = encodeCategory(c, row[c] ?? fit.categorical[c].mode);
  }
  const numeric = new Array<number>(NUMERIC_COLUMNS.length);
  for (let j = 0; j < NUMERIC_COLUMNS.length; j++) {
    const c = NUMERIC_COLUMNS[j];
    const f = fit.numeric[c];
    const raw = row[c] ?? f.median;
    if (!Number.isFinite(raw)) throw new TypeError(`preprocessRow: ${c} is ${raw}; validate rows first`);
    const y = clamp(toFitScale(c, raw), f.fences.lower, f.fences.upper);
    numeric[j] = (y - f.scaler.mean) / (f.scaler.std > 0 ? f.scaler.std : 1);
  }
  return { categorical, numeric };
}

export function preprocessBatch(rows: readonly LoanFeatures[], fit: PreprocessingFit): EncodedRow[] {
  return rows.map((r) => preprocessRow(r, fit));
}
