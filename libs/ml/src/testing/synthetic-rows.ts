// Test helper: small synthetic data sets in the real schema's shape (9 categorical columns with
// the real vocab sizes, 14 numeric), cheap to make and with known structure.
import { CATEGORY_VOCAB_SIZES, EncodedRow, NUMERIC_COLUMNS } from '@loan/features';
import { Prng } from '../prng';
import { TabTransformerConfig } from '../tab-transformer-config';

export interface SyntheticData {
  rows: EncodedRow[];
  labels: number[];
}

/**
 * Rows whose repayment-status columns (3..8) mostly agree with each other, like the real PAY_x,
 * so replaced-token detection has something to learn. Label (~35% positive) is a clean function of
 * the inputs: PAY_0's id >= 8, or the first numeric feature > 1.5 — separable by the model.
 */
export function makeSyntheticRows(n: number, seed: number): SyntheticData {
  const rng = new Prng(seed);
  const rows: EncodedRow[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const base = rng.nextInt(CATEGORY_VOCAB_SIZES[3]);
    const categorical = CATEGORY_VOCAB_SIZES.map((size, j) => {
      if (j < 3) return rng.nextInt(size);
      if (j === 3) return base;
      return rng.next() < 0.8 ? base : rng.nextInt(size);
    });
    const numeric = NUMERIC_COLUMNS.map(() => rng.normal());
    rows.push({ categorical, numeric });
    labels.push(categorical[3] >= 8 || numeric[0] > 1.5 ? 1 : 0);
  }
  return { rows, labels };
}

/** A tiny architecture for fast unit tests. */
export const TINY_CONFIG: Partial<TabTransformerConfig> = {
  dModel: 8,
  numLayers: 1,
  numHeads: 2,
  ffMultiplier: 2,
  headHidden: [16],
  attentionDropout: 0,
  ffDropout: 0,
  headDropout: 0,
};
