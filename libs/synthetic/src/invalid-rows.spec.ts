import { LabelledRow, validateRow } from '@loan/features';
import { injectInvalidRows } from './invalid-rows';
import { createRng } from '@loan/stats';

const base: LabelledRow = {
  LIMIT_BAL: 20000, SEX: 2, EDUCATION: 2, MARRIAGE: 1, AGE: 24, PAY_0: 2, PAY_2: 2, PAY_3: -1, PAY_4: -1, PAY_5: -2, PAY_6: -2,
  BILL_AMT1: 3913, BILL_AMT2: 3102, BILL_AMT3: 689, BILL_AMT4: 0, BILL_AMT5: 0, BILL_AMT6: 0,
  PAY_AMT1: 0, PAY_AMT2: 689, PAY_AMT3: 0, PAY_AMT4: 0, PAY_AMT5: 0, PAY_AMT6: 0, default_payment_next_month: 1,
};

describe('injectInvalidRows', () => {
  const rows = Array.from({ length: 4000 }, () => ({ ...base }));

  it('spoils about the asked share of rows, each so that validation rejects it on the named column', () => {
    const { rows: out, invalid } = injectInvalidRows(rows, 0.01, createRng('2026-11-23'));
    expect(invalid.length).toBeGreaterThan(20);
    expect(invalid.length).toBeLessThan(60);
    for (const cell of invalid) {
      const v = validateRow(out[cell.row], { requireLabel: true });
      expect(v.valid).toBe(false);
      expect(v.errors.map((e) => e.column)).toContain(cell.column);
    }
    const spoilt = new Set(invalid.map((c) => c.row));
    expect(out.filter((r, i) => !spoilt.has(i)).every((r) => validateRow(r, { requireLabel: true }).valid)).toBe(true);
  });

  it('is deterministic for a seed and leaves the input untouched', () => {
    const a = injectInvalidRows(rows, 0.02, createRng('x'));
    const b = injectInvalidRows(rows, 0.02, createRng('x'));
    expect(a.invalid).toEqual(b.invalid);
    expect(rows.every((r) => r.SEX === 2 && r.AGE === 24)).toBe(true);
    expect(() => injectInvalidRows(rows, 2, createRng('x'))).toThrow(RangeError);
  });
});
