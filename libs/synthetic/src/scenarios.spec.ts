import { type CompleteRow, LABEL_COLUMN } from '@loan/features';
import { type ClassConditionalCopulaModel, fitClassConditionalCopula } from './class-conditional-copula';
import { fitCopula, sampleLatent } from './gaussian-copula';
import { applyScenario, clampToSchema, planScenario, sampleDraws, sampleScenario, type Scenario, shiftedPrior, validateScenario } from './scenarios';
import { createRng } from '@loan/stats';
import { columnOf, loadRealRows, mean } from './testing/real-data';

describe('drift scenarios', () => {
  let model: ClassConditionalCopulaModel;
  let latent: Float64Array[];
  const run = (scenario: Scenario): CompleteRow[] => applyScenario(model, latent, scenario, createRng('scenario-values'));

  beforeAll(() => {
    model = fitClassConditionalCopula(loadRealRows());
    latent = sampleDraws(model, 10_000, createRng('scenarios'));
  });

  it("'none' is the plain model sample, at the real prior", () => {
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
    // Against the prior shift alone (same draws, same labels), the value scale halves repayments.
    const priorOnly = run({ name: 'custom', shifts: [{ column: LABEL_COLUMN, shift: 0.5, space: 'latent' }] });
    expect(mean(columnOf(custom, 'PAY_AMT1')) / mean(columnOf(priorOnly, 'PAY_AMT1'))).toBeCloseTo(0.5, 2);
    expect(mean(columnOf(custom, LABEL_COLUMN))).toBeGreaterThan(mean(columnOf(base, LABEL_COLUMN)) + 0.1);
    // A label probit shift of 0.5 moves the prior to 1 − Φ(Φ⁻¹(1 − p) − 0.5).
    expect(Math.abs(mean(columnOf(custom, LABEL_COLUMN)) - shiftedPrior(model.prior, { priorProbitShift: 0.5, priorLogitShift: 0 }))).toBeLessThan(0.015);
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
    expect(() => validateScenario({ name: 'custom', shifts: [{ column: 'AGE', shift: 1 }, { column: 'AGE', shift: 1 }, { column: 'AGE', shift: 1, label: 2 }] })).toThrow(
      'shifts[2].label must be 0 or 1',
    );
    expect(() => validateScenario({ name: 'recession', severity: -1 })).toThrow(/severity/);
    expect(() => validateScenario({ name: 'recession', priorLogitShift: 1 })).toThrow(/priorLogitShift/);
    expect(() => validateScenario({ name: 'custom', priorLogitShift: 'x' })).toThrow(/priorLogitShift/);
    expect(() => validateScenario({ name: 'custom', shifts: [{ column: LABEL_COLUMN, shift: 1, space: 'latent', label: 1 }] })).toThrow(/shifts\[0\]/);
    expect(validateScenario({ name: 'custom', priorLogitShift: 0.5 })).toEqual({ name: 'custom', shifts: [], priorLogitShift: 0.5 });
    expect(validateScenario({ name: 'custom', shifts: [{ column: 'AGE', shift: -3, extra: 1 }] })).toEqual({ name: 'custom', shifts: [{ column: 'AGE', shift: -3 }] });
  });

  it('sampleScenario is deterministic for a seed', () => {
    const a = sampleScenario(model, 100, { name: 'recession' }, createRng('s'));
    expect(sampleScenario(model, 100, { name: 'recession' }, createRng('s'))).toEqual(a);
  });

  const rate = (rows: CompleteRow[]) => mean(columnOf(rows, LABEL_COLUMN));
  const classMean = (rows: CompleteRow[], column: keyof CompleteRow, y: 0 | 1) => mean(rows.filter((r) => r[LABEL_COLUMN] === y).map((r) => r[column] as number));

  it('severity 0 is no drift and severity scales the shift', () => {
    const base = run({ name: 'none' });
    for (const name of ['recession', 'credit_expansion', 'recession_concept', 'new_segment'] as const) {
      expect(run({ name, severity: 0 })).toEqual(base);
    }
    const half = rate(run({ name: 'recession', severity: 0.5 })) - rate(base);
    const full = rate(run({ name: 'recession' })) - rate(base);
    const double = rate(run({ name: 'recession', severity: 2 })) - rate(base);
    expect(half).toBeGreaterThan(0.02);
    expect(full).toBeGreaterThan(half + 0.02);
    expect(double).toBeGreaterThan(full + 0.02);
    const limitRatio = (s: number) => mean(columnOf(run({ name: 'credit_expansion', severity: s }), 'LIMIT_BAL')) / mean(columnOf(base, 'LIMIT_BAL'));
    expect(limitRatio(0.5)).toBeGreaterThan(1.12);
    expect(limitRatio(0.5)).toBeLessThan(limitRatio(1) - 0.1);
    expect(planScenario({ name: 'new_segment', severity: 2 }).priorLogitShift).toBeCloseTo(2 * planScenario({ name: 'new_segment' }).priorLogitShift, 12);
  });

  it('recession_concept: default rate up; defaulters now have higher limits and repayments, payers lower', () => {
    const base = run({ name: 'none' });
    const rc = run({ name: 'recession_concept' });
    expect(rate(rc)).toBeGreaterThan(rate(base) + 0.05);
    // In calm data defaulters have LOWER limits than payers; the concept shift reverses that.
    expect(classMean(base, 'LIMIT_BAL', 1)).toBeLessThan(classMean(base, 'LIMIT_BAL', 0));
    expect(classMean(rc, 'LIMIT_BAL', 1)).toBeGreaterThan(classMean(rc, 'LIMIT_BAL', 0));
    expect(classMean(rc, 'LIMIT_BAL', 1)).toBeGreaterThan(classMean(base, 'LIMIT_BAL', 1) * 1.3);
    expect(classMean(rc, 'LIMIT_BAL', 0)).toBeLessThan(classMean(base, 'LIMIT_BAL', 0));
    expect(classMean(rc, 'PAY_AMT1', 1)).toBeGreaterThan(classMean(base, 'PAY_AMT1', 1));
    expect(classMean(rc, 'PAY_0', 1)).toBeGreaterThan(classMean(base, 'PAY_0', 1));
    expect(classMean(rc, 'PAY_0', 0)).toBeLessThan(classMean(base, 'PAY_0', 0));
  });

  it('new_segment: younger, less educated; its defaulters lose the delay signal', () => {
    const base = run({ name: 'none' });
    const ns = run({ name: 'new_segment' });
    expect(rate(ns)).toBeGreaterThan(rate(base) + 0.02);
    expect(mean(columnOf(ns, 'AGE'))).toBeLessThan(mean(columnOf(base, 'AGE')) - 2);
    expect(classMean(ns, 'AGE', 1)).toBeLessThan(classMean(ns, 'AGE', 0) - 2);
    expect(classMean(ns, 'EDUCATION', 1)).toBeGreaterThan(classMean(base, 'EDUCATION', 1));
    // Calm: defaulters are much later payers; in the segment the gap closes or reverses.
    expect(classMean(base, 'PAY_0', 1) - classMean(base, 'PAY_0', 0)).toBeGreaterThan(0.5);
    expect(classMean(ns, 'PAY_0', 1) - classMean(ns, 'PAY_0', 0)).toBeLessThan(0.2);
  });

  it('custom label-scoped shifts move only that class; priorLogitShift moves the prior', () => {
    const base = run({ name: 'none' });
    const c = run({ name: 'custom', shifts: [{ column: 'AGE', shift: 1, space: 'latent', label: 1 }, { column: 'BILL_AMT1', shift: 5000, label: 0 }] });
    expect(rate(c)).toBe(rate(base));
    expect(classMean(c, 'AGE', 1)).toBeGreaterThan(classMean(base, 'AGE', 1) + 5);
    expect(classMean(c, 'AGE', 0)).toBe(classMean(base, 'AGE', 0));
    expect(classMean(c, 'BILL_AMT1', 0) - classMean(base, 'BILL_AMT1', 0)).toBeGreaterThan(4500);
    expect(classMean(c, 'BILL_AMT1', 1)).toBe(classMean(base, 'BILL_AMT1', 1));
    const p = run({ name: 'custom', priorLogitShift: 1 });
    const expected = 1 / (1 + Math.exp(-(Math.log(model.prior / (1 - model.prior)) + 1)));
    expect(Math.abs(rate(p) - expected)).toBeLessThan(0.015); // SE of a rate from 10,000 rows ≈ 0.0045
  });

  it('the legacy joint copula still samples every scenario', () => {
    const joint = fitCopula(loadRealRows().slice(0, 4000));
    const z = sampleLatent(joint, 4000, createRng('joint'));
    const base = applyScenario(joint, z, { name: 'none' }, createRng(1));
    expect(rate(applyScenario(joint, z, { name: 'recession' }, createRng(1)))).toBeGreaterThan(rate(base) + 0.05);
    const rc = applyScenario(joint, z, { name: 'recession_concept' }, createRng(1));
    expect(classMean(rc, 'LIMIT_BAL', 1)).toBeGreaterThan(classMean(base, 'LIMIT_BAL', 1));
  });
});
