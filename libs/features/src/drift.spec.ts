import { CATEGORICAL_COLUMNS, CompleteRow, FEATURE_COLUMNS, LoanFeatures, MONEY_COLUMNS, NUMERIC_COLUMNS } from './columns';
import { binomialUpperTail, calibrateDrift, driftThresholdAt } from './drift-calibration';
import { computeDriftReport, DriftReport, FeatureDrift } from './drift';
import { fitPreprocessing } from './preprocessing-fit';
import { handFit, handReferenceRows } from './testing/hand-fit';
import { loadReferenceRows } from './testing/reference-csv';
import { seededRandom } from './testing/rows';

const reference = loadReferenceRows();
const fit = fitPreprocessing(reference);
const calibration = calibrateDrift(fit, seededRandom(1));

function sample(n: number, seed: number): CompleteRow[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => reference[Math.floor(rnd() * reference.length)]);
}

const featureOf = (report: DriftReport, column: string) => report.features.find((f) => f.column === column) as FeatureDrift;

describe('computeDriftReport on the real reference', () => {
  it('the reference itself: codes and PSI give exactly 0; numeric W1 only the fence-conditioning error of the sketch', () => {
    const report = computeDriftReport(fit, reference, { calibration });
    expect(report.features.map((f) => f.column)).toEqual([...FEATURE_COLUMNS]);
    for (const f of report.features) {
      expect([f.column, f.psi]).toEqual([f.column, expect.closeTo(0, 10)]);
      expect(f.statistic).toBe(f.kind === 'numeric' ? 'wasserstein' : 'jensen_shannon');
      if (f.kind === 'categorical') expect([f.column, f.value, f.n, f.flagged]).toEqual([f.column, expect.closeTo(0, 10), 24_000, false]);
      // The reference is conditioned on the fences through its 101-point sketch, which cannot see a
      // point mass at a fence (AGE's integer ages): a bias below 0.02 std, a third of a day-size threshold.
      else expect([f.column, (f.value ?? NaN) < 0.02, f.n >= 0.99 * 24_000]).toEqual([f.column, true, true]);
    }
    expect(report.referenceFingerprint).toBe(fit.fingerprint);
    for (const f of report.features) expect(f.value ?? NaN).toBeLessThan(driftThresholdAt(calibration, f.column, 800) / 3);
  });

  // The check the calibration exists for: real rows resampled (not the parametric draws it was built
  // from), at day sizes. With alpha 0.01 per feature, about 1% of features are flagged.
  it.each([300, 1200])('no drift (reference resamples of %p rows): ≤ 5% of features flagged on average, dataset drift rare', (n) => {
    const batches = 120;
    let flagged = 0;
    let datasetDrifts = 0;
    for (let b = 0; b < batches; b++) {
      const report = computeDriftReport(fit, sample(n, 1000 * n + b), { calibration });
      flagged += report.driftedFeatures.length;
      if (report.datasetDrift) datasetDrifts++;
      for (const f of report.features) expect(f.threshold).toBeGreaterThan(0);
    }
    const share = flagged / (batches * FEATURE_COLUMNS.length);
    // Binomial error of the share over 120 × 23 feature-days is 0.2 points at 1%; 5% is the brief's ceiling.
    expect(share).toBeLessThan(0.05);
    // 120 batches estimate the dataset-drift rate to about ±2 points, so "rare" is a test, not a point
    // estimate: the count must be plausible (one-sided p > 0.001) under a true rate of at most 5%.
    expect(binomialUpperTail(datasetDrifts, batches, 0.05)).toBeGreaterThan(0.001);
    console.log(`drift, no drift, n=${n}: ${(100 * share).toFixed(2)}% of features flagged, dataset drift on ${datasetDrifts}/${batches} batches`);
  });

  it('PAY_0 one month worse on 500 rows is flagged', () => {
    const rows = sample(500, 21).map((r) => ({ ...r, PAY_0: Math.min(8, r.PAY_0 + 1) }));
    const report = computeDriftReport(fit, rows, { calibration });
    const pay0 = featureOf(report, 'PAY_0');
    expect(pay0.flagged).toBe(true);
    expect(pay0.value ?? NaN).toBeGreaterThan(pay0.threshold ?? Infinity);
    expect(pay0.n).toBe(500);
  });

  it('money ×5, AGE +15 and every PAY status 2 months worse: dataset drift', () => {
    const shifted: LoanFeatures[] = sample(1_000, 12).map((r) => {
      const s: Record<string, number> = { ...r, AGE: r.AGE + 15 };
      for (const c of MONEY_COLUMNS) s[c] = r[c] * 5;
      for (const c of ['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6']) s[c] = Math.min(8, r[c as 'PAY_0'] + 2);
      return s as LoanFeatures;
    });
    const report = computeDriftReport(fit, shifted, { calibration });
    expect(report.datasetDrift).toBe(true);
    expect(report.datasetPValue).toBeLessThan(1e-6);
    for (const c of NUMERIC_COLUMNS) expect([c, featureOf(report, c).flagged]).toEqual([c, true]);
    // LIMIT_BAL ≥ 10 000, so log1p(5x) − log1p(x) = ln 5: a pure shift on the log scale, W1 = ln 5 in
    // reference std units, less what the fences clamp off the shifted top.
    const w = featureOf(report, 'LIMIT_BAL').value ?? NaN;
    expect(w).toBeLessThanOrEqual(Math.log(5) / fit.numeric.LIMIT_BAL.reference.std + 1e-9);
    expect(w).toBeGreaterThan(0.5 * (Math.log(5) / fit.numeric.LIMIT_BAL.reference.std));
    expect(featureOf(report, 'SEX').flagged).toBe(false);
  });

  it('one shifted feature is flagged alone and is not a dataset drift', () => {
    const rows = sample(1_000, 13).map((r) => ({ ...r, AGE: r.AGE + 10 }));
    const report = computeDriftReport(fit, rows, { calibration });
    expect(report.driftedFeatures).toEqual(['AGE']);
    expect(report.driftedShare).toBeCloseTo(1 / 23, 12);
    expect(report.datasetPValue).toBeCloseTo(1 - 0.99 ** 23, 10);
    expect(report.datasetDrift).toBe(false);
    expect(computeDriftReport(fit, rows, { calibration, datasetAlpha: 0.5 }).datasetDrift).toBe(true);
  });

  it('missing values are skipped, not counted: n is the non-null count', () => {
    const full = sample(400, 14);
    const rows: LoanFeatures[] = full.map((r, i) => ({ ...r, AGE: i % 4 === 0 ? null : r.AGE }));
    const age = featureOf(computeDriftReport(fit, rows, { calibration }), 'AGE');
    // n counts the values inside the fences; the nulled rows are exactly the ones missing from it.
    const nulled = featureOf(computeDriftReport(fit, full.filter((_, i) => i % 4 === 0), { calibration }), 'AGE').n;
    expect(nulled).toBeGreaterThan(90);
    expect(age.n).toBe(featureOf(computeDriftReport(fit, full, { calibration }), 'AGE').n - nulled);
    expect(age.threshold).toBeGreaterThan(featureOf(computeDriftReport(fit, sample(400, 14), { calibration }), 'AGE').threshold ?? Infinity);
  });

  it('an empty batch evaluates nothing and flags nothing; a calibration for another fit is refused', () => {
    const report = computeDriftReport(fit, [], { calibration });
    expect(report.features.every((f) => f.n === 0 && f.value === null && f.threshold === null && !f.flagged)).toBe(true);
    expect(report).toMatchObject({ driftedShare: 0, datasetDrift: false });
    expect(() => computeDriftReport(handFit(), [], { calibration })).toThrow(/calibration/);
  });
});

