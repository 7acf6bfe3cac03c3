// Rows a real feed sends that no imputation can repair — an unknown category code, an impossible age,
// a negative payment, a fractional amount — so the processor's quarantine path sees real traffic.
import type { FeatureColumn, LabelledRow } from '@loan/features';
import type { Rng } from '@loan/stats';

export interface InvalidCell {
  row: number;
  column: FeatureColumn;
  value: number;
}

/** Each defect turns a valid value into one that breaks a schema rule (codes, bounds, integrality). */
const DEFECTS: readonly { column: FeatureColumn; make: (v: number | null) => number }[] = [
  { column: 'SEX', make: () => 3 },
  { column: 'EDUCATION', make: () => 9 },
  { column: 'MARRIAGE', make: () => -1 },
  { column: 'PAY_0', make: () => 12 },
  { column: 'AGE', make: () => 150 },
  { column: 'AGE', make: () => -4 },
  { column: 'PAY_AMT1', make: (v) => -Math.max(1, Math.abs(v ?? 1000)) },
  { column: 'LIMIT_BAL', make: (v) => (v ?? 50000) + 0.5 },
];

/** Spoils one cell in about `rate` of the rows; returns new rows and what was spoilt. */
export function injectInvalidRows(
  rows: readonly LabelledRow[],
  rate: number,
  rng: Rng,
): { rows: LabelledRow[]; invalid: InvalidCell[] } {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`invalid rate must be in [0, 1], got ${rate}`);
  const invalid: InvalidCell[] = [];
  const out = rows.map((r, row) => {
    if (rng.next() >= rate) return r;
    const defect = DEFECTS[rng.int(0, DEFECTS.length - 1)];
    const value = defect.make(r[defect.column]);
    invalid.push({ row, column: defect.column, value });
    return { ...r, [defect.column]: value };
  });
  return { rows: out, invalid };
}
