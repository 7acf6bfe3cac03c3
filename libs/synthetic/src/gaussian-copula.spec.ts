import { type CompleteRow, CATEGORICAL_COLUMNS, LABEL_COLUMN, NUMERIC_BOUNDS, NUMERIC_COLUMNS } from '@loan/features';
import { parseCopulaModel } from './copula-model-validation';
import { ksStatistic, totalVariation } from './fidelity';
import { type CopulaModel, fitCopula, sampleCopula } from './gaussian-copula';
import { lowerTimesTranspose, pearson } from './linear-algebra';
import { MODEL_COLUMNS } from './model-columns';
import { createRng } from '@loan/stats';
import { columnOf, loadRealRows, mean, midRanks } from './testing/real-data';

const sorted = (xs: number[]) => Float64Array.from(xs).sort();
const spearman = (x: number[], y: number[]) => pearson(midRanks(x), midRanks(y));

describe('gaussian copula on the real data', () => {
  let real: CompleteRow[];
  let model: CopulaModel;
  let sample: CompleteRow[];

  beforeAll(() => {
    real = loadRealRows();
    model = fitCopula(real, { fittedAt: '2026-11-23T00:00:00.000Z' });
    sample = sampleCopula(model, 20_000, createRng('copula-spec'));
  });

  it('is a plain JSON model that round-trips and samples identically', () => {
    expect(model.schemaVersion).toBe(1);
    expect(model.columns).toEqual(MODEL_COLUMNS);
    expect(model.fittedRows).toBe(24_000);
    expect(model.fittedAt).toBe('2026-11-23T00:00:00.000Z');
    const reloaded = parseCopulaModel(JSON.parse(JSON.stringify(model)));
    expect(sampleCopula(reloaded, 200, createRng(5))).toEqual(sampleCopula(model, 200, createRng(5)));
    expect(sampleCopula(model, 200, createRng(6))).not.toEqual(sampleCopula(model, 200, createRng(5)));
    // Numeric quantile tables stay compact: 1001 points.
    const bill = model.marginals[model.columns.indexOf('BILL_AMT1')];
    expect(bill.kind === 'quantile' && bill.quantiles.length).toBe(1001);
  });

  it('fitting is deterministic', () => {
    expect(JSON.stringify(fitCopula(real.slice(0, 3000)))).toBe(JSON.stringify(fitCopula(real.slice(0, 3000))));
  });

  it('parseCopulaModel rejects damaged models', () => {
    const json = JSON.parse(JSON.stringify(model));
    expect(() => parseCopulaModel({ ...json, schemaVersion: 2 })).toThrow(/schemaVersion/);
    expect(() => parseCopulaModel({ ...json, columns: json.columns.slice(1) })).toThrow(/columns/);
    expect(() => parseCopulaModel({ ...json, cholesky: json.cholesky.slice(0, 3) })).toThrow(/cholesky/);
    expect(() => parseCopulaModel(null)).toThrow(/not an object/);
  });

  it('reproduces each numeric marginal (KS ≤ 0.05)', () => {
    for (const c of NUMERIC_COLUMNS) {
      expect({ c, ks: ksStatistic(sorted(columnOf(sample, c)), sorted(columnOf(real, c))) <= 0.05 }).toEqual({ c, ks: true });
    }
  });

  it('reproduces categorical marginals and the label (TV ≤ 0.03), default rate within 1.5 points', () => {
    for (const c of [...CATEGORICAL_COLUMNS, LABEL_COLUMN] as const) {
      expect({ c, tv: totalVariation(columnOf(sample, c), columnOf(real, c)) <= 0.03 }).toEqual({ c, tv: true });
    }
    expect(Math.abs(mean(columnOf(sample, LABEL_COLUMN)) - mean(columnOf(real, LABEL_COLUMN)))).toBeLessThan(0.015);
  });

  it('keeps the data quirks and only produces valid integer values', () => {
    const edu = new Set(columnOf(sample, 'EDUCATION'));
    for (const code of [0, 5, 6]) expect(edu.has(code)).toBe(true);
    expect(new Set(columnOf(sample, 'MARRIAGE')).has(0)).toBe(true);
    expect(columnOf(sample, 'BILL_AMT1').some((v) => v < 0)).toBe(true);
    const pay = new Set((['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6'] as const).flatMap((c) => columnOf(sample, c)));
    expect(pay.has(-2) && pay.has(-1) && [7, 8].some((v) => pay.has(v))).toBe(true);
    // Discrete columns only ever take observed values (e.g. the data has no PAY_5 = 1).
    for (const c of [...CATEGORICAL_COLUMNS, 'AGE', 'LIMIT_BAL'] as const) {
      const observed = new Set(columnOf(real, c));
      expect({ c, unseen: columnOf(sample, c).filter((v) => !observed.has(v)) }).toEqual({ c, unseen: [] });
    }
    for (const c of NUMERIC_COLUMNS) {
      const values = columnOf(sample, c);
      expect(values.every((v) => Number.isInteger(v) && v >= NUMERIC_BOUNDS[c].min && v <= NUMERIC_BOUNDS[c].max)).toBe(true);
    }
    expect(columnOf(sample, 'PAY_AMT1').every((v) => v >= 0)).toBe(true);
  });

  it('preserves the PAY_0–default link (same sign, within 0.07)', () => {
    const r = pearson(columnOf(real, 'PAY_0'), columnOf(real, LABEL_COLUMN));
    const s = pearson(columnOf(sample, 'PAY_0'), columnOf(sample, LABEL_COLUMN));
    expect(Math.sign(s)).toBe(Math.sign(r));
    expect(Math.abs(s - r)).toBeLessThan(0.07);
    const r2 = pearson(columnOf(real, 'PAY_0'), columnOf(real, 'PAY_2'));
    expect(Math.abs(pearson(columnOf(sample, 'PAY_0'), columnOf(sample, 'PAY_2')) - r2)).toBeLessThan(0.05);
  });

  it('preserves the rank correlation of bills (BILL_AMT1/BILL_AMT2 within 0.05)', () => {
    const r = spearman(columnOf(real, 'BILL_AMT1'), columnOf(real, 'BILL_AMT2'));
    expect(Math.abs(spearman(columnOf(sample, 'BILL_AMT1'), columnOf(sample, 'BILL_AMT2')) - r)).toBeLessThan(0.05);
    // The default (rank-based) fit has no tail dependence, so the Pearson of heavy-tailed bills
    // comes out lower than the real 0.95; the 'pearson' method below matches it.
    expect(pearson(columnOf(sample, 'BILL_AMT1'), columnOf(sample, 'BILL_AMT2'))).toBeGreaterThan(0.8);
  });

  it("the 'pearson' method matches Pearson correlations (BILL_AMT1/BILL_AMT2 within 0.05)", () => {
    const pModel = fitCopula(real, { correlation: 'pearson' });
    const s = sampleCopula(pModel, 20_000, createRng('pearson'));
    const r = pearson(columnOf(real, 'BILL_AMT1'), columnOf(real, 'BILL_AMT2'));
    expect(Math.abs(pearson(columnOf(s, 'BILL_AMT1'), columnOf(s, 'BILL_AMT2')) - r)).toBeLessThan(0.05);
    const rl = pearson(columnOf(real, 'PAY_0'), columnOf(real, LABEL_COLUMN));
    expect(Math.abs(pearson(columnOf(s, 'PAY_0'), columnOf(s, LABEL_COLUMN)) - rl)).toBeLessThan(0.07);
  });
});