describe('categorical drift on the hand reference (SEX: 40% code 1, 60% code 2)', () => {
  const hand = handFit();
  const handCalibration = calibrateDrift(hand, seededRandom(2), { resamples: 500, sizes: [2, 5, 10] });
  const report = computeDriftReport(hand, handReferenceRows().map((r) => ({ ...r, SEX: 1 })), { calibration: handCalibration });
  const sex = featureOf(report, 'SEX');

  it('Jensen–Shannon distance: H(m) − ½H(p) − ½H(q) with m = (0.7, 0.3)', () => {
    const H = (ps: number[]) => -ps.filter((p) => p > 0).reduce((s, p) => s + p * Math.log2(p), 0);
    expect(sex.value).toBeCloseTo(Math.sqrt(H([0.7, 0.3]) - 0.5 * H([0.4, 0.6]) - 0.5 * H([1, 0])), 12);
    expect(sex.n).toBe(5);
  });

  it('PSI over the codes, the empty current bin floored at 1e-4', () => {
    const expected = (1 - 0.4) * Math.log(1 / 0.4) + (1e-4 - 0.6) * Math.log(1e-4 / 0.6);
    expect(sex.psi).toBeCloseTo(expected, 10);
  });

  it('codes unknown to the reference land in their own bucket (disjoint → JS = 1)', () => {
    const unknown = computeDriftReport(hand, handReferenceRows().map((r) => ({ ...r, PAY_0: 9 })), { calibration: handCalibration });
    expect(featureOf(unknown, 'PAY_0').value).toBeCloseTo(1, 12);
    expect(featureOf(unknown, 'PAY_0').flagged).toBe(true);
    for (const c of CATEGORICAL_COLUMNS.filter((k) => k !== 'PAY_0')) expect(featureOf(unknown, c).value).toBeCloseTo(0, 12);
  });
});
