import { type CompleteRow, LABEL_COLUMN } from '@loan/features';
import { fidelityReport, ksStatistic, totalVariation } from './fidelity';
import { fitCopula, sampleCopula } from './gaussian-copula';
import { MODEL_COLUMNS } from './model-columns';
import { createRng } from '@loan/stats';
import { loadRealRows } from './testing/real-data';

describe('fidelity', () => {
  let real: CompleteRow[];
  let sample: CompleteRow[];
  beforeAll(() => {
    real = loadRealRows();
    sample = sampleCopula(fitCopula(real), 20_000, createRng('fidelity'));
  });

  it('KS and TV on known inputs', () => {
    expect(ksStatistic(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3))).toBe(0);
    expect(ksStatistic(Float64Array.of(1, 2), Float64Array.of(3, 4))).toBe(1);
    expect(ksStatistic(Float64Array.of(1, 2, 3, 4), Float64Array.of(3, 4, 5, 6))).toBeCloseTo(0.5, 12);
    expect(totalVariation([0, 0, 1, 1], [0, 0, 0, 1])).toBeCloseTo(0.25, 12);
    expect(totalVariation([1, 2], [3, 4])).toBeCloseTo(1, 12);
  });

  it('the real data against itself scores 1', () => {
    const r = fidelityReport(real, real);
    expect(r.overall).toBeCloseTo(1, 12);
    expect(r.columns).toHaveLength(MODEL_COLUMNS.length);
    expect(r.columns.find((c) => c.column === 'AGE')?.metric).toBe('ks');
    expect(r.columns.find((c) => c.column === 'PAY_0')?.metric).toBe('tv');
    expect(r.columns.find((c) => c.column === LABEL_COLUMN)?.metric).toBe('tv');
  });

  it('a copula sample scores ≥ 0.9 overall, and every column ≥ 0.95', () => {
    const r = fidelityReport(sample, real);
    expect(r.overall).toBeGreaterThanOrEqual(0.9);
    expect(r.correlationSimilarity).toBeGreaterThan(0.9);
    for (const c of r.columns) expect({ column: c.column, ok: c.score >= 0.95 }).toEqual({ column: c.column, ok: true });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('scores broken samples clearly lower', () => {
    const good = fidelityReport(sample, real);
    // Columns shuffled independently: marginals intact, joint structure gone.
    const rng = createRng('shuffle');
    const shuffled = sample.map((r) => ({ ...r }) as Record<string, number>);
    for (const c of MODEL_COLUMNS) {
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [shuffled[i][c], shuffled[j][c]] = [shuffled[j][c], shuffled[i][c]];
      }
    }
    const broken = fidelityReport(shuffled, real);
    expect(broken.correlationSimilarity).toBeLessThan(good.correlationSimilarity - 0.03);
    expect(broken.overall).toBeLessThan(good.overall - 0.01);
    // Every row the same: marginals gone as well.
    const constant = fidelityReport(sample.map(() => real[0]), real);
    expect(constant.overall).toBeLessThan(0.6);
  });

  it('ignores null cells', () => {
    const withNulls = sample.slice(0, 5000).map((r, i) => (i % 10 === 0 ? { ...r, AGE: null, BILL_AMT1: null } : r));
    const r = fidelityReport(withNulls, real);
    expect(r.columns.find((c) => c.column === 'AGE')?.score).toBeGreaterThan(0.95);
    expect(Number.isFinite(r.correlationSimilarity)).toBe(true);
  });
});
