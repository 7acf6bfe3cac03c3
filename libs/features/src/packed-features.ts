// A loan application's features packed into bytes, for the prediction log: one document per served
// prediction, where 23 named fields cost the database most of its work per document (FerretDB 3 times
// the CPU of the same documents with the features packed; docs/performance.md) and twice the bytes.
// Layout: one version byte, then each column of FEATURE_COLUMNS as a little-endian float64, NaN for a
// missing value. Exact: every validated value is a finite double, so unpacking gives back the input.
import { FEATURE_COLUMNS, FeatureColumn, LoanFeatures } from './columns';

export const PACKED_FEATURES_VERSION = 1;
export const PACKED_FEATURES_BYTES = 1 + 8 * FEATURE_COLUMNS.length;
const COLUMN_SET: ReadonlySet<string> = new Set(FEATURE_COLUMNS);

/** Packs a row of features (missing or null = NaN). Refuses a column outside the schema: it would be lost. */
export function packFeatures(row: Readonly<Partial<Record<string, number | null>>>): Uint8Array {
  for (const key in row) if (!COLUMN_SET.has(key)) throw new Error(`cannot pack features: "${key}" is not a feature column`);
  const bytes = new Uint8Array(PACKED_FEATURES_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, PACKED_FEATURES_VERSION);
  for (let i = 0; i < FEATURE_COLUMNS.length; i++) {
    const value = row[FEATURE_COLUMNS[i]];
    if (value !== null && value !== undefined && !Number.isFinite(value)) throw new Error(`cannot pack features: ${FEATURE_COLUMNS[i]} is ${value}`);
    view.setFloat64(1 + 8 * i, value ?? NaN, true);
  }
  return bytes;
}

/** The row packFeatures packed: every column, null where it was missing. */
export function unpackFeatures(bytes: Uint8Array): LoanFeatures {
  if (bytes.length !== PACKED_FEATURES_BYTES || bytes[0] !== PACKED_FEATURES_VERSION) {
    throw new Error(`packed features: expected ${PACKED_FEATURES_BYTES} bytes of version ${PACKED_FEATURES_VERSION}, got ${bytes.length} bytes of version ${bytes[0]}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const row = {} as Record<FeatureColumn, number | null>;
  for (let i = 0; i < FEATURE_COLUMNS.length; i++) {
    const value = view.getFloat64(1 + 8 * i, true);
    row[FEATURE_COLUMNS[i]] = Number.isNaN(value) ? null : value;
  }
  return row;
}
