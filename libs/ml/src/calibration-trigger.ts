// The second way a day can call for fine-tuning: the champion's probabilities no longer match the
// default rate they predict. ROC-AUC (decay-trigger.ts) sees a worse ranking; a concept shift can leave
// the ranking on the loop's rows nearly as it was while the relation's level moves (in recession-concept
// the champion's AUC on evaluation rows stayed at 0.73–0.74, and the defaults rose from 22% to 31% where
// it predicted no change). The statistic is the calibration offset: the δ that makes
// Σ σ(logit pᵢ + δ) = Σ yᵢ on the day's rows, with SE 1/√(Σ qᵢ(1 − qᵢ)) (the intercept's Fisher
// information). A model trained with balanced class weights has δ ≈ log(π/(1 − π)) on its own
// distribution; what the version scored there is its expected δ (metrics `expectedCalibrationOffset`,
// `expectedCalibrationOffsetSe`). The test is two-sided, beyond a margin for the synthetic world's
// realism gap, at the decay test's α:
//   z = (|δ_day − δ_expected| − margin) / √(se_day² + se_expected²),  retrain when z > z_(1−α).
import { normalQuantile } from '@loan/stats';
import type { Labels, Scores } from './metrics';

export interface CalibrationOffset {
  offset: number;
  se: number;
}

export interface CalibrationTest {
  statistic: 'calibration_offset';
  value: number;
  se: number;
  expected: number;
  expectedSe: number;
  margin: number;
  alpha: number;
  z: number;
  critical: number;
  shifted: boolean;
}

const clampLogit = (p: number): number => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};

/** δ with Σ σ(logit pᵢ + δ) = Σ yᵢ (Newton's method on a convex problem), and its SE. Needs both classes. */
export function calibrationOffset(labels: Labels, probabilities: Scores): CalibrationOffset {
  const n = labels.length;
  if (n !== probabilities.length) throw new RangeError(`${n} labels for ${probabilities.length} probabilities`);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  if (positives === 0 || positives === n) throw new RangeError('calibrationOffset needs both classes');
  const logits = Float64Array.from({ length: n }, (_, i) => clampLogit(probabilities[i]));
  let offset = 0;
  let information = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let excess = -positives;
    information = 0;
    for (let i = 0; i < n; i++) {
      const q = 1 / (1 + Math.exp(-(logits[i] + offset)));
      excess += q;
      information += q * (1 - q);
    }
    const step = excess / information;
    offset -= step;
    if (Math.abs(step) < 1e-10) break;
  }
  return { offset, se: 1 / Math.sqrt(information) };
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A version's expected calibration offset, or null when it stored none (the test then does not run). */
export function expectedCalibrationOf(metrics: Readonly<Record<string, number | undefined>>): CalibrationOffset | null {
  const offset = metrics['expectedCalibrationOffset'];
  const se = metrics['expectedCalibrationOffsetSe'];
  return finite(offset) && finite(se) && se >= 0 ? { offset, se } : null;
}

export function testCalibrationShift(labels: Labels, probabilities: Scores, expected: CalibrationOffset, options: { alpha: number; margin: number }): CalibrationTest {
  if (!(options.alpha > 0 && options.alpha < 0.5)) throw new RangeError('alpha must be in (0, 0.5)');
  if (!(options.margin >= 0)) throw new RangeError('margin must be ≥ 0');
  const day = calibrationOffset(labels, probabilities);
  const se = Math.sqrt(day.se * day.se + expected.se * expected.se);
  const excess = Math.abs(day.offset - expected.offset) - options.margin;
  const critical = normalQuantile(1 - options.alpha);
  const z = se > 0 ? excess / se : excess > 0 ? Infinity : -Infinity;
  return {
    statistic: 'calibration_offset',
    value: day.offset,
    se: day.se,
    expected: expected.offset,
    expectedSe: expected.se,
    margin: options.margin,
    alpha: options.alpha,
    z,
    critical,
    shifted: z > critical,
  };
}
