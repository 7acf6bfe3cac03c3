// The fit on the real data (data/credit-default-taiwan.csv, 24 000 rows), checked with statistics
// recomputed here independently of the lib.
import { CATEGORICAL_COLUMNS, CompleteRow, LABEL_COLUMN, NUMERIC_COLUMNS } from './columns';
import { capRow, capValue } from './iqr-capper';
import { imputeRow } from './imputer';
import { encodeRow } from './row-encoder';
import { fitPreprocessing } from './preprocessing-fit';
import { preprocessBatch } from './preprocessing';
import { validateRow } from './row-validator';
import { loadReferenceRows } from './testing/reference-csv';

const rows: CompleteRow[] = loadReferenceRows();
const fit = fitPreprocessing(rows);
const slog = (x: number) => Math.sign(x) * Math.log(1 + Math.abs(x));

describe('fit on the real reference data', () => {
  it('reads the whole file and every row validates', () => {
    expect(rows).toHaveLength(24_000);
    const invalid = rows.filter((r) => !validateRow(r, { requireLabel: true }).valid);
    expect(invalid).toHaveLength(0);
  });

  it('standardised numeric columns have mean ≈ 0 and std ≈ 1 after the full transform', () => {
    const encoded = preprocessBatch(rows, fit);
    NUMERIC_COLUMNS.forEach((c, j) => {
      const xs = encoded.map((e) => e.numeric[j]);
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
      expect([c, m]).toEqual([c, expect.closeTo(0, 6)]);
      expect([c, sd]).toEqual([c, expect.closeTo(1, 6)]);
    });
    // No unknown category id on the reference itself.
    expect(encoded.filter((e) => e.categorical.some((id) => id === 0))).toHaveLength(0);
  });

  it('preprocessRow equals the step-by-step encodeRow(capRow(imputeRow(row)))', () => {
    const sample = rows.filter((_, i) => i % 40 === 0).map((r, i) => (i % 3 ? r : { ...r, AGE: null, PAY_0: null }));
    const fused = preprocessBatch(sample, fit);
    let worst = 0;
    sample.forEach((r, i) => {
      const stepwise = encodeRow(capRow(imputeRow(r, fit), fit), fit);
      expect(fused[i].categorical).toEqual(stepwise.categorical);
      fused[i].numeric.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - stepwise.numeric[j]))));
    });
    expect(worst).toBeLessThan(1e-9);
  });

  it('medians, modes and label rate match a direct count', () => {
    const sortedAge = rows.map((r) => r.AGE).sort((a, b) => a - b);
    expect(fit.numeric.AGE.median).toBe((sortedAge[11_999] + sortedAge[12_000]) / 2);
    for (const c of CATEGORICAL_COLUMNS) {
      const counts = new Map<number, number>();
      for (const r of rows) counts.set(r[c], (counts.get(r[c]) ?? 0) + 1);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      expect([c, fit.categorical[c].mode]).toEqual([c, top]);
      const total = fit.categorical[c].frequencies.reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 12);
    }
    expect(fit.labelRate).toBeCloseTo(rows.filter((r) => r[LABEL_COLUMN] === 1).length / rows.length, 12);
  });

  it('the fences flag at most ~1% of the reference per column (0.5% per tail at most beyond Tukey)', () => {
    for (const c of NUMERIC_COLUMNS) {
      const { lower, upper } = fit.numeric[c].fences;
      const t = rows.map((r) => (c === 'AGE' ? r[c] : slog(r[c])));
      const outside = t.filter((y) => y < lower || y > upper).length / t.length;
      expect([c, outside <= 0.01]).toEqual([c, true]);
    }
  });

  it('keeps zero payments and negative bills, which plain Tukey fences would cap (the reason for the tail floor)', () => {
    expect(capValue('PAY_AMT1', 0, fit)).toBe(0);
    expect(capValue('BILL_AMT1', -200, fit)).toBe(-200);
    const negatives = rows.filter((r) => r.BILL_AMT1 < 0);
    const keptNegatives = negatives.filter((r) => capValue('BILL_AMT1', r.BILL_AMT1, fit) === r.BILL_AMT1);
    expect(keptNegatives.length).toBeGreaterThanOrEqual(negatives.length - 0.005 * rows.length - 1);
    const tukey = fitPreprocessing(rows, { tailQuantile: null });
    const zeroShare = rows.filter((r) => r.PAY_AMT1 === 0).length / rows.length;
    expect(zeroShare).toBeGreaterThan(0.15);
    expect(tukey.numeric.PAY_AMT1.fences.lower).toBeGreaterThan(0); // so every zero payment is an "outlier"
    expect(capValue('PAY_AMT1', 0, tukey)).toBeGreaterThan(0);
  });
});
