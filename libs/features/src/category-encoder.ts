// Categorical codes → embedding ids: the code's index in CATEGORY_CODES + 1, with 0 reserved for a code
// the schema does not know, so the model's vocabulary (CATEGORY_VOCAB_SIZES) never changes with the data.
import { CATEGORICAL_COLUMNS, CATEGORY_CODES, CategoricalColumn } from './columns';

const IDS = Object.fromEntries(
  CATEGORICAL_COLUMNS.map((c) => [c, new Map(CATEGORY_CODES[c].map((code, i) => [code, i + 1]))]),
) as Record<CategoricalColumn, Map<number, number>>;

export const UNKNOWN_CATEGORY_ID = 0;

export function encodeCategory(column: CategoricalColumn, code: number): number {
  return IDS[column].get(code) ?? UNKNOWN_CATEGORY_ID;
}

/** Inverse of encodeCategory; null for the unknown id. */
export function decodeCategory(column: CategoricalColumn, id: number): number | null {
  return id >= 1 && id <= CATEGORY_CODES[column].length ? CATEGORY_CODES[column][id - 1] : null;
}
