import { CATEGORICAL_COLUMNS, CompleteRow, FEATURE_COLUMNS, LoanFeatures, MONEY_COLUMNS, NUMERIC_COLUMNS } from './columns';
import { CategoricalFeatureDrift, NumericFeatureDrift, computeDriftReport } from './drift';
import { fitPreprocessing } from './preprocessing-fit';
import { handFit, handReferenceRows } from './testing/hand-fit';
import { loadReferenceRows } from './testing/reference-csv';
import { seededRandom } from './testing/rows';

const reference = loadReferenceRows();
const fit = fitPreprocessing(reference);

function sample(n: number, seed: number): CompleteRow[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => reference[Math.floor(rnd() * reference.length)]);
}

const numericOf = (report: ReturnType<typeof computeDriftReport>, column: string) =>
  report.features.find((f) => f.column === column) as NumericFeatureDrift;
const categoricalOf = (report: ReturnType<typeof computeDriftReport>, column: string) =>
  report.features.find((f) => f.column === column) as CategoricalFeatureDrift;

describe('computeDriftReport on the real reference', () => {
  it('the reference itself: every distance is 0, nothing drifts', () => {
    const report = computeDriftReport(fit, reference);
    expect(report.features.map((f) => f.column)).toEqual([...FEATURE_COLUMNS]);
    for (const f of report.features) {
      const main = f.kind === 'numeric' ? f.wasserstein : f.jensenShannon;
      expect([f.column, main, f.psi, f.drifted]).toEqual([f.column, expect.closeTo(0, 10), expect.closeTo(0, 10), false]);
    }
    expect(report).toMatchObject({ driftedShare: 0, datasetDrift: false, rows: 24_000, driftedFeatures: [] });
    expect(report.referenceFingerprint).toBe(fit.fingerprint);
  });

  it('a random day-sized sample of the reference does not drift', () => {
    const report = computeDriftReport(fit, sample(3_000, 11));
    expect(report.driftedFeatures).toEqual([]);
    expect(report.datasetDrift).toBe(false);
    for (const f of report.features) expect(f.psi).toBeLessThan(0.05);
  });

  it('money ×5, AGE +15 and every PAY status 2 months worse: dataset drift', () => {
    const shifted: LoanFeatures[] = sample(3_000, 12).map((r) => {
      const s: Record<string, number> = { ...r, AGE: r.AGE + 15 };
      for (const c of MONEY_COLUMNS) s[c] = r[c] * 5;
      for (const c of ['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6']) s[c] = Math.min(8, r[c as 'PAY_0'] + 2);
      return s as LoanFeatures;
    });
    const report = computeDriftReport(fit, shifted);
    expect(report.datasetDrift).toBe(true);
    expect(report.driftedShare).toBeGreaterThanOrEqual(0.5);
    for (const c of NUMERIC_COLUMNS) expect([c, numericOf(report, c).drifted]).toEqual([c, true]);
    // LIMIT_BAL ≥ 10 000, so log1p(5x) − log1p(x) = ln 5 within 1e-4: a pure shift of ln 5 on the log scale,
    // whose W1 is ln 5, normalised by the reference std of log1p(LIMIT_BAL).
    const expected = Math.log(5) / fit.numeric.LIMIT_BAL.reference.std;
    expect(numericOf(report, 'LIMIT_BAL').wasserstein).toBeCloseTo(expected, 1);
    expect(Math.abs((numericOf(report, 'LIMIT_BAL').wasserstein ?? NaN) / expected - 1)).toBeLessThan(0.05);
    // Sex was left alone and does not drift.
    expect(categoricalOf(report, 'SEX').drifted).toBe(false);
  });

  it('one shifted feature is flagged alone and is not a dataset drift', () => {
    const rows = sample(3_000, 13).map((r) => ({ ...r, AGE: r.AGE + 10 }));
    const report = computeDriftReport(fit, rows);
    expect(report.driftedFeatures).toEqual(['AGE']);
    expect(report.driftedShare).toBeCloseTo(1 / 23, 12);
    expect(report.datasetDrift).toBe(false);
    // A +10 shift of AGE is a W1 of ≈ 10 years, in reference std units.
    expect(Math.abs((numericOf(report, 'AGE').wasserstein ?? NaN) / (10 / fit.numeric.AGE.reference.std) - 1)).toBeLessThan(0.1);
    expect(computeDriftReport(fit, rows, { datasetShare: 0.04 }).datasetDrift).toBe(true);
  });

  it('a feature drifts when its main metric OR its PSI reaches the threshold', () => {
    const rows = sample(3_000, 14).map((r) => ({ ...r, AGE: r.AGE + 10 }));
    const psiOnly = computeDriftReport(fit, rows, { wasserstein: 100 });
    expect(numericOf(psiOnly, 'AGE').drifted).toBe(true);
    const wOnly = computeDriftReport(fit, rows, { psi: 100 });
    expect(numericOf(wOnly, 'AGE').drifted).toBe(true);
    const neither = computeDriftReport(fit, rows, { psi: 100, wasserstein: 100 });
    expect(numericOf(neither, 'AGE').drifted).toBe(false);
  });

  it('an empty batch evaluates nothing and flags nothing', () => {
    const report = computeDriftReport(fit, []);
    expect(report.features.every((f) => f.n === 0 && f.psi === null && !f.drifted)).toBe(true);
    expect(report).toMatchObject({ driftedShare: 0, datasetDrift: false });
  });
});

describe('categorical drift on the hand reference (SEX: 40% code 1, 60% code 2)', () => {
  const hand = handFit();
  const rows = handReferenceRows().map((r) => ({ ...r, SEX: 1 }));
  const report = computeDriftReport(hand, rows);
  const sex = categoricalOf(report, 'SEX');

  it('Jensen–Shannon distance: H(m) − ½H(p) − ½H(q) with m = (0.7, 0.3)', () => {
    const H = (ps: number[]) => -ps.filter((p) => p > 0).reduce((s, p) => s + p * Math.log2(p), 0);
    expect(sex.jensenShannon).toBeCloseTo(Math.sqrt(H([0.7, 0.3]) - 0.5 * H([0.4, 0.6]) - 0.5 * H([1, 0])), 12);
    expect(sex.n).toBe(5);
    expect(sex.drifted).toBe(true);
  });

  it('PSI over the codes, the empty current bin floored at 1e-4', () => {
    const expected = (1 - 0.4) * Math.log(1 / 0.4) + (1e-4 - 0.6) * Math.log(1e-4 / 0.6);
    expect(sex.psi).toBeCloseTo(expected, 10);
  });

  it('codes unknown to the reference land in their own bucket (disjoint → JS = 1)', () => {
    const unknown = computeDriftReport(hand, handReferenceRows().map((r) => ({ ...r, PAY_0: 9 })));
    expect(categoricalOf(unknown, 'PAY_0').jensenShannon).toBeCloseTo(1, 12);
    for (const c of CATEGORICAL_COLUMNS.filter((k) => k !== 'PAY_0')) {
      expect(categoricalOf(unknown, c).jensenShannon).toBeCloseTo(0, 12);
    }
  });
});
