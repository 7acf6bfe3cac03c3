import { aucWithError, normalInterval, pairedAucDifference } from './auc-inference';
import { createRng, type Rng } from './seeded-random';

/** Scores = signal·label + noise: a model whose true AUC is Φ(signal/√2). */
function simulate(n: number, signal: number, rng: Rng, labels?: number[]): { labels: number[]; scores: number[] } {
  const y = labels ?? Array.from({ length: n }, () => (rng.next() < 0.22 ? 1 : 0));
  return { labels: y, scores: y.map((l) => signal * l + rng.normal()) };
}

describe('aucWithError', () => {
  it('matches the Mann–Whitney AUC and a hand-computed DeLong variance', () => {
    const labels = [1, 1, 0, 0, 0];
    const scores = [0.9, 0.4, 0.5, 0.2, 0.1];
    const est = aucWithError(labels, scores);
    expect(est.auc).toBeCloseTo(5 / 6, 12); // 0.9 beats all three negatives, 0.4 beats two
    // v10 = [1, 2/3], v01 = [1/2, 1, 1]: var = s²(v10)/2 + s²(v01)/3 = (1/18)/2 + (1/12)/3.
    expect(est.se ** 2).toBeCloseTo(1 / 36 + 1 / 36, 12);
  });

  it('covers the true AUC at about the nominal rate over simulated 500-row days', () => {
    const rng = createRng(7);
    const trueAuc = 0.7602; // Φ(1/√2)
    let covered = 0;
    const days = 400;
    for (let d = 0; d < days; d++) {
      const { labels, scores } = simulate(500, 1, rng);
      const est = aucWithError(labels, scores);
      const { lower, upper } = normalInterval(est.auc, est.se, 0.1);
      if (lower <= trueAuc && trueAuc <= upper) covered++;
    }
    // Nominal 90%; binomial sd over 400 days is 1.5 points.
    expect(covered / days).toBeGreaterThan(0.86);
    expect(covered / days).toBeLessThan(0.94);
  });

  it('gives known AUCs and a DeLong SE of the size theory predicts', () => {
    expect(aucWithError([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]).auc).toBe(1);
    expect(aucWithError([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4]).auc).toBe(0.75);
    expect(aucWithError([0, 1], [0.5, 0.5]).auc).toBe(0.5);
    const rng = createRng('auc-se');
    const labels = Array.from({ length: 2000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const r = aucWithError(labels, labels.map((l) => rng.normal(l)));
    // Φ(1/√2) ≈ 0.760; DeLong SE for 500/1500 rows ≈ 0.012.
    expect(Math.abs(r.auc - 0.76)).toBeLessThan(3 * r.se);
    expect(r.se).toBeGreaterThan(0.008);
    expect(r.se).toBeLessThan(0.016);
    expect(() => aucWithError([1, 1], [0, 1])).toThrow(/both classes/);
  });

  it('throws when a class is missing', () => {
    expect(() => aucWithError([0, 0], [0.1, 0.2])).toThrow(/both classes/);
  });
});

describe('pairedAucDifference', () => {
  it('is exactly zero with zero error for identical scores', () => {
    const rng = createRng(3);
    const { labels, scores } = simulate(300, 1, rng);
    const d = pairedAucDifference(labels, scores, scores);
    expect(d.difference).toBe(0);
    expect(d.se).toBeCloseTo(0, 12);
    expect(d.pValue).toBe(1);
  });

  it('is tighter than the unpaired error for correlated models and finds a real improvement', () => {
    const rng = createRng(11);
    const { labels, scores: base } = simulate(600, 1, rng);
    const better = base.map((s, i) => s + 0.6 * labels[i] + 0.3 * rng.normal());
    const d = pairedAucDifference(labels, better, base);
    const unpaired = Math.hypot(aucWithError(labels, better).se, aucWithError(labels, base).se);
    expect(d.difference).toBeGreaterThan(0);
    expect(d.se).toBeLessThan(unpaired / 2);
    expect(d.pValue).toBeLessThan(0.01);
  });

  it('rejects a no-better model at about its nominal rate', () => {
    const rng = createRng(19);
    let rejected = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const { labels, scores: a } = simulate(500, 1, rng);
      const b = a.map((s) => s + 0.5 * rng.normal()); // same signal, extra noise: worse or equal
      const d = pairedAucDifference(labels, b, a);
      if (d.pValue < 0.05) rejected++;
    }
    expect(rejected / trials).toBeLessThan(0.05);
  });
});
