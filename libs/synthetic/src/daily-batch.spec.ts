import { FEATURE_COLUMNS, LABEL_COLUMN } from '@loan/features';
import { generateDailyBatch, pickScenarioForDay } from './daily-batch';
import { type CopulaModel, fitCopula } from './gaussian-copula';
import { loadRealRows, mean } from './testing/real-data';

const day = (offset: number) => new Date(Date.UTC(2026, 10, 23 + offset)).toISOString().slice(0, 10);

describe('daily batch', () => {
  let model: CopulaModel;
  beforeAll(() => {
    model = fitCopula(loadRealRows());
  });

  it('same date ⇒ identical batch; different date ⇒ different rows', () => {
    const a = generateDailyBatch(model, { date: '2026-11-23', scenario: { name: 'none' } });
    const b = generateDailyBatch(JSON.parse(JSON.stringify(model)), { date: '2026-11-23', scenario: { name: 'none' } });
    expect(b).toEqual(a);
    const c = generateDailyBatch(model, { date: '2026-11-24', scenario: { name: 'none' } });
    expect(c.seed).not.toBe(a.seed);
    expect(c.rows.slice(0, 20)).not.toEqual(a.rows.slice(0, 20));
  });

  it('row counts are in [minRows, maxRows] and vary by day', () => {
    const sizes = Array.from({ length: 12 }, (_, i) => generateDailyBatch(model, { date: day(i), missingRate: 0, outlierRate: 0 }).rows.length);
    for (const n of sizes) {
      expect(n).toBeGreaterThanOrEqual(800);
      expect(n).toBeLessThanOrEqual(1300);
    }
    expect(new Set(sizes).size).toBeGreaterThan(6);
    const small = generateDailyBatch(model, { date: day(0), minRows: 10, maxRows: 12 });
    expect(small.rows.length).toBeGreaterThanOrEqual(10);
    expect(small.rows.length).toBeLessThanOrEqual(12);
  });

  it('injects the requested dirt without touching the clean rows underneath', () => {
    const clean = generateDailyBatch(model, { date: day(3), scenario: { name: 'none' }, missingRate: 0, outlierRate: 0 });
    expect(clean.rows.every((r) => FEATURE_COLUMNS.every((c) => r[c] !== null))).toBe(true);
    const dirty = generateDailyBatch(model, { date: day(3), scenario: { name: 'none' } });
    expect(dirty.rows.length).toBe(clean.rows.length);
    const cells = dirty.rows.length * FEATURE_COLUMNS.length;
    expect(Math.abs(dirty.injected.missing.total / cells - 0.05)).toBeLessThan(0.015);
    expect(dirty.injected.outliers.total).toBeGreaterThan(0);
    const touched = new Set(dirty.injected.cells.map((c) => `${c.row}/${c.column}`));
    const differing: string[] = [];
    dirty.rows.forEach((r, i) => {
      if (r[LABEL_COLUMN] !== clean.rows[i][LABEL_COLUMN]) differing.push(`${i}/label`);
      for (const c of FEATURE_COLUMNS) if (!touched.has(`${i}/${c}`) && r[c] !== clean.rows[i][c]) differing.push(`${i}/${c}`);
    });
    expect(differing).toEqual([]);
  });

  it('applies the scenario, and the seed depends on its name', () => {
    const none = generateDailyBatch(model, { date: day(5), scenario: { name: 'none' }, minRows: 3000, maxRows: 3000, missingRate: 0, outlierRate: 0 });
    const rec = generateDailyBatch(model, { date: day(5), scenario: { name: 'recession' }, minRows: 3000, maxRows: 3000, missingRate: 0, outlierRate: 0 });
    expect(rec.seed).not.toBe(none.seed);
    expect(mean(rec.rows.map((r) => r[LABEL_COLUMN]))).toBeGreaterThan(mean(none.rows.map((r) => r[LABEL_COLUMN])) + 0.04);
    expect(() => generateDailyBatch(model, { date: day(5), scenario: { name: 'custom', shifts: [{ column: 'NOPE', shift: 1 }] } })).toThrow(/unknown column/);
  });

  it('rejects malformed dates and row ranges', () => {
    expect(() => generateDailyBatch(model, { date: '2026-02-30' })).toThrow(/YYYY-MM-DD/);
    expect(() => generateDailyBatch(model, { date: '23/11/2026' })).toThrow(/YYYY-MM-DD/);
    expect(() => generateDailyBatch(model, { date: day(0), minRows: 10, maxRows: 5 })).toThrow(RangeError);
  });

  it('pickScenarioForDay is deterministic and mostly none', () => {
    const picks = Array.from({ length: 365 }, (_, i) => pickScenarioForDay(day(i)).name);
    expect(Array.from({ length: 365 }, (_, i) => pickScenarioForDay(day(i)).name)).toEqual(picks);
    const share = (n: string) => picks.filter((p) => p === n).length / picks.length;
    expect(share('none')).toBeGreaterThan(0.6);
    expect(share('none')).toBeLessThan(0.8);
    expect(share('recession')).toBeGreaterThan(0.05);
    expect(share('credit_expansion')).toBeGreaterThan(0.05);
    expect(pickScenarioForDay(day(1), { recession: 1 })).toEqual({ name: 'recession' });
    expect(() => pickScenarioForDay(day(1), { none: 0 })).toThrow(/more than 0/);
    expect(() => pickScenarioForDay(day(1), { none: -1 })).toThrow(/≥ 0/);
    const batch = generateDailyBatch(model, { date: day(2), minRows: 5, maxRows: 5 });
    expect(batch.scenario).toEqual(pickScenarioForDay(day(2)));
  });
});
