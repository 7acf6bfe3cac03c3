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

/** A deterministic pseudo-random generator (mulberry32) so shuffled or sampled tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
