// A complete (imputed, capped) row → the model's input: categorical ids in CATEGORICAL_COLUMNS order and
// standardised numerics in NUMERIC_COLUMNS order (the EncodedRow contract in columns.ts).
import { CATEGORICAL_COLUMNS, EncodedRow, FeatureColumn, NUMERIC_COLUMNS } from './columns';
import { encodeCategory } from './category-encoder';
import { PreprocessingFit } from './preprocessing-fit';
import { scaleValue } from './scaler';

export function encodeRow(row: Record<FeatureColumn, number>, fit: PreprocessingFit): EncodedRow {
  const value = (c: FeatureColumn): number => {
    const v = row[c];
    // A gap here is a pipeline bug (impute first), not data to guess around.
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new TypeError(`encodeRow: ${c} is ${String(v)}; impute first`);
    }
    return v;
  };
  return {
    categorical: CATEGORICAL_COLUMNS.map((c) => encodeCategory(c, value(c))),
    numeric: NUMERIC_COLUMNS.map((c) => scaleValue(c, value(c), fit)),
  };
}
