import { FEATURE_COLUMNS } from './columns';
import { binomialUpperTail, calibrateDrift, driftThresholdAt } from './drift-calibration';
import { fitPreprocessing } from './preprocessing-fit';
import { loadReferenceRows } from './testing/reference-csv';
import { seededRandom } from './testing/rows';

const fit = fitPreprocessing(loadReferenceRows());
const calibration = calibrateDrift(fit, seededRandom(1));

describe('binomialUpperTail', () => {
  it('matches hand computations', () => {
    expect(binomialUpperTail(0, 23, 0.01)).toBe(1);
    expect(binomialUpperTail(1, 23, 0.01)).toBeCloseTo(1 - 0.99 ** 23, 12);
    expect(binomialUpperTail(2, 23, 0.01)).toBeCloseTo(1 - 0.99 ** 23 - 23 * 0.01 * 0.99 ** 22, 12);
    expect(binomialUpperTail(3, 3, 0.5)).toBeCloseTo(1 / 8, 12);
    expect(binomialUpperTail(24, 23, 0.01)).toBe(0);
  });
});

describe('calibrateDrift on the real reference', () => {
  it('is deterministic for a seed and names its fit', () => {
    const again = calibrateDrift(fit, seededRandom(1), { resamples: 500, sizes: [100, 200] });
    expect(calibrateDrift(fit, seededRandom(1), { resamples: 500, sizes: [100, 200] })).toEqual(again);
    expect(calibration.referenceFingerprint).toBe(fit.fingerprint);
    expect(calibration.sizes).toEqual([100, 200, 400, 800, 1600]);
  });

  it('thresholds fall like 1/√n: each doubling divides them by about √2', () => {
    for (const c of FEATURE_COLUMNS) {
      const t = calibration.thresholds[c];
      const slope = Math.log(t[t.length - 1] / t[1]) / Math.log(calibration.sizes[t.length - 1] / calibration.sizes[1]);
      expect([c, slope]).toEqual([c, expect.closeTo(-0.5, 0.8)]); // within ±0.16 of −½
    }
  });

  it('driftThresholdAt: the grid values at grid sizes, monotone between them and beyond', () => {
    for (const c of ['AGE', 'PAY_0', 'BILL_AMT1'] as const) {
      calibration.sizes.forEach((n, i) => expect(driftThresholdAt(calibration, c, n)).toBeCloseTo(calibration.thresholds[c][i], 12));
      const at = [50, 150, 500, 1000, 5000, 10_000].map((n) => driftThresholdAt(calibration, c, n));
      for (let i = 1; i < at.length; i++) expect(at[i]).toBeLessThan(at[i - 1]);
    }
    expect(() => driftThresholdAt(calibration, 'AGE', 0)).toThrow();
  });

  it('rejects too few resamples for the alpha', () => {
    expect(() => calibrateDrift(fit, seededRandom(1), { alpha: 0.01, resamples: 100 })).toThrow(/resamples/);
  });
});
