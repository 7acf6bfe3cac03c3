import { calibrationOffset, expectedCalibrationOf, testCalibrationShift } from './calibration-trigger';
import { decideAfterEvaluation, episodeContinues } from './decay-trigger';
import { Prng } from './prng';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Rows from a world where P(default | x) = σ(x + shift), scored by a model that says σ(x + bias): the
 * model's offset is then shift − bias, the calibration test's whole subject.
 */
function day(n: number, shift: number, bias: number, rng: Prng): { labels: number[]; probs: number[] } {
  const labels: number[] = [];
  const probs: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.normal() * 1.2 - 1.2;
    labels.push(rng.next() < sigmoid(x + shift) ? 1 : 0);
    probs.push(sigmoid(x + bias));
  }
  return { labels, probs };
}

describe('calibrationOffset', () => {
  it('recovers the log-odds shift between the world and the model, with an honest SE', () => {
    const rng = new Prng(1);
    const estimates: number[] = [];
    let se = 0;
    for (let k = 0; k < 200; k++) {
      const { labels, probs } = day(500, -0.5, 0.8, rng);
      const o = calibrationOffset(labels, probs);
      estimates.push(o.offset);
      se += o.se / 200;
    }
    const mean = estimates.reduce((a, b) => a + b, 0) / estimates.length;
    const sd = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / (estimates.length - 1));
    // True offset −1.3; the mean of 200 estimates within 4 standard errors of it, and the SE within 15% of the spread.
    expect(Math.abs(mean - -1.3)).toBeLessThan((4 * sd) / Math.sqrt(200));
    expect(se / sd).toBeGreaterThan(0.85);
    expect(se / sd).toBeLessThan(1.15);
  });

  it('is exactly the offset that makes predicted and observed defaults agree', () => {
    const { labels, probs } = day(300, 0.3, -0.4, new Prng(2));
    const { offset } = calibrationOffset(labels, probs);
    const predicted = probs.reduce((s, p) => s + sigmoid(Math.log(p / (1 - p)) + offset), 0);
    expect(predicted).toBeCloseTo(labels.reduce((s, y) => s + y, 0), 6);
  });

  it('refuses a day with one class', () => {
    expect(() => calibrationOffset([0, 0, 0], [0.1, 0.2, 0.3])).toThrow(/both classes/);
  });
});

describe('testCalibrationShift', () => {
  const expected = { offset: -1.27, se: 0.04 };
  const options = { alpha: 0.01, margin: 0.15 };

  it('stays quiet on days of the reference world (false alarms near alpha) and within the margin', () => {
    const rng = new Prng(3);
    let alarms = 0;
    for (let k = 0; k < 400; k++) {
      // The world sits 0.1 from the expectation: inside the margin.
      const { labels, probs } = day(500, -0.5 + 0.1, -0.5 + 1.27, rng);
      if (testCalibrationShift(labels, probs, expected, options).shifted) alarms++;
    }
    // alpha = 1% is the rate at the margin's edge; inside it the rate is lower. 400 days: at most ~2% by chance.
    expect(alarms / 400).toBeLessThan(0.02);
  });

  it('fires on most days once the default level moves well beyond the margin, either way', () => {
    const rng = new Prng(4);
    for (const move of [0.6, -0.6]) {
      let fired = 0;
      for (let k = 0; k < 100; k++) {
        const { labels, probs } = day(500, -0.5 + move, -0.5 + 1.27, rng);
        const t = testCalibrationShift(labels, probs, expected, options);
        if (t.shifted) fired++;
        expect(t.critical).toBeCloseTo(2.326, 3);
      }
      expect(fired).toBeGreaterThan(70);
    }
  });

  it('reads the expectation from version metrics, or none', () => {
    expect(expectedCalibrationOf({ expectedCalibrationOffset: -1.2, expectedCalibrationOffsetSe: 0.05 })).toEqual({ offset: -1.2, se: 0.05 });
    expect(expectedCalibrationOf({ expectedRocAuc: 0.78 })).toBeNull();
  });

  it('retrains the day it fires, beside the decay test', () => {
    const { labels, probs } = day(500, 0.6, -0.5 + 1.27, new Prng(5));
    const calibration = testCalibrationShift(labels, probs, expected, options);
    expect(calibration.shifted).toBe(true);
    expect(decideAfterEvaluation({ decay: null, calibration, f1: 0.5 })).toEqual({ decision: 'retrain', triggers: ['calibration'] });
    expect(decideAfterEvaluation({ decay: null, calibration: { ...calibration, shifted: false }, f1: 0.5 })).toEqual({ decision: 'ok', triggers: [] });
  });
});

describe('episodeContinues', () => {
  const base = { today: '2026-12-14', windowDays: 7 };

  it('keeps an episode open while a test fired within the window and today still points the same way', () => {
    expect(episodeContinues({ ...base, recentTriggerDays: ['2026-12-11'], z: 1.6 })).toBe(true);
    expect(episodeContinues({ ...base, recentTriggerDays: ['2026-12-13'], z: 1.01 })).toBe(true);
  });

  it('lets it go when today’s evidence is weak, none ran, or the trigger is older than the window', () => {
    expect(episodeContinues({ ...base, recentTriggerDays: ['2026-12-11'], z: 0.9 })).toBe(false);
    expect(episodeContinues({ ...base, recentTriggerDays: ['2026-12-11'], z: null })).toBe(false);
    expect(episodeContinues({ ...base, recentTriggerDays: ['2026-12-07'], z: 3 })).toBe(false);
    // Calm days: no test fired, no episode.
    expect(episodeContinues({ ...base, recentTriggerDays: [], z: 2 })).toBe(false);
    // Today's own trigger does not count as an earlier one.
    expect(episodeContinues({ ...base, recentTriggerDays: ['2026-12-14'], z: 2 })).toBe(false);
  });

  it('turns into one adapt run when no test fired today', () => {
    expect(decideAfterEvaluation({ decay: null, calibration: null, f1: 0.5, adapt: true })).toEqual({ decision: 'retrain', triggers: ['adapt'] });
  });
});
