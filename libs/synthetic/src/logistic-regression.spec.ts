import { fitLogistic, predictLogistic, sparseRows } from './logistic-regression';
import { createRng } from '@loan/stats';

describe('logistic regression', () => {
  it('recovers known coefficients from simulated data', () => {
    const rng = createRng('logit-sim');
    const n = 20_000;
    const rows: [number, number][][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const x1 = rng.normal();
      const x2 = rng.next() < 0.3 ? 1 : 0;
      const eta = -1 + 1.5 * x1 - 0.8 * x2;
      y.push(rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
      rows.push(x2 ? [[0, x1], [1, 1]] : [[0, x1]]);
    }
    const m = fitLogistic(sparseRows(2, rows), y, { l2: 1e-6 });
    expect(m.converged).toBe(true);
    // SEs of these estimates are ≈ 0.02–0.04.
    expect(m.weights[0]).toBeCloseTo(-1, 1);
    expect(m.weights[1]).toBeCloseTo(1.5, 1);
    expect(m.weights[2]).toBeCloseTo(-0.8, 1);
    const p = predictLogistic(m, sparseRows(2, [[[0, 0]]]));
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(1)), 1);
  });
});
