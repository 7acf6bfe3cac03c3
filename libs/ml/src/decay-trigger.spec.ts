import { aucWithError } from '@loan/stats';
import { DECAY_DEFAULTS, DecayTest, decideAfterEvaluation, expectedAucOf, hanleyMcNeilSe, shouldAdapt, testAucDecay } from './decay-trigger';
import { Prng } from './prng';
import { normalCdf, normalQuantile } from '@loan/stats';

/** A fixed model's scores on a population: signal·label + N(0, 1), true AUC Φ(signal/√2); 22% defaults. */
function population(size: number, auc: number, rng: Prng): { labels: number[]; scores: number[] } {
  const signal = Math.SQRT2 * normalQuantile(auc);
  const labels = Array.from({ length: size }, () => (rng.next() < 0.22 ? 1 : 0));
  return { labels, scores: labels.map((l) => signal * l + rng.normal()) };
}

/** n rows resampled (with replacement) from a population. */
function resample(pop: { labels: number[]; scores: number[] }, n: number, rng: Prng): { labels: number[]; scores: number[] } {
  const labels: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = rng.nextInt(pop.labels.length);
    labels.push(pop.labels[k]);
    scores.push(pop.scores[k]);
  }
  return { labels, scores };
}

const binomialSe = (p: number, n: number) => Math.sqrt((p * (1 - p)) / n);

describe('expectedAucOf', () => {
  it('prefers expectedRocAuc with its SE', () => {
    expect(expectedAucOf({ expectedRocAuc: 0.78, expectedRocAucSe: 0.007, holdoutRocAuc: 0.7, rocAuc: 0.6 })).toEqual({
      auc: 0.78,
      se: 0.007,
      source: 'expectedRocAuc',
    });
  });

  it('falls back to holdoutRocAuc, then rocAuc, with a Hanley–McNeil SE from the rows', () => {
    const holdout = expectedAucOf({ holdoutRocAuc: 0.79, holdoutRows: 4800, rocAuc: 0.6 });
    expect(holdout?.source).toBe('holdoutRocAuc');
    const pos = Math.round(4800 * 0.2212);
    expect(holdout?.se).toBeCloseTo(hanleyMcNeilSe(0.79, pos, 4800 - pos), 12);
    const judge = expectedAucOf({ rocAuc: 0.75, count: 300, positives: 70 });
    expect(judge).toMatchObject({ auc: 0.75, source: 'rocAuc' });
    expect(judge?.se).toBeCloseTo(hanleyMcNeilSe(0.75, 70, 230), 12);
    expect(expectedAucOf({ f1: 0.5 })).toBeNull();
  });

  // Hanley–McNeil assumes exponential score distributions; on binormal scores it overstates the SE a little.
  it('Hanley–McNeil is within 25% of DeLong on a simulated 2,000-row sample', () => {
    const rng = new Prng(3);
    const { labels, scores } = population(2000, 0.78, rng);
    const d = aucWithError(labels, scores);
    expect(hanleyMcNeilSe(d.auc, d.positives, d.negatives) / d.se).toBeGreaterThan(0.8);
    expect(hanleyMcNeilSe(d.auc, d.positives, d.negatives) / d.se).toBeLessThan(1.25);
  });
});

describe('decision table', () => {
  const decay = (decayed: boolean) => ({ decayed }) as DecayTest;
  it.each([
    [decay(false), 0.3, null, 'ok', []],
    [decay(true), 0.6, null, 'retrain', ['decay']],
    [decay(false), 0.6, 0.99, 'retrain', ['f1_override']],
    [decay(true), 0.6, 0.99, 'retrain', ['decay', 'f1_override']],
    [decay(false), 0.6, 0.6, 'ok', []],
    [null, 0.1, undefined, 'ok', []],
    [null, 0.1, 0.5, 'retrain', ['f1_override']],
  ])('decay %p, F1 %p, override %p → %s %p', (d, f1, f1Override, decision, triggers) => {
    expect(decideAfterEvaluation({ decay: d, f1, f1Override })).toEqual({ decision, triggers });
  });

  it('adapts only when nothing else asked for a retrain', () => {
    expect(decideAfterEvaluation({ decay: decay(false), f1: 0.5, adapt: true })).toEqual({ decision: 'retrain', triggers: ['adapt'] });
    expect(decideAfterEvaluation({ decay: decay(true), f1: 0.5, adapt: true })).toEqual({ decision: 'retrain', triggers: ['decay'] });
    expect(decideAfterEvaluation({ decay: decay(false), f1: 0.5, adapt: false })).toEqual({ decision: 'ok', triggers: [] });
  });

  it('testAucDecay: z and the bound follow the formula; retrain exactly when z > z_(1−α)', () => {
    const labels = [1, 1, 1, 0, 0, 0, 0, 0, 1, 0];
    const scores = [0.9, 0.2, 0.6, 0.5, 0.1, 0.3, 0.7, 0.05, 0.8, 0.4];
    const day = aucWithError(labels, scores);
    const expected = { auc: 0.95, se: 0.01, source: 'expectedRocAuc' as const };
    const t = testAucDecay(labels, scores, expected, { alpha: 0.05, margin: 0.02 });
    const z = (0.95 - 0.02 - day.auc) / Math.sqrt(day.se ** 2 + 0.01 ** 2);
    expect(t).toMatchObject({ statistic: 'roc_auc', value: day.auc, se: day.se, n: 10, positives: 4, expected: 0.95, expectedSe: 0.01 });
    expect(t.z).toBeCloseTo(z, 12);
    expect(t.critical).toBeCloseTo(1.6449, 4);
    expect(t.bound).toBeCloseTo(Math.min(1, day.auc + 1.6449 * day.se), 4);
    expect(t.decayed).toBe(z > t.critical);
    // The same day against an expectation it meets: no decay.
    expect(testAucDecay(labels, scores, { ...expected, auc: day.auc }, { alpha: 0.05, margin: 0 }).decayed).toBe(false);
  });

  it('rejects a nonsensical alpha or margin, and a one-class day', () => {
    const e = { auc: 0.8, se: 0.01, source: 'rocAuc' as const };
    expect(() => testAucDecay([1, 0], [0.6, 0.4], e, { alpha: 0, margin: 0 })).toThrow(/alpha/);
    expect(() => testAucDecay([1, 0], [0.6, 0.4], e, { alpha: 0.01, margin: -1 })).toThrow(/margin/);
    expect(() => testAucDecay([0, 0], [0.6, 0.4], e, { alpha: 0.01, margin: 0 })).toThrow(/both classes/);
  });
});

