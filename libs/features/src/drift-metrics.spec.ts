import { jensenShannonDistance, populationStabilityIndex, wasserstein1, wasserstein1FromQuantiles } from './drift-metrics';
import { quantileSketch } from './statistics';
import { seededRandom } from './testing/rows';

describe('wasserstein1 (exact, empirical samples)', () => {
  it('matches hand computations', () => {
    expect(wasserstein1([0, 1, 2], [1, 2, 3])).toBeCloseTo(1, 12); // a shift by 1
    expect(wasserstein1([0], [5])).toBe(5);
    expect(wasserstein1([0, 0, 1, 1], [1, 0])).toBe(0); // same distribution, other sizes/order
    // F_a = 1/2 and F_b = 3/4 on [0, 1): |1/2 − 3/4| · 1
    expect(wasserstein1([0, 1], [0, 0, 0, 1])).toBeCloseTo(0.25, 12);
    expect(wasserstein1([0, 1], [0, 0, 0, 1])).toBeCloseTo(wasserstein1([0, 0, 0, 1], [0, 1]), 12);
  });
});

describe('wasserstein1FromQuantiles (linear quantile functions)', () => {
  it('a shift by c gives c; identical sketches give 0', () => {
    expect(wasserstein1FromQuantiles([0, 1, 2], [0.5, 1.5, 2.5])).toBeCloseTo(0.5, 12);
    expect(wasserstein1FromQuantiles([3, 4, 9], [3, 4, 9])).toBe(0);
  });

  it('handles a sign change inside a segment: U(0, 2) against a point mass at 1 is E|X − 1| = 1/2', () => {
    expect(wasserstein1FromQuantiles([0, 2], [1, 1])).toBeCloseTo(0.5, 12);
  });

  it('agrees with the exact distance on large samples (normal shifted by 0.3 → 0.3)', () => {
    const rnd = seededRandom(7);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const a = Array.from({ length: 20_000 }, normal);
    const b = Array.from({ length: 20_000 }, () => normal() + 0.3);
    expect(wasserstein1(a, b)).toBeCloseTo(0.3, 1);
    expect(wasserstein1FromQuantiles(quantileSketch(a), quantileSketch(b))).toBeCloseTo(0.3, 1);
  });
});

describe('jensenShannonDistance (base 2)', () => {
  it('is 0 for identical and 1 for disjoint distributions', () => {
    expect(jensenShannonDistance([0.2, 0.3, 0.5], [0.2, 0.3, 0.5])).toBe(0);
    expect(jensenShannonDistance([2, 3, 5], [0.2, 0.3, 0.5])).toBeCloseTo(0, 12); // counts are normalised
    expect(jensenShannonDistance([1, 0], [0, 1])).toBeCloseTo(1, 12);
    expect(jensenShannonDistance([1, 1, 0, 0], [0, 0, 3, 1])).toBeCloseTo(1, 12);
  });

  it('matches the closed form for (1, 0) vs (½, ½): JSD = H(¾, ¼) − ½·H(½, ½) = 1.5 − ¾·log2 3', () => {
    expect(jensenShannonDistance([1, 0], [0.5, 0.5])).toBeCloseTo(Math.sqrt(1.5 - 0.75 * Math.log2(3)), 12);
    expect(jensenShannonDistance([0.5, 0.5], [1, 0])).toBeCloseTo(Math.sqrt(1.5 - 0.75 * Math.log2(3)), 12);
  });
});

describe('populationStabilityIndex', () => {
  it('is 0 for identical shares', () => {
    expect(populationStabilityIndex([0.1, 0.4, 0.5], [10, 40, 50])).toBeCloseTo(0, 12);
  });

  it('(½, ½) → (0.9, 0.1): 0.4·ln 1.8 + 0.4·ln 5 = 0.4·ln 9', () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.9, 0.1])).toBeCloseTo(0.4 * Math.log(9), 12);
  });

  it('floors an empty bin at epsilon; a bin empty on both sides adds nothing', () => {
    // bin 3: (0.1 − ε)·ln(0.1/ε); bin 2: (0.4 − 0.5)·ln(0.8)
    const expected = (0.1 - 1e-4) * Math.log(0.1 / 1e-4) + -0.1 * Math.log(0.8);
    expect(populationStabilityIndex([0.5, 0.5, 0, 0], [0.5, 0.4, 0.1, 0])).toBeCloseTo(expected, 12);
    const eps = 1e-3;
    const withEps = (0.1 - eps) * Math.log(0.1 / eps) + -0.1 * Math.log(0.8);
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.4, 0.1], eps)).toBeCloseTo(withEps, 12);
  });

  it('rejects mismatched or empty inputs', () => {
    expect(() => populationStabilityIndex([1], [0.5, 0.5])).toThrow();
    expect(() => jensenShannonDistance([0, 0], [1, 0])).toThrow();
  });
});
