// EncodedRow[] → flat typed arrays, once. Batches are then cheap copies of index ranges, and the
// model never walks JS objects in its hot loop.
import type { EncodedRow } from '@loan/features';

export interface EncodedMatrix {
  size: number;
  numCategorical: number;
  numNumeric: number;
  /** Row-major [size, numCategorical] category ids. */
  categorical: Int32Array;
  /** Row-major [size, numNumeric] standardised values. */
  numeric: Float32Array;
}

/**
 * Packs rows into an EncodedMatrix. Shapes must match the model; non-finite numerics become 0 (the
 * standardised mean) and ids outside [0, vocab) become 0 (unknown) so a bad row cannot crash
 * inference — preprocessing is expected to have validated them already.
 */
export function toEncodedMatrix(rows: readonly EncodedRow[], vocabSizes: readonly number[], numNumeric: number): EncodedMatrix {
  const numCategorical = vocabSizes.length;
  const categorical = new Int32Array(rows.length * numCategorical);
  const numeric = new Float32Array(rows.length * numNumeric);
  rows.forEach((row, r) => {
    if (row.categorical.length !== numCategorical || row.numeric.length !== numNumeric) {
      throw new Error(
        `row ${r}: expected ${numCategorical} categorical and ${numNumeric} numeric values, got ` +
          `${row.categorical.length} and ${row.numeric.length}`,
      );
    }
    for (let c = 0; c < numCategorical; c++) {
      const id = row.categorical[c];
      categorical[r * numCategorical + c] = Number.isInteger(id) && id >= 0 && id < vocabSizes[c] ? id : 0;
    }
    for (let j = 0; j < numNumeric; j++) {
      const v = row.numeric[j];
      numeric[r * numNumeric + j] = Number.isFinite(v) ? v : 0;
    }
  });
  return { size: rows.length, numCategorical, numNumeric, categorical, numeric };
}

/** The rows at `indices[start..end)` as a new matrix. */
export function takeRows(m: EncodedMatrix, indices: ArrayLike<number>, start = 0, end = indices.length): EncodedMatrix {
  const n = end - start;
  const categorical = new Int32Array(n * m.numCategorical);
  const numeric = new Float32Array(n * m.numNumeric);
  for (let i = 0; i < n; i++) {
    const r = indices[start + i];
    categorical.set(m.categorical.subarray(r * m.numCategorical, (r + 1) * m.numCategorical), i * m.numCategorical);
    numeric.set(m.numeric.subarray(r * m.numNumeric, (r + 1) * m.numNumeric), i * m.numNumeric);
  }
  return { size: n, numCategorical: m.numCategorical, numNumeric: m.numNumeric, categorical, numeric };
}

/** Contiguous rows [start, end) without copying. */
export function sliceRows(m: EncodedMatrix, start: number, end: number): EncodedMatrix {
  return {
    size: end - start,
    numCategorical: m.numCategorical,
    numNumeric: m.numNumeric,
    categorical: m.categorical.subarray(start * m.numCategorical, end * m.numCategorical),
    numeric: m.numeric.subarray(start * m.numNumeric, end * m.numNumeric),
  };
}
