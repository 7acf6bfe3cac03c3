import { LABEL_COLUMN } from './columns';
import { processDay } from './day-processing';
import { calibrateDrift } from './drift-calibration';
import { fitPreprocessing } from './preprocessing-fit';
import { preprocessRow } from './preprocessing';
import { loadReferenceRows } from './testing/reference-csv';
import { sampleRow, seededRandom } from './testing/rows';

describe('processDay', () => {
  const reference = loadReferenceRows();
  const fit = fitPreprocessing(reference);
  // Fewer resamples than the processor uses: this spec needs sane thresholds, not exact ones.
  const drift = { calibration: calibrateDrift(fit, seededRandom(1), { resamples: 500 }) };

  it('quarantines what cannot be repaired, with reasons, and encodes the rest with the reference fit', () => {
    const good = { ...sampleRow(), [LABEL_COLUMN]: 1 };
    const gap = { ...sampleRow(), AGE: null, [LABEL_COLUMN]: 0 };
    const badCode = { ...sampleRow(), SEX: 7, [LABEL_COLUMN]: 0 };
    const { [LABEL_COLUMN]: _label, ...noLabel } = sampleRow();
    const result = processDay([good, gap, badCode, noLabel], fit, { date: '2026-11-23', drift });

    expect(result.quality.rows).toBe(4);
    expect(result.quality.missingByColumn.AGE).toBe(1);
    expect(result.quarantined.map((q) => q.row)).toEqual([2, 3]);
    expect(result.quarantined[0].reasons.map((r) => r.column)).toContain('SEX');
    expect(result.quarantined[1].reasons.map((r) => r.kind)).toContain('missing_label');
    expect(result.processed.map((p) => p.row)).toEqual([0, 1]);
    // Row 0 encodes exactly as a single-row transform would: statistics come from the fit, not the day.
    expect(result.processed[0].numeric).toEqual(preprocessRow(good, fit).numeric);
    expect(result.processed[0].label).toBe(1);
  });

  it('splits deterministically and finds no drift in real rows, but dataset drift in a shifted day', () => {
    // A random sample: consecutive rows of the real file are not exchangeable (rows 0–1,000 and 20,000+
    // differ detectably from the whole in PAY_*, EDUCATION, PAY_AMT*), which the calibrated check sees.
    const rnd = seededRandom(5);
    const day = Array.from({ length: 1000 }, () => reference[Math.floor(rnd() * reference.length)]);
    const a = processDay(day, fit, { date: '2026-11-23', drift });
    const b = processDay(day, fit, { date: '2026-11-23', drift });
    expect(a.processed.map((p) => p.split)).toEqual(b.processed.map((p) => p.split));
    const evalShare = a.processed.filter((p) => p.split === 'evaluation').length / a.processed.length;
    expect(evalShare).toBeGreaterThan(0.4);
    expect(evalShare).toBeLessThan(0.6);
    expect(a.drift.datasetDrift).toBe(false);

    const shifted = day.map((r) => ({
      ...r,
      ...Object.fromEntries(Object.entries(r).filter(([k]) => /AMT|LIMIT/.test(k)).map(([k, v]) => [k, Math.round(v * 8 + 50000)])),
      AGE: Math.min(100, r.AGE + 20),
      PAY_0: 3, PAY_2: 3, PAY_3: 3, PAY_4: 3, PAY_5: 3, PAY_6: 3,
    }));
    const drifted = processDay(shifted, fit, { date: '2026-11-23', drift });
    expect(drifted.drift.datasetDrift).toBe(true);
    expect(drifted.drift.driftedShare).toBeGreaterThanOrEqual(0.5);
  });
});