describe('gaussian copula on hand-made data with a known correlation', () => {
  // x, y standard bivariate normal with ρ = 0.8; b = 1{y > 0.5} is a binary "label".
  const rho = 0.8;
  const rng = createRng('bivariate');
  const rows = Array.from({ length: 8000 }, () => {
    const x = rng.normal();
    const y = rho * x + Math.sqrt(1 - rho * rho) * rng.normal();
    return { x: 10 + 3 * x, y, b: y > 0.5 ? 1 : 0 };
  });
  const columns = [
    { name: 'x', role: 'numeric' as const },
    { name: 'y', role: 'numeric' as const },
    { name: 'b', role: 'label' as const },
  ];

  it('recovers ρ = 0.8 and reproduces it in samples, without rounding non-integer data', () => {
    const model = fitCopula(rows, { columns });
    const corr = lowerTimesTranspose(model.cholesky);
    expect(Math.abs(corr[1][0] - rho)).toBeLessThan(0.02);
    const s = sampleCopula(model, 8000, createRng('bivariate-sample'));
    expect(Math.abs(pearson(columnOf(s, 'x'), columnOf(s, 'y')) - rho)).toBeLessThan(0.03);
    expect(s.some((r) => !Number.isInteger(r.x))).toBe(true);
    expect(Math.abs(mean(columnOf(s, 'x')) - 10)).toBeLessThan(0.15);
  });

  it('corrects the attenuation of a binary column back to the latent ρ', () => {
    const latent = lowerTimesTranspose(fitCopula(rows, { columns }).cholesky);
    const plain = lowerTimesTranspose(fitCopula(rows, { columns, correlation: 'scores' }).cholesky);
    // b is a threshold of y, so its latent correlation with x is ρ, with y nearly 1.
    expect(Math.abs(latent[2][0] - rho)).toBeLessThan(0.04);
    expect(latent[2][1]).toBeGreaterThan(0.95);
    expect(plain[2][0]).toBeLessThan(0.7);
  });

  it('rejects incomplete rows', () => {
    expect(() => fitCopula([{ x: 1, y: 2, b: 0 }, { x: NaN, y: 1, b: 1 }], { columns })).toThrow(/complete rows/);
  });
});
