import { attemptPlan, daysBetween, judgeAttempt, ladderFor, recencyWeights, windowStart } from './attempt-ladder';
import type { PairedAucDifference } from '@loan/stats';
import type { PairedF1Bootstrap } from './f1-bootstrap';

const auc = (difference: number, se: number, pValue: number): PairedAucDifference => ({
  difference,
  se,
  pValue,
  aucA: 0.7 + difference,
  aucB: 0.7,
  positives: 100,
  negatives: 400,
});
const f1 = (difference: number, lower: number): PairedF1Bootstrap => ({
  difference,
  f1A: 0.5 + difference,
  f1B: 0.5,
  lower,
  upper: difference + (difference - lower),
  se: 0.02,
  resamples: 1000,
  alpha: 0.05,
});

describe('attempt ladder', () => {
  it.each([
    [{ aucDecayed: false }, ['recalibrate', 'head', 'full', 'scratch']],
    [{ aucDecayed: true }, ['head', 'full', 'scratch']],
    [{ aucDecayed: false, forced: true }, ['head', 'full', 'scratch']],
    [{ aucDecayed: false, adapting: true }, ['full']],
  ])('evidence %j climbs %j', (evidence, rungs) => {
    expect(ladderFor(evidence)).toEqual(rungs);
  });

  it.each([
    [1, false, 'recalibrate', true],
    [2, false, 'head', true],
    [3, false, 'full', false],
    [4, false, 'scratch', false],
    [6, false, 'scratch', false],
    [1, true, 'head', true],
    [2, true, 'full', false],
    [3, true, 'scratch', false],
  ])('attempt %p (AUC decayed: %p) → %s, encoder frozen %p', (attempt, aucDecayed, rung, frozen) => {
    const plan = attemptPlan(attempt, { aucDecayed });
    expect(plan.rung).toBe(rung);
    expect(plan.freezeEncoder).toBe(frozen);
    if (rung !== 'recalibrate') expect(plan.maxEpochs).toBeGreaterThan(0);
  });

  it('gives repeated top rungs their own seeds and refuses attempt 0', () => {
    expect(new Set([4, 5, 6].map((a) => attemptPlan(a, { aucDecayed: false }).seed)).size).toBe(3);
    expect(() => attemptPlan(0, { aucDecayed: false })).toThrow(RangeError);
  });
});

describe('recency weights', () => {
  it('halves every half-life, today weighing 1', () => {
    const w = recencyWeights(['2026-11-23', '2026-11-22', '2026-11-21', '2026-11-17'], '2026-11-23', 2);
    expect(w[0]).toBe(1);
    expect(w[1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(w[2]).toBeCloseTo(0.5, 12);
    expect(w[3]).toBeCloseTo(0.125, 12);
  });

  it('counts calendar days across a month end and refuses future days or a zero half-life', () => {
    expect(daysBetween('2026-10-30', '2026-11-02')).toBe(3);
    expect(() => recencyWeights(['2026-11-24'], '2026-11-23', 2)).toThrow(/after/);
    expect(() => recencyWeights(['2026-11-23'], '2026-11-23', 0)).toThrow(/halfLifeDays/);
  });
});

describe('window start', () => {
  const days = ['2026-11-23', '2026-11-22', '2026-11-21', '2026-11-20', '2026-11-19'];
  it.each([
    [[], '2026-11-19'],
    [['2026-11-23'], '2026-11-23'],
    [['2026-11-23', '2026-11-22', '2026-11-21'], '2026-11-21'],
    [['2026-11-23', '2026-11-21', '2026-11-20'], '2026-11-23'],
    [['2026-11-22', '2026-11-21'], '2026-11-19'],
    [days, '2026-11-19'],
  ])('retrain days %j → starts %s', (retrain, start) => {
    expect(windowStart(days, new Set(retrain))).toBe(start);
  });
});

describe('judgeAttempt', () => {
  it.each([
    [auc(0.03, 0.01, 0.001), false, true],
    [auc(0.01, 0.01, 0.16), false, false],
    [auc(-0.02, 0.01, 0.98), false, false],
    [auc(0.02, 0.01, 0.05), false, false],
    [auc(-0.02, 0.01, 0.98), true, true],
  ])('model rung, paired DeLong %j, forced %p → success %p', (delong, forced, success) => {
    const j = judgeAttempt({ rung: 'full', alpha: 0.05, forced, auc: delong });
    expect(j).toMatchObject({ success, statistic: 'delong-auc', difference: delong.difference, se: delong.se, pValue: delong.pValue, lowerBound: null });
  });

  it.each([
    [f1(0.05, 0.01), false, true],
    [f1(0.03, -0.01), false, false],
    [f1(0.02, 0), false, false],
    [f1(-0.04, -0.08), true, true],
  ])('recalibration, F1 bootstrap %j, forced %p → success %p', (boot, forced, success) => {
    const j = judgeAttempt({ rung: 'recalibrate', alpha: 0.05, forced, f1: boot });
    expect(j).toMatchObject({ success, statistic: 'bootstrap-f1', difference: boot.difference, lowerBound: boot.lower, pValue: null });
    expect(j.because).toMatch(success && !forced ? /^better/ : forced ? /forced/ : /^not better/);
  });
});
