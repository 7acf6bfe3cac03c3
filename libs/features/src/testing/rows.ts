import { createRng } from '@loan/stats';
// Test helpers: a plausible complete row to vary field by field, and a tiny hand-checkable reference.
import { CompleteRow } from '../columns';

/** The first row of the real data (ID 1). */
export function sampleRow(overrides: Partial<Record<keyof CompleteRow, number>> = {}): CompleteRow {
  return {
    LIMIT_BAL: 20000,
    SEX: 2,
    EDUCATION: 2,
    MARRIAGE: 1,
    AGE: 24,
    PAY_0: 2,
    PAY_2: 2,
    PAY_3: -1,
    PAY_4: -1,
    PAY_5: -2,
    PAY_6: -2,
    BILL_AMT1: 3913,
    BILL_AMT2: 3102,
    BILL_AMT3: 689,
    BILL_AMT4: 0,
    BILL_AMT5: 0,
    BILL_AMT6: 0,
    PAY_AMT1: 0,
    PAY_AMT2: 689,
    PAY_AMT3: 0,
    PAY_AMT4: 0,
    PAY_AMT5: 0,
    PAY_AMT6: 0,
    default_payment_next_month: 1,
    ...overrides,
  } as CompleteRow;
}

/** A deterministic uniform stream (the project's one seeded generator, @loan/stats) so shuffled or sampled tests are reproducible. */
export function seededRandom(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}
