import { type CompleteRow, LABEL_COLUMN } from '@loan/features';
import { type CopulaModel, fitCopula, sampleLatent } from './gaussian-copula';
import { applyScenario, clampToSchema, sampleScenario, type Scenario, validateScenario } from './scenarios';
import { createRng } from './seeded-random';
import { columnOf, loadRealRows, mean } from './testing/real-data';

describe('drift scenarios', () => {
  let model: CopulaModel;
  let latent: Float64Array[];
  const run = (scenario: Scenario): CompleteRow[] => applyScenario(model, latent, scenario, createRng('scenario-values'));

  beforeAll(() => {
    model = fitCopula(loadRealRows());
    latent = sampleLatent(model, 10_000, createRng('scenarios'));
  });

  it("'none' is the plain copula sample", () => {
    const rows = run({ name: 'none' });
    expect(Math.abs(mean(columnOf(rows, LABEL_COLUMN)) - 0.2212)).toBeLessThan(0.015);
  });

  it('recession raises the default rate to ~30–35%, raises payment delays and lowers repayments', () => {
    const base = run({ name: 'none' });
    const rec = run({ name: 'recession' });
    const baseRate = mean(columnOf(base, LABEL_COLUMN));
    const recRate = mean(columnOf(rec, LABEL_COLUMN));
    expect(recRate - baseRate).toBeGreaterThan(0.05);
    expect(recRate).toBeGreaterThan(0.28);
    expect(recRate).toBeLessThan(0.38);
    expect(mean(columnOf(rec, 'PAY_0'))).toBeGreaterThan(mean(columnOf(base, 'PAY_0')) + 0.2);
    expect(mean(columnOf(rec, 'PAY_6'))).toBeGreaterThan(mean(columnOf(base, 'PAY_6')));
    expect(mean(columnOf(rec, 'PAY_AMT1'))).toBeLessThan(mean(columnOf(base, 'PAY_AMT1')));
    // Latent shifts keep values inside the observed support.
    expect(Math.max(...columnOf(rec, 'PAY_0'))).toBeLessThanOrEqual(8);
  });

  it('credit expansion raises limits by ×1.3–1.6 and lowers ages (never below 21)', () => {
    const base = run({ name: 'none' });
    const exp = run({ name: 'credit_expansion' });
    const ratio = mean(columnOf(exp, 'LIMIT_BAL')) / mean(columnOf(base, 'LIMIT_BAL'));
    expect(ratio).toBeGreaterThan(1.3);
    expect(ratio).toBeLessThan(1.6);
    expect(mean(columnOf(exp, 'AGE'))).toBeLessThan(mean(columnOf(base, 'AGE')) - 2);
    expect(Math.min(...columnOf(exp, 'AGE'))).toBeGreaterThanOrEqual(21);
    expect(columnOf(exp, 'LIMIT_BAL').every((v) => v % 1000 === 0)).toBe(true);
    // Columns it does not target stay put.
    expect(columnOf(exp, 'PAY_0')).toEqual(columnOf(base, 'PAY_0'));
  });

  it('custom shifts apply in value space (clamped to the schema) and latent space', () => {
    const base = run({ name: 'none' });
    const custom = run({
      name: 'custom',
      shifts: [
        { column: 'AGE', shift: 5 },
        { column: 'PAY_0', shift: 20 },
        { column: 'PAY_AMT1', scale: 0.5 },
        { column: LABEL_COLUMN, shift: 0.5, space: 'latent' },
      ],
    });
    expect(mean(columnOf(custom, 'AGE')) - mean(columnOf(base, 'AGE'))).toBeCloseTo(5, 0);
    expect(new Set(columnOf(custom, 'PAY_0'))).toEqual(new Set([8]));
    expect(mean(columnOf(custom, 'PAY_AMT1')) / mean(columnOf(base, 'PAY_AMT1'))).toBeCloseTo(0.5, 2);
    expect(mean(columnOf(custom, LABEL_COLUMN))).toBeGreaterThan(mean(columnOf(base, LABEL_COLUMN)) + 0.1);
    expect(clampToSchema('AGE', 5)).toBe(18);
    expect(clampToSchema('EDUCATION', 9)).toBe(6);
  });

  it('validation rejects unknown names and columns and bad shifts', () => {
    expect(() => validateScenario({ name: 'boom' })).toThrow(/Unknown scenario name/);
    expect(() => validateScenario({ name: 'custom', shifts: [{ column: 'INCOME', shift: 1 }] })).toThrow(/unknown column "INCOME"/);
    expect(() => validateScenario({ name: 'custom', shifts: [] })).toThrow(/non-empty/);
    expect(() => validateScenario({ name: 'custom', shifts: [{ column: 'AGE' }] })).toThrow(/shift and\/or scale/);
    expect(() => validateScenario({ name: 'custom', shifts: [{ column: 'AGE', scale: -1 }] })).toThrow(/scale/);
    expect(() => validateScenario({ name: 'custom', shifts: [{ column: 'AGE', shift: Infinity }] })).toThrow(/shift/);
    expect(() => validateScenario({ name: 'custom', shifts: [{ column: LABEL_COLUMN, shift: 1 }] })).toThrow(/latent space/);
    expect(() => validateScenario({ name: 'recession', shifts: [{ column: 'AGE', shift: 1 }] })).toThrow(/takes no shifts/);
    expect(() => validateScenario(null)).toThrow(/object/);
    expect(() => applyScenario(model, latent.slice(0, 1), { name: 'custom', shifts: [{ column: 'X', shift: 1 }] }, createRng(1))).toThrow(/unknown column/);
    expect(validateScenario({ name: 'custom', shifts: [{ column: 'AGE', shift: -3, extra: 1 }] })).toEqual({ name: 'custom', shifts: [{ column: 'AGE', shift: -3 }] });
  });

  it('sampleScenario is deterministic for a seed', () => {
    const a = sampleScenario(model, 100, { name: 'recession' }, createRng('s'));
    expect(sampleScenario(model, 100, { name: 'recession' }, createRng('s'))).toEqual(a);
  });
});
