import { pairedF1Bootstrap } from './f1-bootstrap';
import { f1Score } from './metrics';
import { Prng } from './prng';

/** A day of rows with a ~22% default rate and two models' probabilities: sigmoid(signal·label + noise − 1). */
function simulate(n: number, signalA: number, signalB: number, rng: Prng) {
  const labels = Array.from({ length: n }, () => (rng.next() < 0.22 ? 1 : 0));
  const prob = (signal: number) => labels.map((l) => 1 / (1 + Math.exp(-(signal * l + rng.normal() - 1))));
  return { labels, a: prob(signalA), b: prob(signalB) };
}

describe('pairedF1Bootstrap', () => {
  it('reports the two F1s at their thresholds and is reproducible from its seed', () => {
    const rng = new Prng(3);
    const { labels, a, b } = simulate(300, 1.5, 1, rng);
    const r = pairedF1Bootstrap(labels, { probs: a, threshold: 0.4 }, { probs: b, threshold: 0.3 }, { seed: 9 });
    expect(r.f1A).toBeCloseTo(f1Score(labels, a, 0.4), 12);
    expect(r.f1B).toBeCloseTo(f1Score(labels, b, 0.3), 12);
    expect(r.difference).toBeCloseTo(r.f1A - r.f1B, 12);
    expect(r.lower).toBeLessThan(r.upper);
    expect(r.se).toBeGreaterThan(0);
    expect(pairedF1Bootstrap(labels, { probs: a, threshold: 0.4 }, { probs: b, threshold: 0.3 }, { seed: 9 })).toEqual(r);
  });

  it('gives a zero-width interval for the same rule twice', () => {
    const { labels, a } = simulate(200, 1, 1, new Prng(4));
    const r = pairedF1Bootstrap(labels, { probs: a, threshold: 0.35 }, { probs: a, threshold: 0.35 });
    expect([r.difference, r.lower, r.upper, r.se]).toEqual([0, 0, 0, 0]);
  });

  it('claims an improvement between two equally good models at about the nominal 5% rate', () => {
    const rng = new Prng(11);
    const days = 100;
    let claimed = 0;
    for (let d = 0; d < days; d++) {
      const { labels, a, b } = simulate(400, 1.2, 1.2, rng);
      if (pairedF1Bootstrap(labels, { probs: a, threshold: 0.4 }, { probs: b, threshold: 0.4 }, { seed: d, resamples: 300 }).lower > 0) claimed++;
    }
    // True difference is 0 by symmetry; binomial sd at 5% over 100 days is 2.2 points.
    // (Small runs: under jest every Math.* call is slow, so each bootstrap costs ~50× what it does in the app.)
    expect(claimed / days).toBeLessThan(0.11);
  });

  it('covers the true difference of a better model and usually detects it', () => {
    const rng = new Prng(12);
    const population = simulate(100_000, 2, 1, rng);
    const trueDiff = f1Score(population.labels, population.a, 0.4) - f1Score(population.labels, population.b, 0.4);
    expect(trueDiff).toBeGreaterThan(0.05);
    const days = 100;
    let covered = 0;
    let detected = 0;
    for (let d = 0; d < days; d++) {
      const { labels, a, b } = simulate(400, 2, 1, rng);
      const r = pairedF1Bootstrap(labels, { probs: a, threshold: 0.4 }, { probs: b, threshold: 0.4 }, { seed: d, resamples: 300 });
      if (r.lower <= trueDiff) covered++;
      if (r.lower > 0) detected++;
    }
    // One-sided 95% bound (sd 2.2 points over 100 days); percentile bootstraps run slightly under nominal.
    expect(covered / days).toBeGreaterThan(0.88);
    expect(detected / days).toBeGreaterThan(0.5);
  });

  it('refuses mismatched lengths and a bad alpha', () => {
    expect(() => pairedF1Bootstrap([1, 0], { probs: [0.5], threshold: 0.5 }, { probs: [0.5, 0.2], threshold: 0.5 })).toThrow(/length/);
    expect(() => pairedF1Bootstrap([1], { probs: [0.5], threshold: 0.5 }, { probs: [0.5], threshold: 0.5 }, { alpha: 0.7 })).toThrow(/alpha/);
  });
});