describe('the decay rule on simulated 500-row days (a fixed model, rows resampled)', () => {
  const rng = new Prng(2026);
  const trueAuc = 0.78;
  const pool = population(40_000, trueAuc, rng);
  const decayed = population(40_000, trueAuc - 0.05, rng);
  // The expected AUC is what bootstrap measures on a 4,800-row hold-out: the pool's AUC plus that
  // hold-out's sampling error (DeLong, whose coverage its own spec checks), drawn afresh each trial.
  const poolAuc = aucWithError(pool.labels, pool.scores).auc;
  const holdout = resample(pool, 4800, rng);
  const holdoutSe = aucWithError(holdout.labels, holdout.scores).se;
  function rate(dayPool: typeof pool, trials: number, margin: number, alpha = DECAY_DEFAULTS.alpha) {
    let alarms = 0;
    let seSum = 0;
    for (let t = 0; t < trials; t++) {
      const expected = { auc: poolAuc + holdoutSe * rng.normal(), se: holdoutSe, source: 'expectedRocAuc' as const };
      const day = resample(dayPool, 500, rng);
      const test = testAucDecay(day.labels, day.scores, expected, { alpha, margin });
      seSum += Math.sqrt(test.se ** 2 + test.expectedSe ** 2);
      if (test.decayed) alarms++;
    }
    return { rate: alarms / trials, meanSe: seSum / trials };
  }

  it('no drift: the false-alarm rate is at most α (+ 3 binomial SE) without a margin, and lower with the default one', () => {
    const trials = 2000;
    const bare = rate(pool, trials, 0);
    expect(bare.rate).toBeLessThanOrEqual(DECAY_DEFAULTS.alpha + 3 * binomialSe(DECAY_DEFAULTS.alpha, trials));
    const withMargin = rate(pool, trials, DECAY_DEFAULTS.margin);
    expect(withMargin.rate).toBeLessThanOrEqual(bare.rate);
    expect(withMargin.rate).toBeLessThanOrEqual(0.005 + 3 * binomialSe(0.005, trials));
    console.log(`decay rule, no drift, n=500: false alarms ${bare.rate} (margin 0), ${withMargin.rate} (margin ${DECAY_DEFAULTS.margin}) over ${trials} days`);
  });

  it('a decay of 0.05 AUC at n=500: power matches the normal approximation (and a 0.15 decay is caught)', () => {
    const trials = 1000;
    const { rate: power, meanSe } = rate(decayed, trials, DECAY_DEFAULTS.margin);
    const predicted = 1 - normalCdf(normalQuantile(1 - DECAY_DEFAULTS.alpha) - (0.05 - DECAY_DEFAULTS.margin) / meanSe);
    expect(Math.abs(power - predicted)).toBeLessThan(4 * binomialSe(predicted, trials) + 0.02);
    expect(power).toBeGreaterThan(0.03);
    const severe = rate(population(20_000, trueAuc - 0.15, rng), 200, DECAY_DEFAULTS.margin);
    expect(severe.rate).toBeGreaterThan(0.9);
    console.log(`decay rule, AUC −0.05 at n=500: power ${power} ± ${binomialSe(power, trials).toFixed(3)} (normal approx. ${predicted.toFixed(3)}); −0.15: ${severe.rate}`);
  });
});

describe('shouldAdapt', () => {
  const base = { today: '2026-12-05', championTrainingDays: ['2026-12-03', '2026-12-04'], windowDays: 7 };
  it.each([
    [{}, true],
    [{ championTrainingDays: [] }, false], // a reference-trained champion: calm days never adapt
    [{ championTrainingDays: ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'] }, false], // a full window seen
    [{ championTrainingDays: ['2026-11-20'] }, false], // an old fine-tune: not this drift's
    [{ championTrainingDays: ['2026-12-05'] }, false], // trained on today already
  ])('%j → %p', (over, expected) => {
    expect(shouldAdapt({ ...base, ...over })).toBe(expected);
  });
});
